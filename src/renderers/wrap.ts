import LineBreaker from 'linebreak';
import stringWidth from 'string-width';

/** Splits text into pieces that may end a line (UAX #14); each piece keeps its trailing spaces. */
export function breakOpportunities(text: string): string[] {
  const breaker = new LineBreaker(text);
  const pieces: string[] = [];
  let last = 0;
  for (let next = breaker.nextBreak(); next; next = breaker.nextBreak()) {
    pieces.push(text.slice(last, next.position));
    last = next.position;
  }
  return pieces;
}

const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/**
 * A character that may make a grapheme cluster of more than one UTF-16 unit: a mark or other extender
 * (with the Thai and Lao AM and the halfwidth sound marks, which extend without being marks),
 * a joiner, a variation selector, a surrogate (emoji, modifiers, regional indicators), CR (of CR LF),
 * a Hangul jamo, or a prepended concatenation mark.
 */
const joiningCharacter =
  // biome-ignore lint/suspicious/noMisleadingCharacterClass: it tests one character at a time, and joining characters are what it looks for.
  /[\p{M}\u200d\u0e33\u0eb3\uff9e\uff9f\u200c\ufe00-\ufe0f\ud800-\udfff\u{10000}-\u{10ffff}\r\u1100-\u11ff\ua960-\ua97f\ud7b0-\ud7ff\u0600-\u0605\u06dd\u070f\u0890\u0891\u08e2]/u;

/** A chunk is only cut between two characters that join nothing: no cluster can span the cut. */
function continuesCluster(text: string, index: number): boolean {
  return joiningCharacter.test(text[index - 1] ?? '') || joiningCharacter.test(text[index] ?? '');
}

/**
 * The grapheme clusters of a text. V8's segmenter takes time quadratic in the
 * length of the string it is given (a 100,000-character token took 8 s), so
 * long texts are segmented in chunks cut where no cluster can continue.
 */
export function* graphemesOf(text: string, chunk = 1024): Generator<string> {
  // Most text has no character that joins another into one cluster: each UTF-16 unit is a grapheme,
  // and asking the segmenter cost a PDF a fifth of its time.
  if (!joiningCharacter.test(text)) {
    yield* text;
    return;
  }
  let start = 0;
  while (start < text.length) {
    let end = Math.min(text.length, start + chunk);
    while (end < text.length && continuesCluster(text, end)) end++;
    for (const { segment } of segmenter.segment(text.slice(start, end))) yield segment;
    start = end;
  }
}

/** Characters one column wide that never join a neighbour: printable ASCII and Latin-1, Latin and IPA letters, typographic punctuation. */
const narrowAlone = /^[\x20-\x7e\xa0-\xac\xae-\u02ff\u2010-\u2027\u2030-\u205e]*$/;

/** Display width of text: text of narrow characters alone is a column a character, without string-width's grapheme segmentation. */
export function displayWidth(text: string): number {
  return narrowAlone.test(text) ? text.length : stringWidth(text);
}

/**
 * Greedy wrapping by display width (wide East Asian characters count two,
 * combining marks zero). A piece is only split when it alone is wider than the line.
 */
export function wrapText(text: string, width: number): string[] {
  const lines: string[] = [];
  for (const paragraphLine of text.split('\n')) {
    // Widths add up piece by piece (a break opportunity never falls inside a grapheme), so each piece is measured once.
    let line = '';
    let lineWidth = 0;
    let trimmedWidth = 0;
    for (const piece of breakOpportunities(paragraphLine)) {
      const pieceWidth = displayWidth(piece);
      const pieceTrimmedWidth = displayWidth(piece.trimEnd());
      const candidateWidth = piece.trim() === '' ? trimmedWidth : lineWidth + pieceTrimmedWidth;
      if (candidateWidth <= width) {
        line += piece;
        trimmedWidth = candidateWidth;
        lineWidth += pieceWidth;
        continue;
      }
      if (line.trim() !== '') lines.push(line.trimEnd());
      line = '';
      lineWidth = 0;
      trimmedWidth = 0;
      if (pieceTrimmedWidth <= width) {
        line = piece;
        lineWidth = pieceWidth;
        trimmedWidth = pieceTrimmedWidth;
        continue;
      }
      // Only a piece wider than the whole line is cut, between graphemes, measured one by one so a huge token costs linear time.
      let used = 0;
      for (const segment of graphemesOf(piece)) {
        const segmentWidth = /^\s+$/.test(segment) ? 0 : displayWidth(segment);
        if (used + segmentWidth > width && line !== '') {
          lines.push(line.trimEnd());
          line = '';
          used = 0;
        }
        line += segment;
        used += segmentWidth;
      }
      lineWidth = displayWidth(line);
      trimmedWidth = displayWidth(line.trimEnd());
    }
    lines.push(line.trimEnd());
  }
  return lines;
}

/** Sets `marker` before the first line and indents the rest by its width (a hanging indent). */
export function hang(marker: string, lines: string[], width: number): string[] {
  const indent = ' '.repeat(displayWidth(marker));
  const source = lines.length > 0 ? lines : [''];
  const flowed = source.length === 1 && displayWidth(marker + source[0]) > width ? wrapText(source[0] ?? '', width - indent.length) : source;
  return flowed.map((line, index) => (index === 0 ? marker + line : line ? indent + line : '').trimEnd());
}
