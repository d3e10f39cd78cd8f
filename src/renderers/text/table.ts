import type { Element } from 'hast';
import stringWidth from 'string-width';
import { hang, wrapText } from './wrap.js';

export type Alignment = 'left' | 'right' | 'center';

/** A cell's alignment, as the article tree carries it (`style="text-align: right"`): left unless it says otherwise. */
export function alignment(cell: Element | undefined): Alignment {
  const align = /text-align:\s*(right|center)/.exec(String(cell?.properties.style ?? ''))?.[1];
  return align === 'right' || align === 'center' ? align : 'left';
}

/** Pads a cell to its column's display width, on the side its alignment says. */
function pad(cell: string, cellWidth: number, align: Alignment): string {
  const room = Math.max(0, cellWidth - stringWidth(cell));
  if (align === 'right') return ' '.repeat(room) + cell;
  if (align === 'center') return ' '.repeat(Math.floor(room / 2)) + cell + ' '.repeat(Math.ceil(room / 2));
  return cell + ' '.repeat(room);
}

/**
 * A table as aligned columns by display width, the first row its header; a
 * table too wide for columns becomes the header row, then one record per row
 * with each cell labelled by its header.
 */
export function setTable(rows: readonly string[][], aligns: readonly Alignment[], width: number): string[] {
  const [first = [], ...body] = rows;
  // A Markdown table always has a header row; a headerless one leaves it empty.
  const header = first.some((cell) => cell !== '') ? first : undefined;
  const shown = header ? [header, ...body] : body;
  const columns = Math.max(0, ...shown.map((row) => row.length));
  const widths = Array.from({ length: columns }, (_, column) => Math.max(1, ...shown.map((row) => stringWidth(row[column] ?? ''))));
  const total = widths.reduce((sum, cellWidth) => sum + cellWidth, 0) + 2 * (columns - 1);
  if (total > width) {
    const headerLines = header ? wrapText(header.join(' | '), width) : [];
    const records = body.map((row) =>
      row.flatMap((cell, column) => {
        const label = header?.[column] ? `${header[column]}: ` : '';
        // A label wider than half the line would leave its value a sliver of a column: the value goes under it instead.
        if (stringWidth(label) > width / 2) return [...wrapText(label.trimEnd(), width), ...wrapText(cell, width - 2).map((line) => `  ${line}`)];
        return hang(label, wrapText(cell, width - stringWidth(label)), width);
      }),
    );
    return [
      ...headerLines,
      ...(header ? ['-'.repeat(Math.max(...headerLines.map((line) => stringWidth(line))))] : []),
      ...records.flatMap((record) => ['', ...record]),
    ];
  }
  const line = (row: string[]) =>
    row
      .map((cell, column) => pad(cell, widths[column] ?? 0, aligns[column] ?? 'left'))
      .join('  ')
      .trimEnd();
  const rule = widths.map((cellWidth) => '-'.repeat(cellWidth)).join('  ');
  return header ? [line(header), rule, ...body.map(line)] : [rule, ...body.map(line), rule];
}
