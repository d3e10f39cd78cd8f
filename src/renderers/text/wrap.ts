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
    const pieces = breakOpportunities(paragraphLine);
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
