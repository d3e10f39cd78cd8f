import type { Element } from 'hast';
import { type PlacedCell, placeCells } from '../../read/table-grid.js';
import { alignmentOf } from '../common/hast.js';
import { columnsSpanned, columnWidths, spanWidth } from '../common/table-columns.js';
import { textSpans } from './blocks.js';
import { type Line, measureSpans } from './layout.js';
import type { PdfPages } from './pages.js';
import { breakLines, drawLine, leading } from './paragraph.js';
import { BlockTagger, type StructElement, setCellSpans } from './tagging.js';

/**
 * Tables: column widths from content, measured in the fonts that set it (a cell
 * spanning columns widens those it lacks room in; none narrower than its widest
 * word when the table's words fit), each cell set across the columns it spans
 * and, spanning rows, in its first row; TH with Scope, the header row kept with
 * the first body row and repeated (as an artifact) on each page the table crosses.
 */
export function setTable(page: PdfPages, node: Element, parent: StructElement, indent: number): void {
  const { doc } = page;
  const { baseSize } = page.settings;
  const size = baseSize * 0.9;
  const grid = placeCells(node);
  const rows = grid.rows.map((): PlacedCell[] => []);
  for (const placed of grid.cells) rows[placed.rows[0]]?.push(placed);
  const columns = Math.max(0, ...grid.cells.map((placed) => placed.columns[1] + 1));

  if (columns === 0) return;
  const padding = size * 0.4;
  const spansOf = (cell: Element) => textSpans(page, cell.children, { ...page.regular, bold: cell.tagName === 'th' }, size);
  const cellText = new Map(grid.cells.map((placed) => [placed, spansOf(placed.cell)]));
  // A quarter em to spare: lines are set from shaped, kerned text, which can come out a hair wider than this sum, and a
  // cell that wrapped for a hair ("Pages" over "set") read out of order in text extraction.
  const room = size * 0.25 + padding * 2;
  const extents = grid.cells.map((placed) => ({ columns: placed.columns, ...measureSpans(cellText.get(placed) ?? [], page.article.meta.lang) }));
  const natural = columnWidths(
    extents.map(({ columns, width }) => ({ columns, width: width + room })),
    columns,
    0,
    size * 2 + room,
  );
  // What each column needs so that no word of its cells is cut (a cell spanning columns shares its need over them).
  const minimum = columnWidths(
    extents.map(({ columns, widestWord }) => ({ columns, width: widestWord + room })),
    columns,
    0,
    size * 2 + room,
  );
  const total = natural.reduce((sum, value) => sum + value, 0);
  // Wider than a single column's measure, a table takes up to the whole space between the margins.
  page.widened(total + indent, () => {
    const available = page.width - indent;
    const widths = total <= available ? natural : fitWidths(natural, minimum, available);
    const table = doc.struct('Table');
    parent.add(table);
    const header = rows[0]?.every((placed) => placed.cell.tagName === 'th') ? rows[0] : undefined;
    const layoutRow = (row: readonly PlacedCell[]) =>
      row.map((placed) => {
        const spans = cellText.get(placed) ?? [];
        return spans.length > 0 ? breakLines(page, spans, spanWidth(widths, placed, 0) - padding * 2, false) : [];
      });
    const rowHeight = (lines: Line[][]) => Math.max(1, ...lines.map((cell) => cell.length)) * size * leading + padding * 2;
    const tableWidth = widths.reduce((sum, value) => sum + value, 0);
    const drawRow = (row: readonly PlacedCell[], lines: Line[][], tr: StructElement | undefined) => {
      row.forEach((placed, index) => {
        const { cell } = placed;
        const cellWidth = spanWidth(widths, placed, 0);
        const x = widths.slice(0, placed.columns[0]).reduce((sum, value) => sum + value, page.left + indent);
        const cellX = page.rtl ? page.left + page.width - indent - (x - page.left - indent) - cellWidth : x;
        const type = cell.tagName === 'th' ? 'TH' : 'TD';
        const element = tr ? doc.struct(type, type === 'TH' ? { scope: row === rows[0] ? 'Column' : 'Row' } : {}) : undefined;
        if (element) setCellSpans(element, columnsSpanned(placed), placed.rows[1] - placed.rows[0] + 1);
        const tagger = new BlockTagger(doc, element, type, page.article.meta.lang, () => page.writer.flush());
        let y = page.y + padding;
        const inner = cellWidth - padding * 2;
        const align = alignmentOf(cell) ?? alignmentOf(grid.rows[placed.rows[0]]?.row);
        for (const line of lines[index] ?? []) {
          const slack = inner - line.width;
          // Unaligned cells start where the article's direction starts; drawn at their own width, the line starts at x.
          const offset = align === 'right' ? slack : align === 'center' ? slack / 2 : align === 'left' || !page.rtl ? 0 : slack;
          drawLine(page, line, cellX + padding + offset, y, line.width, false, tagger);
          y += size * leading;
        }
        if (tr && element) tr.add(element);
        tagger.end();
      });
    };
    const rowLines = rows.map(layoutRow);
    rows.forEach((row, index) => {
      const lines = rowLines[index] ?? [];
      const height = rowHeight(lines);
      // The header row goes to the next page with the first body row rather than end a page alone.
      const keptWith = row === header && index + 1 < rows.length ? rowHeight(rowLines[index + 1] ?? []) : 0;
      if (page.y + height + keptWith > page.bottom && page.y > page.top) {
        page.newPage();
        if (header && row !== header) {
          doc.markContent('Artifact', { type: 'Pagination' });
          const headerLines = rowLines[0] ?? [];
          drawRow(header, headerLines, undefined);
          doc.endMarkedContent();
          page.y += rowHeight(headerLines);
        }
      }
      const tr = doc.struct('TR');
      table.add(tr);
      drawRow(row, lines, tr);
      tr.end();
      ruleUnder(page, page.rtl ? page.width - indent - tableWidth : indent, tableWidth, page.y + height, row === header);
      page.y += height;
    });
    table.end();
    page.y += baseSize * 0.6;
  });
}

/**
 * Column widths for a table whose natural widths total more than `available`, shared as `shareWidths` shares them, but
 * none narrower than its `minimum` (its widest word): a column the share leaves short is held at its minimum and the
 * others share the rest again. When the minimums together do not fit, the plain share stands and words are cut.
 */
function fitWidths(natural: readonly number[], minimum: readonly number[], available: number): number[] {
  if (minimum.reduce((sum, width) => sum + width, 0) > available) return shareWidths(natural, available);
  const held = new Set<number>();
  for (;;) {
    const free = natural.flatMap((_, column) => (held.has(column) ? [] : [column]));
    const rest = [...held].reduce((room, column) => room - (minimum[column] ?? 0), available);
    const shared = shareWidths(
      free.map((column) => natural[column] ?? 0),
      rest,
    );
    const short = free.filter((column, index) => (shared[index] ?? 0) < (minimum[column] ?? 0));
    if (short.length === 0) return natural.map((_, column) => (held.has(column) ? (minimum[column] ?? 0) : (shared[free.indexOf(column)] ?? 0)));
    for (const column of short) held.add(column);
  }
}

/** Columns narrower than their fair share keep their natural width; the rest share what remains, in proportion to theirs. */
function shareWidths(natural: readonly number[], available: number): number[] {
  const fair = available / natural.length;
  const narrow = natural.filter((width) => width <= fair);
  const narrowTotal = narrow.reduce((sum, width) => sum + width, 0);
  const wideTotal = natural.reduce((sum, width) => sum + width, 0) - narrowTotal;
  return natural.map((width) => (width <= fair ? width : ((available - narrowTotal) * width) / wideTotal));
}

function ruleUnder(page: PdfPages, offset: number, width: number, y: number, heavy: boolean): void {
  page.doc.markContent('Artifact', { type: 'Layout' });
  page.doc
    .moveTo(page.left + offset, y)
    .lineTo(page.left + offset + width, y)
    .lineWidth(heavy ? 0.8 : 0.3)
    .strokeColor(page.colors.muted)
    .stroke();
  page.doc.endMarkedContent();
}
