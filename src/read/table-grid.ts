import type { Element, Root } from 'hast';
import { visit } from 'unist-util-visit';

/** A cell placed on its table's grid (the HTML table model). */
interface PlacedCell {
  readonly cell: Element;
  readonly rows: readonly [first: number, last: number];
  readonly columns: readonly [first: number, last: number];
}

const isElement = (node: Root['children'][number], ...tagNames: string[]): node is Element => node.type === 'element' && tagNames.includes(node.tagName);

/** A span attribute as a whole number of at least `min`, or `fallback`. */
function span(value: unknown, min: number, fallback: number): number {
  const number = Number(value);
  return Number.isInteger(number) && number >= min ? number : fallback;
}

/**
 * Raw HTML tables whose spans leave a row or a column of the grid with no cell
 * beginning in it (an empty `<tr></tr>` under cells with `rowspan="2"`, cells
 * that all span two columns) are invalid HTML and EPUB. Such a row goes, and
 * so does such a column: the cells spanning them span one fewer. The grid's
 * shape and every cell's words stay.
 */
export function tableGrid() {
  return (tree: Root) => {
    visit(tree, 'element', (table) => {
      if (table.tagName !== 'table') return;
      const groups = table.children.some((child) => isElement(child, 'tr'))
        ? [table]
        : table.children.filter((child): child is Element => isElement(child, 'thead', 'tbody', 'tfoot'));
      const placed: PlacedCell[] = [];
      let rowOffset = 0;
      const emptyRows = new Set<number>();
      for (const group of groups) {
        const rows = group.children.filter((child): child is Element => isElement(child, 'tr'));
        const taken: Set<number>[] = rows.map(() => new Set());
        rows.forEach((row, rowIndex) => {
          let column = 0;
          let starts = 0;
          for (const cell of row.children) {
            if (!isElement(cell, 'td', 'th')) continue;
            while (taken[rowIndex]?.has(column)) column++;
            const columns = span(cell.properties.colSpan, 1, 1);
            // rowspan="0" reaches the end of the row group; no span goes past it.
            const rowsSpanned = Math.min(span(cell.properties.rowSpan, 0, 1) || rows.length, rows.length - rowIndex);
            for (let row = rowIndex; row < rowIndex + rowsSpanned; row++)
              for (let spanned = column; spanned < column + columns; spanned++) taken[row]?.add(spanned);
            placed.push({ cell, rows: [rowOffset + rowIndex, rowOffset + rowIndex + rowsSpanned - 1], columns: [column, column + columns - 1] });
            column += columns;
            starts++;
          }
          if (starts === 0) emptyRows.add(rowOffset + rowIndex);
        });
        if (emptyRows.size > 0) {
          let rowIndex = 0;
          const offset = rowOffset;
          group.children = group.children.filter((child) => !isElement(child, 'tr') || !emptyRows.has(offset + rowIndex++));
        }
        rowOffset += rows.length;
      }
      const starting = new Set(placed.map((cell) => cell.columns[0]));
      const width = Math.max(0, ...placed.map((cell) => cell.columns[1] + 1));
      const emptyColumns = new Set(Array.from({ length: width }, (_, column) => column).filter((column) => !starting.has(column)));
      if (emptyRows.size === 0 && emptyColumns.size === 0) return;
      const inside = (set: ReadonlySet<number>, [first, last]: readonly [number, number]) => [...set].filter((index) => index >= first && index <= last).length;
      for (const { cell, rows, columns } of placed) {
        const rowSpan = rows[1] - rows[0] + 1 - inside(emptyRows, rows);
        const colSpan = columns[1] - columns[0] + 1 - inside(emptyColumns, columns);
        cell.properties.rowSpan = rowSpan > 1 ? rowSpan : undefined;
        cell.properties.colSpan = colSpan > 1 ? colSpan : undefined;
      }
    });
  };
}
