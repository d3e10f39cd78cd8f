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

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

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
      const pieceWidth = stringWidth(piece);
      const pieceTrimmedWidth = stringWidth(piece.trimEnd());
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
      // Only a piece wider than the whole line is cut, between graphemes.
      for (const { segment } of graphemes.segment(piece)) {
        if (stringWidth((line + segment).trimEnd()) > width) {
          lines.push(line.trimEnd());
          line = '';
        }
        line += segment;
      }
      lineWidth = stringWidth(line);
      trimmedWidth = stringWidth(line.trimEnd());
    }
    lines.push(line.trimEnd());
  }
  return lines;
}

/** Sets `marker` before the first line and indents the rest by its width (a hanging indent). */
export function hang(marker: string, lines: string[], width: number): string[] {
  const indent = ' '.repeat(stringWidth(marker));
  const source = lines.length > 0 ? lines : [''];
  const flowed = source.length === 1 && stringWidth(marker + source[0]) > width ? wrapText(source[0] ?? '', width - indent.length) : source;
  return flowed.map((line, index) => (index === 0 ? marker + line : line ? indent + line : '').trimEnd());
}
