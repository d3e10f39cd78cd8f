import type { Element } from 'hast';
import { elementsNamed } from '../common/hast.js';
import { inlineSpans, trimSpans } from './inline.js';
import type { Line } from './layout.js';
import { type PdfPages, regular } from './pages.js';
import { breakLines, drawLine, leading } from './paragraph.js';
import { BlockTagger, type StructElement, setCellSpans } from './tagging.js';

/** Tables: column widths from content, TH with Scope, the header row repeated (as an artifact) on each page the table crosses. */
export function setTable(page: PdfPages, node: Element, parent: StructElement, indent: number): void {
  const { doc } = page;
  const { baseSize } = page.settings;
  const size = baseSize * 0.9;
  const rowElements = elementsNamed(node, 'tr');
  const rows = rowElements.map((row) =>
    row.children.filter((cell): cell is Element => cell.type === 'element' && (cell.tagName === 'th' || cell.tagName === 'td')),
  );
  const columns = Math.max(0, ...rows.map((row) => row.length));
  const covered = coveredColumns(rows);
  const tableColumns = Math.max(0, ...covered);
  if (columns === 0) return;
  const padding = size * 0.4;
  const spansOf = (cell: Element) => trimSpans(inlineSpans(cell.children, { ...regular, bold: cell.tagName === 'th' }, size));
  const cellText = rows.map((row) => row.map((cell) => spansOf(cell)));
  const natural = Array.from({ length: columns }, (_, column) => {
    const widths = cellText.map((row) => (row[column] ?? []).reduce((sum, span) => sum + page.textWidth(span.text, span.style, size), 0));
    // A quarter em to spare: lines are set from shaped, kerned text, which can come out a hair wider than this sum, and a
    // cell that wrapped for a hair ("Pages" over "set") read out of order in text extraction.
    return Math.max(size * 2, ...widths) + size * 0.25 + padding * 2;
  });
  const available = page.width - indent;
  const total = natural.reduce((sum, value) => sum + value, 0);
  // Columns narrower than their share keep their natural width; the rest share what remains.
  const columnWidths = total <= available ? natural : shareWidths(natural, available);
  const table = doc.struct('Table');
  parent.add(table);
  const header = rows[0]?.every((cell) => cell.tagName === 'th') ? rows[0] : undefined;
  const layoutRow = (rowIndex: number) =>
    (cellText[rowIndex] ?? []).map((spans, column) => (spans.length > 0 ? breakLines(page, spans, (columnWidths[column] ?? 0) - padding * 2, false) : []));
  const rowHeight = (lines: Line[][]) => Math.max(1, ...lines.map((cell) => cell.length)) * size * leading + padding * 2;
  const tableWidth = columnWidths.reduce((sum, value) => sum + value, 0);
  const drawRow = (row: Element[], lines: Line[][], tr: StructElement | undefined) => {
    let x = page.left + indent;
    row.forEach((cell, column) => {
      const cellX = page.rtl ? page.left + page.width - indent - (x - page.left - indent) - (columnWidths[column] ?? 0) : x;
      const type = cell.tagName === 'th' ? 'TH' : 'TD';
      const element = tr ? doc.struct(type, type === 'TH' ? { scope: rows.indexOf(row) === 0 ? 'Column' : 'Row' } : {}) : undefined;
      if (element) setCellSpans(element, Number(cell.properties.colSpan ?? 1), Number(cell.properties.rowSpan ?? 1));
      const tagger = new BlockTagger(doc, element, type, page.article.meta.lang, () => page.writer.flush());
      let y = page.y + padding;
      const inner = (columnWidths[column] ?? 0) - padding * 2;
      const align = alignment(cell) ?? alignment(rowElements[rows.indexOf(row)]);
      for (const line of lines[column] ?? []) {
        const slack = inner - line.width;
        // Unaligned cells start where the article's direction starts; drawn at their own width, the line starts at x.
        const offset = align === 'right' ? slack : align === 'center' ? slack / 2 : align === 'left' || !page.rtl ? 0 : slack;
        drawLine(page, line, cellX + padding + offset, y, line.width, false, tagger);
        y += size * leading;
      }
      if (tr && element) tr.add(element);
      tagger.end();
      x += columnWidths[column] ?? 0;
    });
  };
  rows.forEach((row, rowIndex) => {
    const lines = layoutRow(rowIndex);
    const height = rowHeight(lines);
    if (page.y + height > page.bottom && page.y > page.top) {
      page.newPage();
      if (header && row !== header) {
        doc.markContent('Artifact', { type: 'Pagination' });
        const headerLines = layoutRow(0);
        drawRow(header, headerLines, undefined);
        doc.endMarkedContent();
        page.y += rowHeight(headerLines);
      }
    }
    const tr = doc.struct('TR');
    table.add(tr);
    drawRow(row, lines, tr);
    // A row with fewer cells than the table has columns (HTML allows it) ends in empty cells: PDF/UA wants every row to fill the table (09-004).
    for (let missing = tableColumns - (covered[rowIndex] ?? 0); missing > 0; missing--) {
      const empty = doc.struct('TD');
      tr.add(empty);
      empty.end();
    }
    tr.end();
    ruleUnder(page, page.rtl ? page.width - indent - tableWidth : indent, tableWidth, page.y + height, row === header);
    page.y += height;
  });
  table.end();
  page.y += baseSize * 0.6;
}

/** How many columns each row's cells cover, with the cells spanning down into it from rows above. */
function coveredColumns(rows: readonly Element[][]): number[] {
  const fromAbove: number[] = [];
  return rows.map((row, index) => {
    let covered = fromAbove[index] ?? 0;
    for (const cell of row) {
      const colSpan = Number(cell.properties.colSpan ?? 1);
      covered += colSpan;
      for (let below = 1; below < Number(cell.properties.rowSpan ?? 1); below++) fromAbove[index + below] = (fromAbove[index + below] ?? 0) + colSpan;
    }
    return covered;
  });
}

/** The alignment of a cell or row as the Markdown (or the HTML's `align`, read as CSS) set it. */
function alignment(element: Element | undefined): string | undefined {
  return /text-align:\s*(left|right|center)/i.exec(String(element?.properties.style ?? ''))?.[1]?.toLowerCase();
}

function shareWidths(natural: number[], available: number): number[] {
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
    .strokeColor('#999999')
    .stroke();
  page.doc.endMarkedContent();
}
