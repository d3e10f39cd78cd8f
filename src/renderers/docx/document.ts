import {
  AlignmentType,
  Bookmark,
  BuilderElement,
  Document,
  ExternalHyperlink,
  FootnoteReferenceRun,
  HeadingLevel,
  ImageRun,
  type INumberingOptions,
  InternalHyperlink,
  type IRunOptions,
  LevelFormat,
  LineRuleType,
  Paragraph,
  type ParagraphChild,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
} from 'docx';
import type { Element, ElementContent, Root, Text } from 'hast';
import { toText } from 'hast-util-to-text';
import { visit } from 'unist-util-visit';
import { imageStandIn } from '../../read/images.js';
import type { RenderContext } from '../../types.js';
import { pageFolderUrl, siteUrl } from '../common/collection.js';
import { type ConvertedArticle, unconvertedWarning } from '../common/converted-images.js';
import { type Alignment, alignmentOf, blockElements, elementsNamed, tableCaptionMarker, withoutCaptionMarker } from '../common/hast.js';
import { articleLabels } from '../common/labels.js';
import { hasItalics, isRightToLeft } from '../common/language.js';
import { colophon, correctionsElement, masthead } from '../common/masthead.js';
import { type DocxPageSize, pageSizes } from './page.js';
import { embeddedFonts, logoParagraphs, themedStyles } from './theme.js';

const headingLevels = [
  HeadingLevel.HEADING_1,
  HeadingLevel.HEADING_2,
  HeadingLevel.HEADING_3,
  HeadingLevel.HEADING_4,
  HeadingLevel.HEADING_5,
  HeadingLevel.HEADING_6,
];

/** Image types a Word document holds as they are; others (SVG without a raster fallback, a WebP that could not be converted) stand in as their alt text. */
const wordImageTypes: Record<string, 'png' | 'jpg' | 'gif'> = { 'image/png': 'png', 'image/jpeg': 'jpg', 'image/gif': 'gif' };

/**
 * A JPEG's EXIF orientation (TIFF 6.0's Orientation tag) as its drawing's turn: mirrored, then turned clockwise by
 * `rotation` degrees, as DrawingML applies a flip before its rotation.
 */
const exifTurns: Record<number, { rotation?: number; flip?: { horizontal?: boolean; vertical?: boolean } }> = {
  1: {},
  2: { flip: { horizontal: true } },
  3: { rotation: 180 },
  4: { flip: { vertical: true } },
  5: { rotation: 270, flip: { horizontal: true } },
  6: { rotation: 90 },
  7: { rotation: 90, flip: { horizontal: true } },
  8: { rotation: 270 },
};

/** DrawingML's unit: 914,400 to the inch, 96 pixels to the inch. */
const emusPerPixel = 9525;
/** Word's unit for widths, a twentieth of a point: 1,440 to the inch. */
const twipsPerPixel = 15;

/** Scripts written right to left: a run holding one is marked right to left (`w:rtl`), so Word orders and shapes it as such. */
const rightToLeftScript = /[\p{Script=Arabic}\p{Script=Hebrew}\p{Script=Syriac}\p{Script=Thaana}\p{Script=Nko}]/u;

/** The character formatting an inline element adds to the runs inside it. */
type RunFormat = Omit<IRunOptions, 'text' | 'children' | 'break'>;

const inlineFormats: Record<string, RunFormat> = {
  em: { italics: true },
  i: { italics: true },
  cite: { italics: true },
  dfn: { italics: true },
  var: { italics: true },
  strong: { bold: true },
  b: { bold: true },
  del: { strike: true },
  s: { strike: true },
  ins: { underline: {} },
  u: { underline: {} },
  mark: { highlight: 'yellow' },
  sup: { superScript: true },
  sub: { subScript: true },
  code: { style: 'VerbatimChar' },
  kbd: { style: 'VerbatimChar' },
  samp: { style: 'VerbatimChar' },
};

type Block = Paragraph | Table;

/** Where a block is set: its list nesting, its quote depth, the style of its paragraphs. */
interface Place {
  /** The list item being set: its first paragraph carries the number, the others are indented to it; `quoteDepth` is the list's own. */
  readonly list?: { readonly reference: string; readonly level: number; readonly quoteDepth: number; numbered: boolean };
  readonly quoteDepth: number;
  readonly style?: string;
  /** A header cell's words are bold. */
  readonly bold?: boolean;
  /** Inside a footnote, which holds paragraphs only. */
  readonly inNote?: boolean;
  /** A table cell's alignment, as the Markdown's `---:` or an `align` gives it: left, right or centred on the page. */
  readonly align?: Alignment;
  /** The direction a block's `dir` gives it and what it holds (an Arabic quote in an English article); else the article's. */
  readonly rightToLeft?: boolean;
  /** The language a block's `lang` gives its words, which Word proofs in it; else the document's. */
  readonly language?: RunFormat['language'];
}

/** What a block's `dir` and `lang` give the blocks it holds, a table's cells and a caption included. */
function directionAndLanguage({ rightToLeft, language }: Place): Pick<Place, 'rightToLeft' | 'language'> {
  return { rightToLeft, language };
}

/**
 * The article as a Word document: masthead paragraphs in styles of their own,
 * then the sanitized tree walked block by block into Word's own structures
 * (Heading 1–6, numbering, footnotes, hyperlinks, tables with a repeating
 * header row, pictures with their description and a caption).
 */
export function articleDocument(article: ConvertedArticle, context: RenderContext, pageSize: DocxPageSize): Document {
  const labels = articleLabels(article, context);
  const { meta } = article;
  const rightToLeft = isRightToLeft(meta.lang);
  const numbering: INumberingOptions['config'][number][] = [{ reference: 'bullets', levels: listLevels('bullet') }];
  const notes = footnoteItems(article.hast as Root);
  const footnotes: Record<string, { children: Paragraph[] }> = {};
  const noteNumbers = new Map<Element, number>();
  /** Whether a note is being set, the notes the text cites, and the notes only other notes cite (`footnoteReference`). */
  let settingNote = false;
  const citedInText = citedNotes(article.hast as Root);
  const notesAfterTheLast: { item: Element; number: string }[] = [];
  const bookmarks = bookmarkNames(article.hast as Root);
  const noteBookmarks = noteBookmarkNames(article.hast as Root, new Set(bookmarks.values()));
  // A relative link's page on the site, as the text edition lists it: the document is read away from the site.
  const folderUrl = pageFolderUrl(article.slug, context.config.baseUrl);
  let drawings = 0;
  const page = pageSizes[pageSize];
  /** The width a picture may take, in pixels: the page's text width, or the width of the table cell being set. */
  let pictureRoomPx: number = page.textWidthPx;

  const runs = (text: string, format: RunFormat): TextRun[] => {
    const value = text.replace(/[ \t\r\n]+/g, ' ');
    // A run isolated left to right (LRI…PDI, the masthead's zone in a right-to-left line) is a run of its own, not marked right to left.
    return value
      .split(/(\u2066[^\u2069]*\u2069)/)
      .filter((part) => part !== '')
      .map((part) => new TextRun({ ...format, text: part, rightToLeft: rightToLeftScript.test(part) || undefined }));
  };

  const image = (node: Element, format: RunFormat): ParagraphChild[] => {
    const asset = typeof node.properties.src === 'string' ? article.images.get(node.properties.src) : undefined;
    const type = asset && wordImageTypes[asset.mediaType];
    if (!asset || !type) {
      const unconverted = asset && article.unconverted.get(asset.src);
      if (unconverted) {
        const { reason, ruleId } = unconvertedWarning('docx', asset, unconverted);
        context.warn(reason, { place: node.position?.start, ruleId });
      } else if (asset)
        context.warn(`${asset.src} is ${asset.mediaType}, which Word cannot show without a fallback: the DOCX has its alt text in its place`, {
          place: node.position?.start,
          ruleId: 'docx-image-type',
        });
      return runs(imageStandIn(node, labels), format);
    }
    // Word and LibreOffice show a JPEG's pixels as stored, without its EXIF orientation: the drawing turns them instead,
    // at their stored size, and its effect extent gives a quarter-turned picture the room its shown size takes on the line.
    const scale = Math.min(1, pictureRoomPx / asset.width);
    const quarterTurn = asset.orientation >= 5;
    const width = Math.max(1, Math.round((quarterTurn ? asset.height : asset.width) * scale));
    const height = Math.max(1, Math.round((quarterTurn ? asset.width : asset.height) * scale));
    const turn = exifTurns[asset.orientation] ?? exifTurns[1];
    const overhang = ((height - width) / 2) * emusPerPixel;
    const alt = typeof node.properties.alt === 'string' ? node.properties.alt : '';
    drawings++;
    return [
      new ImageRun({
        type,
        data: asset.bytes,
        transformation: { width, height, ...turn },
        ...(quarterTurn ? { effectExtent: { left: overhang, right: overhang, top: -overhang, bottom: -overhang } } : {}),
        // A counter of this document: the library's own ids run on across documents, so an edition would depend on what the thread made before.
        altText: {
          id: String(drawings),
          description: alt,
          title: typeof node.properties.title === 'string' ? node.properties.title : undefined,
        },
      }),
    ];
  };

  /** Inline content as runs; an element an internal link targets is a bookmark around its runs. */
  const inline = (children: readonly ElementContent[], format: RunFormat): ParagraphChild[] =>
    children.flatMap((child, index): ParagraphChild[] => {
      const bookmark = child.type === 'element' && typeof child.properties.id === 'string' ? bookmarks.get(child.properties.id) : undefined;
      if (bookmark) return [new Bookmark({ id: bookmark, children: inlineNode(child, format) })];
      // A line after a hard break starts at its first word, not at the source's indent.
      const afterBreak = child.type === 'text' && children[index - 1]?.type === 'element' && (children[index - 1] as Element).tagName === 'br';
      return inlineNode(afterBreak ? { ...child, value: child.value.trimStart() } : child, format);
    });

  const inlineNode = (child: ElementContent, format: RunFormat): ParagraphChild[] => {
    if (child.type === 'text') return runs(child.value, format);
    if (child.type !== 'element') return [];
    const tag = child.tagName;
    if (tag === 'br') return [new TextRun({ ...format, break: 1 })];
    if (tag === 'img') return image(child, format);
    // A task's box, in place of its item's bullet; the words after it bring their own space.
    if (tag === 'input') return runs(child.properties.checked ? '☒' : '☐', format);
    if (tag === 'a' && 'dataFootnoteRef' in child.properties) return footnoteReference(child);
    if (tag === 'sup' && child.children.some((inner) => inner.type === 'element' && 'dataFootnoteRef' in inner.properties))
      return inline(child.children, format);
    if (tag === 'a') return link(child, format);
    // A quotation in another language is proofed in it (`<span lang="en">`).
    const { lang } = child.properties;
    const language = typeof lang === 'string' ? (lang === meta.lang ? undefined : wordLanguageProperties(lang)) : format.language;
    return inline(child.children, { ...format, ...inlineFormats[tag], ...(language ? { language } : {}) });
  };

  const link = (node: Element, format: RunFormat): ParagraphChild[] => {
    const href = typeof node.properties.href === 'string' ? siteUrl(node.properties.href, folderUrl) : '';
    const target = href.startsWith('#') ? bookmarks.get(decodeURIComponent(href.slice(1))) : undefined;
    // A link to a place the article does not have, or to an address of another kind (a relative one without a `baseUrl`), keeps its words, unlinked.
    if (!target && !/^(https?|mailto):/i.test(href)) return inline(node.children, format);
    // A picture in a link to a place in the article stays unlinked: docx 9.15.2 gives its click a random relationship it never writes.
    if (target && elementsNamed(node, 'img').length > 0) return inline(node.children, format);
    const children = inline(node.children, { ...format, style: 'Hyperlink' });
    return [target ? new InternalHyperlink({ anchor: target, children }) : new ExternalHyperlink({ link: href, children })];
  };

  /**
   * A note is set where it is first referred to (GFM numbers notes in that order); a later reference is Word's
   * cross-reference to it (`NOTEREF`, "footnote number (formatted)"), to a bookmark around the first, since Word has
   * no two references to one note (Pandoc sets the note again, under a number of its own). Word allows no note
   * reference inside a note (LibreOffice would not open the file), so a note that only other notes cite is cited by its number, and set after the last note, led by that number, where GFM puts it.
   */
  const footnoteReference = (node: Element): ParagraphChild[] => {
    const target = typeof node.properties.href === 'string' ? node.properties.href.replace(/^#/, '') : '';
    const item = notes.get(target);
    const number = String((item && noteNumbers.get(item)) ?? toText(node));
    const bookmark = noteBookmarks.get(target);
    if (item && noteNumbers.has(item) && bookmark) return [noteNumberReference(bookmark, number)];
    const cited = [new TextRun({ text: number, superScript: true })];
    if (!item || noteNumbers.has(item) || notesAfterTheLast.some((note) => note.item === item)) return cited;
    if (settingNote) {
      if (!citedInText.has(target)) notesAfterTheLast.push({ item, number: toText(node) });
      return cited;
    }
    const id = noteNumbers.size + 1;
    noteNumbers.set(item, id);
    footnotes[id] = { children: noteParagraphs(item) };
    return bookmark ? [new Bookmark({ id: bookmark, children: [new FootnoteReferenceRun(id)] })] : [new FootnoteReferenceRun(id)];
  };

  const noteParagraphs = (item: Element, number?: string): Paragraph[] => {
    // A space between the number and the words, as in Word's own notes: after the reference mark Word puts first, or
    // after the superscript number that leads a note set after the last.
    const content = withoutBackReferences(item).children;
    const first = content.findIndex((child) => child.type === 'element');
    const block = content[first];
    const lead: ElementContent[] = number ? [{ type: 'element', tagName: 'sup', properties: {}, children: [{ type: 'text', value: number }] }] : [];
    const led = block?.type === 'element' ? content.with(first, { ...block, children: [...lead, { type: 'text', value: ' ' }, ...block.children] }) : content;
    settingNote = true;
    const paragraphs = blocks(led as ElementContent[], { quoteDepth: 0, style: 'FootnoteText', inNote: true }).filter((block) => block instanceof Paragraph);
    settingNote = false;
    return paragraphs;
  };

  const paragraph = (children: readonly ElementContent[], place: Place, extra: Exclude<ConstructorParameters<typeof Paragraph>[0], string> = {}): Paragraph => {
    const { list } = place;
    const numbered = list && !list.numbered;
    if (list) list.numbered = true;
    const indent = indentOf(place);
    return new Paragraph({
      style: place.style,
      bidirectional: (place.rightToLeft ?? rightToLeft) || undefined,
      numbering: numbered ? { reference: list.reference, level: list.level } : undefined,
      // A numbered paragraph takes its numbering's indent, unless quotes around its list move it in.
      indent: numbered ? (place.quoteDepth > 0 ? { left: indent, hanging: 360 } : undefined) : indent > 0 ? { left: indent } : undefined,
      alignment: place.align && pageAlignments[place.align],
      children: inline(children, { ...(place.bold ? { bold: true } : {}), ...(place.language ? { language: place.language } : {}) }),
      ...extra,
    });
  };

  const list = (node: Element, place: Place): Block[] => {
    const level = place.list ? place.list.level + 1 : 0;
    let reference = 'bullets';
    if (node.tagName === 'ol') {
      const start = typeof node.properties.start === 'number' ? node.properties.start : 1;
      // Each ordered list is a numbering of its own, so it counts from its own start.
      reference = `list-${numbering.length}`;
      numbering.push({ reference, levels: listLevels('decimal', level, start) });
    }
    const items = node.children.filter((child): child is Element => child.type === 'element' && child.tagName === 'li');
    return items.flatMap((item) =>
      blocks(item.children, {
        ...place,
        // A task item shows its box and no bullet: it is set as the item's later paragraphs are, at its text's indent.
        list: { reference, level: Math.min(level, 8), quoteDepth: place.quoteDepth, numbered: isTaskItem(item) },
        // In a note, a list keeps the note's style, Word's footnote text, as a quote does.
        style: place.inNote ? place.style : 'ListParagraph',
      }),
    );
  };

  const table = (node: Element, place: Place): Block[] => {
    const rows = tableRows(node);
    if (place.inNote) return rows.flatMap(({ cells }) => cells.flatMap((cell) => blocks(cell.children, place)));
    const caption = node.children.find((child): child is Element => child.type === 'element' && child.tagName === 'caption');
    const columns = Math.max(1, ...rows.map(({ cells }) => cells.reduce((sum, cell) => sum + span(cell.properties.colSpan), 0)));
    const width = page.width - 2 * 1440;
    const columnWidth = Math.floor(width / columns);
    const set = new Table({
      width: { size: width, type: WidthType.DXA },
      columnWidths: Array.from({ length: columns }, () => columnWidth),
      visuallyRightToLeft: (place.rightToLeft ?? rightToLeft) || undefined,
      rows: rows.map(
        ({ row, cells, header }) =>
          new TableRow({
            tableHeader: header || undefined,
            children: cells.map(
              (cell) =>
                new TableCell({
                  columnSpan: span(cell.properties.colSpan) > 1 ? span(cell.properties.colSpan) : undefined,
                  rowSpan: span(cell.properties.rowSpan) > 1 ? span(cell.properties.rowSpan) : undefined,
                  children: cellBlocks(cell, row, place, columnWidth * span(cell.properties.colSpan)),
                }),
            ),
          }),
      ),
    });
    return [...(caption ? [paragraph(caption.children, { quoteDepth: place.quoteDepth, style: 'Caption', ...directionAndLanguage(place) })] : []), set];
  };

  /** A cell's blocks; its pictures fit its width (in twips) less its padding, Normal Table's 108 a side. */
  const cellBlocks = (cell: Element, row: Element, place: Place, width: number): Block[] => {
    const outerRoomPx = pictureRoomPx;
    pictureRoomPx = Math.max(1, Math.floor((width - 2 * 108) / twipsPerPixel));
    const content = blocks(cell.children, {
      quoteDepth: 0,
      style: 'Compact',
      bold: cell.tagName === 'th',
      align: alignmentOf(cell) ?? alignmentOf(row),
      ...directionAndLanguage(place),
    });
    pictureRoomPx = outerRoomPx;
    // A cell holds at least one paragraph, and one after a table that ends it.
    return content.length === 0 || content.at(-1) instanceof Table ? [...content, new Paragraph({ style: 'Compact' })] : content;
  };

  const figure = (node: Element, place: Place): Block[] => {
    const image = node.children.find((child): child is Element => child.type === 'element' && child.tagName === 'img');
    const title = image && typeof image.properties.title === 'string' ? image.properties.title.trim() : '';
    const alt = image && typeof image.properties.alt === 'string' ? image.properties.alt.trim() : '';
    const caption = title || alt;
    return [
      paragraph(node.children, place, { keepNext: true }),
      paragraph([{ type: 'text', value: caption }], { quoteDepth: place.quoteDepth, style: 'Caption', ...directionAndLanguage(place) }),
    ];
  };

  const block = (node: Element, outer: Place, previous?: Element): Block[] => {
    const tag = node.tagName;
    const { dir, lang } = node.properties;
    const directed = dir === 'rtl' || dir === 'ltr' ? { ...outer, rightToLeft: dir === 'rtl' } : outer;
    const place = typeof lang === 'string' && lang !== meta.lang ? { ...directed, language: wordLanguageProperties(lang) } : directed;
    if (tag === 'p') {
      const content = node.children.filter((child) => !(child.type === 'text' && child.value.trim() === ''));
      const only = content[0];
      // A picture alone in its paragraph, with a title or alt text, is captioned as the other editions caption it.
      if (content.length === 1 && only?.type === 'element' && only.tagName === 'img' && (only.properties.alt || only.properties.title))
        return figure(node, place);
      if (previous?.tagName === 'table' && tableCaptionMarker.test(toText(node))) return [captionParagraph(node, place)];
      return [paragraph(withOwnId(node), place)];
    }
    // A heading that starts a list item carries the item's number, as a paragraph would.
    if (/^h[1-6]$/.test(tag)) return [paragraph(withOwnId(node), place, { heading: headingLevels[Number(tag[1]) - 1], style: undefined })];
    if (tag === 'ul' || tag === 'ol') return list(node, place);
    // A quote in a list item is a quote too; in a footnote it keeps the note's style, Word's footnote text.
    if (tag === 'blockquote') return blocks(node.children, { ...place, quoteDepth: place.quoteDepth + 1, style: place.inNote ? place.style : 'BlockText' });
    if (tag === 'pre') return [...itemNumber(place), codeBlock(node, place)];
    if (tag === 'hr') return [new Paragraph({ thematicBreak: true, children: [] })];
    if (tag === 'table') return [...itemNumber(place), ...table(node, place)];
    if (tag === 'section' && 'dataFootnotes' in node.properties) return [];
    if (tag === 'figcaption' || tag === 'caption') return [paragraph(node.children, { ...place, style: 'Caption' })];
    if (tag === 'dt') return [paragraph(node.children, { ...place, bold: true }, { keepNext: true })];
    if (tag === 'dd') return blocks(node.children, { ...place, quoteDepth: place.quoteDepth + 1 });
    if (tag === 'summary') return [paragraph(node.children, { ...place, bold: true })];
    return blocks(node.children, place);
  };

  /** A list item that starts with code or a table, which Word cannot number, has its number on a line of its own before it: else the next item took it. */
  const itemNumber = (place: Place): Paragraph[] => (place.list && !place.list.numbered ? [paragraph([], place)] : []);

  const captionParagraph = (node: Element, place: Place): Paragraph => {
    return paragraph(withoutCaptionMarker(node), { quoteDepth: place.quoteDepth, style: 'Caption', ...directionAndLanguage(place) });
  };

  const codeBlock = (node: Element, place: Place): Paragraph => {
    const lines = toText(node).replace(/\n$/, '').split('\n');
    const indent = indentOf(place);
    return new Paragraph({
      style: 'SourceCode',
      indent: indent > 0 ? { left: indent } : undefined,
      children: lines.map((line, index) => new TextRun({ text: line, break: index > 0 ? 1 : undefined })),
    });
  };

  /** Block children; inline runs between blocks become paragraphs of their own. */
  const blocks = (children: readonly ElementContent[], place: Place): Block[] => {
    const out: Block[] = [];
    let run: ElementContent[] = [];
    let previous: Element | undefined;
    const flush = () => {
      if (run.some((child) => !(child.type === 'text' && child.value.trim() === ''))) out.push(paragraph(run, place));
      run = [];
    };
    for (const child of children) {
      if (child.type === 'element' && isBlock(child)) {
        flush();
        out.push(...block(child, place, previous));
        previous = child;
      } else if (child.type === 'text' && child.value.trim() === '') {
        run.push(child);
      } else {
        run.push(child);
        if (child.type === 'element') previous = undefined;
      }
    }
    flush();
    return out;
  };

  const { byline, credit, place: dateline, date, updated } = masthead(meta, labels);
  const { tags, publisher } = colophon(meta, labels);
  const mastheadText = (text: string | undefined, style: string): Paragraph[] =>
    text ? [new Paragraph({ style, bidirectional: rightToLeft || undefined, children: runs(text, {}) })] : [];
  const corrections = correctionsElement(meta, labels);
  const body = blocks([...(article.hast.children as ElementContent[]), ...(corrections ? [corrections] : [])], { quoteDepth: 0 });
  // Set in the order they were found, which is GFM's; one found in one of them joins the queue.
  for (let index = 0; index < notesAfterTheLast.length; index++) {
    const { item, number } = notesAfterTheLast[index] as (typeof notesAfterTheLast)[number];
    footnotes[noteNumbers.size]?.children.push(...noteParagraphs(item, number));
  }
  const children: Block[] = [
    ...logoParagraphs(context.config.theme, drawings + 1, page.textWidthPx, context.warn),
    // The headline heads the outline (the navigation pane), as level 1 does in the other editions; the body's headings start at 2.
    new Paragraph({ heading: HeadingLevel.TITLE, outlineLevel: 0, bidirectional: rightToLeft || undefined, children: runs(meta.title, {}) }),
    ...mastheadText(meta.description, 'Subtitle'),
    ...mastheadText([byline, credit].filter(Boolean).join(' · '), 'Byline'),
    ...mastheadText([dateline?.line, date, updated?.line].filter(Boolean).join(' · '), 'Dateline'),
    ...body,
    ...[tags, publisher, meta.rights].flatMap((line) => mastheadText(line, 'Colophon')),
  ];

  return new Document({
    title: meta.title,
    creator: meta.authors.join('; '),
    description: meta.description,
    keywords: meta.tags.join(', '),
    styles: themedStyles(documentStyles(meta.lang), context.config.theme),
    fonts: embeddedFonts(context.config.theme),
    numbering: { config: numbering },
    footnotes,
    sections: [
      {
        properties: { page: { size: { width: page.width, height: page.height }, margin: { top: 1440, right: 1440, bottom: 1440, left: 1440 } } },
        children,
      },
    ],
  });
}

/** A GFM task list item (`- [x] done`), whose box the item starts with. */
function isTaskItem(item: Element): boolean {
  return Array.isArray(item.properties.className) && item.properties.className.includes('task-list-item');
}

/**
 * Word's cross-reference to a note's number, formatted as the note's reference (`NOTEREF \\f`) and linked to it (`\\h`),
 * with the number as its result in the Footnote Reference style, as Word writes it: docx's SimpleField writes its
 * result unstyled, so Word showed it on the line until its fields were updated.
 */
function noteNumberReference(bookmark: string, number: string): ParagraphChild {
  const field = new BuilderElement<{ instruction: string }>({
    name: 'w:fldSimple',
    attributes: { instruction: { key: 'w:instr', value: ` NOTEREF ${bookmark} \\f \\h ` } },
    children: [new TextRun({ text: number, style: 'FootnoteReference' })],
  });
  // A paragraph takes any element as its child; docx's type lists only its own classes.
  return field as unknown as ParagraphChild;
}

/** A raw HTML table's caption is set as a paragraph of its own, as the other blocks are. */
function isBlock(node: Element): boolean {
  return blockElements.has(node.tagName) || node.tagName === 'caption';
}

/** A block's left indent in twips: its list item's text (720 a level), and 567 for each quote around it, in the item or around its list. */
function indentOf(place: Place): number {
  return (place.list ? 720 * (place.list.level + 1) : 0) + 567 * place.quoteDepth;
}

function span(value: unknown): number {
  const number = typeof value === 'number' ? value : Number(value);
  return Number.isInteger(number) && number > 0 ? Math.min(number, 1000) : 1;
}

/** A paragraph's or heading's content, in a span that carries its id, so that a link to it finds a bookmark. */
function withOwnId(node: Element): ElementContent[] {
  return typeof node.properties.id === 'string'
    ? [{ type: 'element', tagName: 'span', properties: { id: node.properties.id }, children: node.children }]
    : node.children;
}

/**
 * Word bookmark names for the ids that links inside the article point at: at most 40 letters, digits and
 * underscores, starting with one (Word's rule); the leading underscore hides them from Word's bookmark list.
 */
function bookmarkNames(tree: Root): Map<string, string> {
  const targets = new Set<string>();
  const ids = new Set<string>();
  visit(tree, 'element', (node) => {
    const { id, href } = node.properties;
    if (typeof id === 'string') ids.add(id);
    if (typeof href === 'string' && href.startsWith('#') && !('dataFootnoteRef' in node.properties) && !('dataFootnoteBackref' in node.properties))
      targets.add(decodeURIComponent(href.slice(1)));
  });
  const names = new Map<string, string>();
  const taken = new Set<string>();
  for (const id of [...targets].filter((target) => ids.has(target))) {
    const base = `_${id.replace(/[^\p{L}\p{N}_]/gu, '_')}`.slice(0, 36);
    let name = base;
    for (let suffix = 2; taken.has(name); suffix++) name = `${base}_${suffix}`;
    taken.add(name);
    names.set(id, name);
  }
  return names;
}

/**
 * Bookmark names for the first reference to each note cited more than once, which the later ones refer to:
 * `_RefNote` and a count, as Word names the bookmarks of its cross-references `_Ref` and a number.
 */
function noteBookmarkNames(tree: Root, taken: ReadonlySet<string>): Map<string, string> {
  const citations = new Map<string, number>();
  visit(tree, 'element', (node) => {
    const { href } = node.properties;
    if ('dataFootnoteRef' in node.properties && typeof href === 'string') citations.set(href.slice(1), (citations.get(href.slice(1)) ?? 0) + 1);
  });
  const names = new Map<string, string>();
  let count = 0;
  for (const [target, cited] of citations) {
    if (cited < 2) continue;
    let name: string;
    do name = `_RefNote${++count}`;
    while (taken.has(name));
    names.set(target, name);
  }
  return names;
}

/** The rows of a table, header rows (in `thead`, or made only of `th` cells at the top) marked to repeat on every page. */
function tableRows(node: Element): { row: Element; cells: Element[]; header: boolean }[] {
  const rows: { row: Element; cells: Element[]; header: boolean }[] = [];
  const visit = (parent: Element, inHead: boolean) => {
    for (const child of parent.children) {
      if (child.type !== 'element') continue;
      if (child.tagName === 'tr') {
        const cells = child.children.filter((cell): cell is Element => cell.type === 'element' && (cell.tagName === 'th' || cell.tagName === 'td'));
        if (cells.length > 0) rows.push({ row: child, cells, header: inHead });
      } else if (child.tagName === 'thead' || child.tagName === 'tbody' || child.tagName === 'tfoot') visit(child, child.tagName === 'thead');
    }
  };
  visit(node, false);
  // A header row repeats only from the top of the table: Word ignores the mark below a row without it.
  let top = true;
  return rows.map((row) => {
    top = top && row.header;
    return { ...row, header: top };
  });
}

/** A note without its links back to the text, and without the space GFM puts before them, which ended its last line. */
function withoutBackReferences(node: Element): Element {
  const children = node.children
    .filter((child) => !(child.type === 'element' && 'dataFootnoteBackref' in child.properties))
    .map((child) => (child.type === 'element' ? withoutBackReferences(child) : child));
  if (children.length === node.children.length) return { ...node, children };
  while (children.at(-1)?.type === 'text' && (children.at(-1) as Text).value.trim() === '') children.pop();
  const last = children.at(-1);
  if (last?.type === 'text') children[children.length - 1] = { ...last, value: last.value.trimEnd() };
  return { ...node, children };
}

/** The ids of the notes the text cites, outside the notes themselves. */
function citedNotes(tree: Root): Set<string> {
  const cited = new Set<string>();
  const walk = (node: Element | Root) => {
    for (const child of node.children) {
      if (child.type !== 'element' || (child.tagName === 'section' && 'dataFootnotes' in child.properties)) continue;
      if (child.tagName === 'a' && 'dataFootnoteRef' in child.properties && typeof child.properties.href === 'string')
        cited.add(child.properties.href.slice(1));
      walk(child);
    }
  };
  walk(tree);
  return cited;
}

/** The footnote items of the GFM footnote section, by id. */
function footnoteItems(tree: Root): Map<string, Element> {
  const items = new Map<string, Element>();
  const section = tree.children.find(
    (child): child is Element => child.type === 'element' && child.tagName === 'section' && 'dataFootnotes' in child.properties,
  );
  const walk = (node: Element) => {
    for (const child of node.children) {
      if (child.type !== 'element') continue;
      if (child.tagName === 'li' && typeof child.properties.id === 'string') items.set(child.properties.id, child);
      else walk(child);
    }
  };
  if (section) walk(section);
  return items;
}

/** Alignments on the page, as Word's `w:jc` (docx writes `left` and `right` the other way round in a right-to-left paragraph, where they mean its start and end). */
const pageAlignments = { left: AlignmentType.LEFT, center: AlignmentType.CENTER, right: AlignmentType.RIGHT } as const;

/** Nine levels of a list, indented by level; the list's own level starts at `start`. */
function listLevels(kind: 'bullet' | 'decimal', ownLevel = 0, start = 1) {
  const bullets = ['•', '◦', '▪'];
  return Array.from({ length: 9 }, (_, level) => {
    const bullet = kind === 'bullet';
    return {
      level,
      format: bullet ? LevelFormat.BULLET : LevelFormat.DECIMAL,
      text: bullet ? (bullets[level % 3] as string) : `%${level + 1}.`,
      start: level === ownLevel ? start : 1,
      alignment: AlignmentType.START,
      style: { paragraph: { indent: { left: 720 * (level + 1), hanging: 360 } } },
    };
  });
}

/** Word's regions for Chinese by script: it tells Traditional from Simplified by the region alone. */
const chineseRegions: Readonly<Record<string, readonly string[]>> = { Hant: ['TW', 'HK', 'MO'], Hans: ['CN', 'SG'] };

/**
 * Scripts Word sets as complex script (its `w:cs` fonts), whose language it reads from `w:lang`'s `w:bidi`: right to
 * left, and Indic, Thai and their neighbours, whose letters it shapes.
 */
const complexScripts = new Set('Arab Hebr Syrc Thaa Nkoo Deva Beng Guru Gujr Orya Taml Telu Knda Mlym Sinh Thai Laoo Khmr Mymr Tibt'.split(' '));

/**
 * Word's language id for a tag, and its script. Word reads only the language-region ids of its table and ignores any
 * other value (MS-OI29500, ST_Lang), a bare `fr` or `ar` included, so a tag without a region takes its likely one
 * (CLDR's likely subtags, `Intl.Locale#maximize`): fr-FR, ja-JP, ko-KR, he-IL, fa-IR, hi-IN, pt-BR, and ar-EG (CLDR's
 * likely region for Arabic; Word's own default for Arabic is ar-SA, and both are in its table). A script the tag
 * names stays (sr-Latn-RS). Chinese is named by its region alone: zh-Hant is zh-TW, zh-Hant-HK zh-HK, zh and zh-Hans
 * zh-CN, zh-Hans-TW zh-CN.
 */
function wordLanguage(lang: string): { readonly id: string; readonly script?: string } {
  try {
    const locale = new Intl.Locale(lang);
    const { script, region = '' } = locale.maximize();
    if (locale.language === 'zh') {
      const regions = chineseRegions[script ?? 'Hans'] ?? (chineseRegions.Hans as readonly string[]);
      return { id: `zh-${regions.includes(region) ? region : regions[0]}`, script };
    }
    return { id: [locale.language, locale.script, region].filter(Boolean).join('-'), script };
  } catch {
    return { id: lang };
  }
}

/** `w:lang` for a tag: the language of Latin runs, of complex-script runs (Arabic, Hebrew, Hindi, Thai) and of East Asian ones. */
function wordLanguageProperties(lang: string) {
  const word = wordLanguage(lang);
  return {
    value: word.id,
    bidirectional: isRightToLeft(lang) || complexScripts.has(word.script ?? '') ? word.id : undefined,
    eastAsia: ['Hans', 'Hant', 'Jpan', 'Kore'].includes(word.script ?? '') ? word.id : undefined,
  };
}

/** Styles of the masthead, code and captions, and the document's language (`w:lang`), which spell checking and hyphenation follow. */
function documentStyles(lang: string) {
  return {
    default: {
      // Word's own template's spacing: 8 pt after a paragraph, lines at 1.08 (without it the paragraphs ran together).
      document: { run: { language: wordLanguageProperties(lang) }, paragraph: { spacing: { after: 160, line: 259, lineRule: LineRuleType.AUTO } } },
      // A list's items are set together, as Word's List Paragraph sets them, with the space after the list's last.
      listParagraph: { paragraph: { contextualSpacing: true } },
      // The library's Heading 4, whose run this replaces whole: its colour, and italics only where the script has them.
      heading4: { run: { color: '2E74B5', italics: hasItalics(lang) } },
    },
    paragraphStyles: [
      {
        id: 'Subtitle',
        name: 'Subtitle',
        basedOn: 'Normal',
        next: 'Normal',
        quickFormat: true,
        run: { size: 28, color: '444444' },
        paragraph: { spacing: { after: 240 } },
      },
      { id: 'Byline', name: 'Byline', basedOn: 'Normal', next: 'Normal', quickFormat: true, run: { bold: true } },
      { id: 'Dateline', name: 'Dateline', basedOn: 'Normal', next: 'Normal', quickFormat: true, run: { italics: hasItalics(lang), color: '555555' } },
      // The lines under the article (tags, publisher, rights), set off from the body and not from each other.
      {
        id: 'Colophon',
        name: 'Colophon',
        basedOn: 'Normal',
        next: 'Normal',
        run: { size: 18, color: '555555' },
        paragraph: { spacing: { before: 240 }, contextualSpacing: true },
      },
      { id: 'Caption', name: 'caption', basedOn: 'Normal', next: 'Normal', quickFormat: true, run: { italics: hasItalics(lang), size: 18 } },
      { id: 'BlockText', name: 'Block Text', basedOn: 'Normal', next: 'Normal', run: { italics: hasItalics(lang) } },
      // A table cell's paragraphs, close together (Pandoc's Compact style): the cell's padding sets it off.
      { id: 'Compact', name: 'Compact', basedOn: 'Normal', next: 'Normal', paragraph: { spacing: { before: 36, after: 36 } } },
      {
        id: 'SourceCode',
        name: 'Source Code',
        basedOn: 'Normal',
        next: 'Normal',
        run: { font: 'Courier New', size: 19 },
        paragraph: { spacing: { before: 120, after: 120 } },
      },
    ],
    characterStyles: [{ id: 'VerbatimChar', name: 'Verbatim Char', basedOn: 'DefaultParagraphFont', run: { font: 'Courier New' } }],
  };
}
