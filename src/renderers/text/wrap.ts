import { breakOpportunities, graphemesOf } from '../common/segments.js';
import { displayWidth } from '../common/width.js';

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
    const pieces = addressesWhole(paragraphLine, breakOpportunities(paragraphLine));
    for (let index = 0; index < pieces.length; index++) {
      const piece = pieces[index] ?? '';
      const pieceWidth = displayWidth(piece);
      // A piece ending at a soft hyphen may end the line with a hyphen: it needs that column too.
      const pieceTrimmedWidth = displayWidth(piece.trimEnd()) + (piece.endsWith(softHyphen) ? 1 : 0);
      const candidateWidth = piece.trim() === '' ? trimmedWidth : lineWidth + pieceTrimmedWidth;
      if (candidateWidth <= width) {
        line += piece;
        trimmedWidth = candidateWidth;
        lineWidth += pieceWidth;
        continue;
      }
      // UAX #14 keeps a space with a `.` or `/` after it (`includes .isGlobal, .depth, …`): a piece wider than the
      // line breaks at its own spaces before it is cut between graphemes.
      const words = pieceTrimmedWidth > width ? piece.split(/(?<=\s)(?=\S)/) : [];
      if (words.length > 1) {
        pieces.splice(index, 1, ...words);
        index--;
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
      // An address stays whole on a line of its own, however long: a reader copies it, and a mail client links it.
      if (webAddress.test(piece)) {
        lines.push(piece.trimEnd());
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
  return lines.map(withoutSoftHyphens);
}

const softHyphen = '\u00ad';

/** A web or mail address as plain text prints it. */
const webAddress = /(?:https?:\/\/|ftp:\/\/|mailto:|www\.)[^\s<>"]+/;

/**
 * The line's pieces, those inside one address joined: UAX #14 breaks after its `/`, `?` and `-`, and an address cut
 * across two lines was linked by mail clients and terminals up to the cut only.
 */
function addressesWhole(text: string, pieces: string[]): string[] {
  const addresses = [...text.matchAll(new RegExp(webAddress.source, 'g'))].map((match) => [match.index, match.index + match[0].length] as const);
  if (addresses.length === 0) return pieces;
  const joined: string[] = [];
  let offset = 0;
  let previousEnd = 0;
  for (const piece of pieces) {
    const start = offset;
    offset += piece.length;
    // A piece that starts inside an address joins the piece before it.
    const inside = addresses.some(([from, to]) => start > from && start < to);
    if (inside && joined.length > 0 && start === previousEnd) joined[joined.length - 1] += piece;
    else joined.push(piece);
    previousEnd = offset;
  }
  return joined;
}

/**
 * A line without the soft hyphens of its words (plain text has no way to hide them: some viewers showed a hyphen
 * mid-word, others nothing where a line broke), and a hyphen where it breaks at one.
 */
function withoutSoftHyphens(line: string): string {
  if (!line.includes(softHyphen)) return line;
  return line.replace(/\u00ad$/, '-').replaceAll(softHyphen, '');
}

/** Sets `marker` before the first line and indents the rest by its width (a hanging indent). */
export function hang(marker: string, lines: string[], width: number): string[] {
  const indent = ' '.repeat(displayWidth(marker));
  const source = lines.length > 0 ? lines : [''];
  const flowed = source.length === 1 && displayWidth(marker + source[0]) > width ? wrapText(source[0] ?? '', width - indent.length) : source;
  return flowed.map((line, index) => (index === 0 ? marker + line : line ? indent + line : '').trimEnd());
}
