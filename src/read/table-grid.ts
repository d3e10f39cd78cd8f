import type { Element, Root } from 'hast';
import { visit } from 'unist-util-visit';

/** A cell placed on its table's grid (the HTML table model), its rows counted across the row groups. */
export interface PlacedCell {
  readonly cell: Element;
  readonly rows: readonly [first: number, last: number];
  readonly columns: readonly [first: number, last: number];
}

/** A table's rows in order, each with the row group that holds it (the table itself when rows are its children). */
interface GroupedRow {
  readonly row: Element;
  readonly group: Element;
}

const isElement = (node: Root['children'][number], ...tagNames: string[]): node is Element => node.type === 'element' && tagNames.includes(node.tagName);

/** A span attribute as a whole number of at least `min`, or `fallback`. */
function span(value: unknown, min: number, fallback: number): number {
  const number = Number(value);
  return Number.isInteger(number) && number >= min ? number : fallback;
}

/** Every cell of a table placed on its grid, in document order, by the HTML table model's rules for spans. */
export function placeCells(table: Element): { rows: GroupedRow[]; cells: PlacedCell[] } {
  const groups = table.children.some((child) => isElement(child, 'tr'))
    ? [table]
    : table.children.filter((child): child is Element => isElement(child, 'thead', 'tbody', 'tfoot'));
  const grouped: GroupedRow[] = [];
  const cells: PlacedCell[] = [];
  for (const group of groups) {
    const rowOffset = grouped.length;
    const rows = group.children.filter((child): child is Element => isElement(child, 'tr'));
    const taken: Set<number>[] = rows.map(() => new Set());
    rows.forEach((row, rowIndex) => {
      grouped.push({ row, group });
      let column = 0;
      for (const cell of row.children) {
        if (!isElement(cell, 'td', 'th')) continue;
        while (taken[rowIndex]?.has(column)) column++;
        const columns = span(cell.properties.colSpan, 1, 1);
        // rowspan="0" reaches the end of the row group; no span goes past it.
        const rowsSpanned = Math.min(span(cell.properties.rowSpan, 0, 1) || rows.length, rows.length - rowIndex);
        for (let spannedRow = rowIndex; spannedRow < rowIndex + rowsSpanned; spannedRow++)
          for (let spanned = column; spanned < column + columns; spanned++) taken[spannedRow]?.add(spanned);
        cells.push({ cell, rows: [rowOffset + rowIndex, rowOffset + rowIndex + rowsSpanned - 1], columns: [column, column + columns - 1] });
        column += columns;
      }
    });
  }
  return { rows: grouped, cells };
}

/**
 * Raw HTML tables whose spans leave a row or a column of the grid with no cell
 * beginning in it (an empty `<tr></tr>` under cells with `rowspan="2"`, cells
 * that all span two columns) are invalid HTML and EPUB. Such a row goes, and
 * so does such a column: the cells spanning them span one fewer. The grid's
 * shape and every cell's words stay. Short rows are filled (`fillShortRows`).
 */
export function tableGrid() {
  return (tree: Root) => {
    visit(tree, 'element', (table) => {
      if (table.tagName !== 'table') return;
      const { rows, cells } = placeCells(table);
      const startingRows = new Set(cells.map((cell) => cell.rows[0]));
      const emptyRows = new Set(rows.map((_, index) => index).filter((index) => !startingRows.has(index)));
      const startingColumns = new Set(cells.map((cell) => cell.columns[0]));
      const width = Math.max(0, ...cells.map((cell) => cell.columns[1] + 1));
      const emptyColumns = new Set(Array.from({ length: width }, (_, column) => column).filter((column) => !startingColumns.has(column)));
      if (emptyRows.size > 0 || emptyColumns.size > 0) dropEmptyLines(rows, cells, emptyRows, emptyColumns);
      fillShortRows(table);
    });
  };
}

/** Removes the rows and columns no cell begins in; the cells spanning them span one fewer. */
function dropEmptyLines(rows: GroupedRow[], cells: PlacedCell[], emptyRows: ReadonlySet<number>, emptyColumns: ReadonlySet<number>): void {
  const removed = new Set([...emptyRows].map((index) => rows[index]?.row));
  for (const group of new Set(rows.map((row) => row.group)))
    group.children = group.children.filter((child) => !(child.type === 'element' && removed.has(child)));
  const inside = (set: ReadonlySet<number>, [first, last]: readonly [number, number]) => [...set].filter((index) => index >= first && index <= last).length;
  for (const { cell, rows: spannedRows, columns } of cells) {
    const rowSpan = spannedRows[1] - spannedRows[0] + 1 - inside(emptyRows, spannedRows);
    const colSpan = columns[1] - columns[0] + 1 - inside(emptyColumns, columns);
    cell.properties.rowSpan = rowSpan > 1 ? rowSpan : undefined;
    cell.properties.colSpan = colSpan > 1 ? colSpan : undefined;
  }
}

/**
 * A row whose cells (with those spanning down into it) cover fewer columns than
 * the table has ends in empty cells: HTML allows it, but the Nu checker warns, and
 * PDF/UA wants every row to fill the table (09-004).
 */
function fillShortRows(table: Element): void {
  const { rows, cells } = placeCells(table);
  const width = Math.max(0, ...cells.map((cell) => cell.columns[1] + 1));
  rows.forEach(({ row }, index) => {
    const covered = cells
      .filter((cell) => cell.rows[0] <= index && index <= cell.rows[1])
      .reduce((sum, cell) => sum + cell.columns[1] - cell.columns[0] + 1, 0);
    for (let missing = width - covered; missing > 0; missing--) row.children.push({ type: 'element', tagName: 'td', properties: {}, children: [] });
  });
}
