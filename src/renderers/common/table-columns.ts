import type { PlacedCell } from '../../read/table-grid.js';

/** A cell's place on its table's grid and the width its content asks for. */
export interface MeasuredCell extends Pick<PlacedCell, 'columns'> {
  readonly width: number;
}

/** How many columns a cell covers. */
export const columnsSpanned = (cell: Pick<PlacedCell, 'columns'>) => cell.columns[1] - cell.columns[0] + 1;

/** The width a cell spanning columns is set in: theirs and the gaps between them. */
export function spanWidth(widths: readonly number[], cell: Pick<PlacedCell, 'columns'>, gap: number): number {
  return widths.slice(cell.columns[0], cell.columns[1] + 1).reduce((sum, width) => sum + width, 0) + gap * (columnsSpanned(cell) - 1);
}

/**
 * Each column as wide as the widest cell alone in it (at least `min`), then
 * wider where a cell spanning it lacks room: what it lacks, in whole units, is
 * shared over its columns, the first ones taking the remainder. Narrower spans
 * come first, so a wide one shares out only what its columns still lack.
 */
export function columnWidths(cells: readonly MeasuredCell[], columnCount: number, gap: number, min: number): number[] {
  const widths = Array.from({ length: columnCount }, () => min);
  for (const cell of cells) if (columnsSpanned(cell) === 1) widths[cell.columns[0]] = Math.max(widths[cell.columns[0]] ?? min, cell.width);
  const spanning = cells.filter((cell) => columnsSpanned(cell) > 1).sort((one, other) => columnsSpanned(one) - columnsSpanned(other));
  for (const cell of spanning) {
    const count = columnsSpanned(cell);
    const extra = Math.ceil(cell.width - spanWidth(widths, cell, gap));
    for (let index = 0; index < count && extra > 0; index++) {
      const column = cell.columns[0] + index;
      widths[column] = (widths[column] ?? min) + Math.floor(extra / count) + (index < extra % count ? 1 : 0);
    }
  }
  return widths;
}
