import stringWidth from 'string-width';
import type { PlacedCell } from '../../read/table-grid.js';
import type { Alignment } from '../common/hast.js';
import { columnsSpanned, columnWidths, spanWidth } from '../common/table-columns.js';
import { hang, wrapText } from './wrap.js';

/** A cell as the text edition sets it: its words on one line, where it sits on the table's grid. */
export interface TextCell extends Omit<PlacedCell, 'cell'> {
  readonly text: string;
  /** A `th`: rows of them alone, at the top, are the table's header. */
  readonly header: boolean;
  readonly align: Alignment;
}

/** Pads a cell to its display width, on the side its alignment says. */
function pad(cell: string, cellWidth: number, align: Alignment): string {
  const room = Math.max(0, cellWidth - stringWidth(cell));
  if (align === 'right') return ' '.repeat(room) + cell;
  if (align === 'center') return ' '.repeat(Math.floor(room / 2)) + cell + ' '.repeat(Math.ceil(room / 2));
  return cell + ' '.repeat(room);
}

/** Spaces between columns. */
const gap = 2;

/**
 * A table as aligned columns by display width: a spanning cell is set across
 * its columns and the gaps between them, a cell spanning rows in its first
 * row, leaving its columns blank below. The header is the rows at the top whose
 * cells are all `th`; a table without one is set between two rules. A table too
 * wide for columns becomes its header, then one record per row with each cell
 * labelled by the header cells over its columns, or, in a table without a
 * header, by the row header that opens its row.
 */
export function setTable(cells: readonly TextCell[], width: number): string[] {
  const rowCount = Math.max(0, ...cells.map((cell) => cell.rows[1] + 1));
  const columnCount = Math.max(0, ...cells.map((cell) => cell.columns[1] + 1));
  const byRow = new Map<number, TextCell[]>();
  for (const cell of cells) {
    const row = byRow.get(cell.rows[0]);
    if (row) row.push(cell);
    else byRow.set(cell.rows[0], [cell]);
  }
  const startingIn = (row: number) => byRow.get(row) ?? [];
  let headerRows = 0;
  while (headerRows < rowCount && startingIn(headerRows).length > 0 && startingIn(headerRows).every((cell) => cell.header)) headerRows++;
  // A Markdown table always has a header row; a headerless one leaves it empty, and it is not set.
  const header = cells.filter((cell) => cell.rows[0] < headerRows);
  const hasHeader = header.some((cell) => cell.text !== '');
  const firstBodyRow = hasHeader ? 0 : headerRows;
  const shown = cells.filter((cell) => cell.rows[0] >= firstBodyRow);
  const widths = columnWidths(
    shown.map((cell) => ({ columns: cell.columns, width: stringWidth(cell.text) })),
    columnCount,
    gap,
    1,
  );
  const total = widths.reduce((sum, cellWidth) => sum + cellWidth, 0) + gap * (columnCount - 1);
  const bodyRows = Array.from({ length: rowCount - headerRows }, (_, index) => headerRows + index);
  if (total > width) {
    const headerLines = hasHeader
      ? Array.from({ length: headerRows }, (_, row) => row).flatMap((row) =>
          wrapText(
            startingIn(row)
              .map((cell) => cell.text)
              .join(' | '),
            width,
          ),
        )
      : [];
    const labelOf = (cell: TextCell) =>
      header
        .filter((over) => over.text !== '' && over.columns[0] <= cell.columns[1] && over.columns[1] >= cell.columns[0])
        .map((over) => over.text)
        .join(' / ');
    const records = bodyRows.map((row) => {
      const [first, ...rest] = startingIn(row);
      // Without a header, a row header (a th opening a row of cells) labels the cells after it.
      const rowHeader = !hasHeader && first?.header && rest.length > 0 ? first.text : '';
      return (rowHeader ? rest : startingIn(row)).flatMap((cell) => {
        const labelText = labelOf(cell) || rowHeader;
        const label = labelText ? `${labelText}: ` : '';
        // A label wider than half the line would leave its value a sliver of a column: the value goes under it instead.
        if (stringWidth(label) > width / 2) return [...wrapText(label.trimEnd(), width), ...wrapText(cell.text, width - 2).map((line) => `  ${line}`)];
        return hang(label, wrapText(cell.text, width - stringWidth(label)), width);
      });
    });
    return [
      ...headerLines,
      ...(hasHeader ? ['-'.repeat(Math.max(...headerLines.map((line) => stringWidth(line))))] : []),
      ...records.flatMap((record) => ['', ...record]),
    ];
  }
  const line = (row: number) => {
    const starting = new Map(startingIn(row).map((cell) => [cell.columns[0], cell]));
    const parts: string[] = [];
    for (let column = 0; column < columnCount; ) {
      const cell = starting.get(column);
      // A column no cell begins in here is under a cell spanning rows from above: blank.
      parts.push(cell ? pad(cell.text, spanWidth(widths, cell, gap), cell.align) : ' '.repeat(widths[column] ?? 1));
      column += cell ? columnsSpanned(cell) : 1;
    }
    return parts.join(' '.repeat(gap)).trimEnd();
  };
  const rule = widths.map((cellWidth) => '-'.repeat(cellWidth)).join(' '.repeat(gap));
  const headerLines = Array.from({ length: headerRows }, (_, row) => line(row));
  return hasHeader ? [...headerLines, rule, ...bodyRows.map(line)] : [rule, ...bodyRows.map(line), rule];
}
