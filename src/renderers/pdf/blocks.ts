// Referenced, not left to tsconfig's include: a newsroom's project type-checks src/ through the package's types.
/// <reference path="./svg-to-pdfkit.d.ts" />
import type { Element, ElementContent } from 'hast';
import { toText } from 'hast-util-to-text';
import type { ThemeLogo } from '../../config/theme.js';
import { addressAsWritten, imageStandIn } from '../../read/images.js';
import type { ImageAsset } from '../../types.js';
import { unconvertedWarning } from '../common/converted-images.js';
import { graphemesOf } from '../common/segments.js';
import { fontChain, fontFor, type TextStyle } from './fonts.js';
import { drawPicture, openPicture, type PdfImage } from './images.js';
import { idsOf, inlineSpans, trimSpans } from './inline.js';
import type { Anchor, Span } from './layout.js';
import type { PdfPages } from './pages.js';
import { type BlockOptions, blockLines, destinationOf, linesHeight, paragraph, span } from './paragraph.js';
import { shape } from './shape.js';
import type { StructElement } from './tagging.js';

/* The article's blocks other than paragraphs and tables: text blocks, code, figures and the quote rule. */

export function textBlock(
  page: PdfPages,
  children: readonly ElementContent[],
  type: string,
  parent: StructElement,
  options: BlockOptions,
  style: TextStyle = page.regular,
  size = page.settings.baseSize,
): void {
  const spans = textSpans(page, children, style, size);
  if (!spans.some((span) => span.text.trim() !== '')) return;
  destinationsFor(page, children);
  paragraph(page, spans, type, parent, options);
}

/** The spans of inline content; a picture in it is set as its alt text, with a warning that says how to print it. */
export function textSpans(page: PdfPages, children: readonly ElementContent[], style: TextStyle, size: number): Span[] {
  for (const image of children.flatMap(imagesIn))
    page.context.warn(
      `Image ${addressAsWritten(String(image.properties.src))} is inside a line of text; the PDF edition sets its alt text there. Give the picture a paragraph of its own to print it`,
      { place: image.position?.start, ruleId: 'pdf-image-inline' },
    );
  return trimSpans(inlineSpans(children, style, size, page));
}

function imagesIn(node: ElementContent): Element[] {
  if (node.type !== 'element') return [];
  return node.tagName === 'img' ? [node] : node.children.flatMap(imagesIn);
}

/** Named destinations for ids in the block, so `#id` links (footnotes both ways) land here. */
export function destinationsFor(page: PdfPages, children: readonly ElementContent[]): void {
  for (const id of children.flatMap(idsOf)) destination(page, id);
}

/** A named destination for an id at the current line, unless it has one already. */
export function destination(page: PdfPages, id: string): void {
  if (page.destinations.has(id)) return;
  page.destinations.add(id);
  page.doc.addNamedDestination(id, 'XYZ', page.left, page.doc.page.height - page.y, null);
}

/** Code: monospace, never reflowed; a line too long for the measure wraps with a "↪" marker. */
export function code(page: PdfPages, node: Element, parent: StructElement, indent: number): void {
  const size = page.settings.baseSize * 0.85;
  const style: TextStyle = { ...page.regular, mono: true };
  const source = toText(node).replace(/\n$/, '');
  page.beforeFirstLine();
  const element = page.doc.struct('Code');
  parent.add(element);
  const width = page.width - indent - size * 2;
  const marker = '↪';
  const chain = fontChain(style, page.article.meta.lang);
  const lines = source.split('\n').flatMap((line) => codeLines(line === '' ? ' ' : withoutTabs(line), width, style, size, page.article.meta.lang));
  for (const { text, continued } of lines) {
    if (page.y + size * 1.3 > page.bottom) page.newPage();
    const baseline = page.y + size * 1.1;
    if (continued) {
      page.doc.markContent('Artifact', { type: 'Layout' });
      page.plainText(marker, style, size, page.left + indent, baseline, { rtl: false });
      page.doc.endMarkedContent();
    }
    // A line with a character no font has draws a box for it: the line is a Span whose ActualText keeps the characters
    // (only a Span's marked content carries ActualText), as in prose, so extraction and screen readers read the code.
    const boxed = [...graphemesOf(text)].some((grapheme) => fontFor(chain, grapheme) === null);
    const span = boxed ? page.doc.struct('Span', { actual: text }) : undefined;
    if (span) element.add(span);
    (span ?? element).add(page.doc.markStructureContent(span ? 'Span' : 'Code', span ? { actual: text } : {}));
    // Placed at the code block: its lines are not mapped back to the source's columns.
    page.plainText(text, style, size, page.left + indent + size * 1.5, baseline, {
      onMissing: (character) => page.warnMissing(character, node.position?.start, 0),
      rtl: false,
    });
    page.doc.endMarkedContent();
    span?.end();
    page.y += size * 1.3;
  }
  element.end();
  page.y += page.settings.baseSize * 0.6;
}

/**
 * A code line's tabs as spaces to the next stop of eight columns, where browsers and terminals put them: no font has
 * a glyph for a tab, and each was drawn as a box one column wide.
 */
function withoutTabs(line: string): string {
  if (!line.includes('\t')) return line;
  let column = 0;
  let spaced = '';
  for (const character of line) {
    const text = character === '\t' ? ' '.repeat(8 - (column % 8)) : character;
    spaced += text;
    column += text.length;
  }
  return spaced;
}

/**
 * Cuts a code line into pieces that fit the width, between grapheme clusters:
 * code is never reflowed at spaces. Each cluster is measured in the font that
 * sets it: Chinese or Devanagari in a code block is wider than the monospace
 * face's digits, and a line counted in characters ran off the page.
 */
function codeLines(line: string, width: number, style: TextStyle, size: number, lang: string): { text: string; continued: boolean }[] {
  const chain = fontChain(style, lang);
  const graphemes = [...graphemesOf(line)];
  const out: { text: string; continued: boolean }[] = [];
  let start = 0;
  do {
    let end = start;
    let used = 0;
    for (; end < graphemes.length; end++) {
      const grapheme = graphemes[end] as string;
      const advance = shape(fontFor(chain, grapheme) ?? chain[0] ?? 'mono-regular', grapheme, false).width * size;
      // At least one cluster a line, however wide.
      if (end > start && used + advance > width) break;
      used += advance;
    }
    out.push({ text: graphemes.slice(start, end).join(''), continued: start > 0 });
    start = end;
  } while (start < graphemes.length);
  return out;
}

/**
 * PNG and JPEG images from the pipeline, scaled to the measure, tagged as Figure with their alt text; a linked
 * picture is a Link holding the Figure and the link's annotation over the picture.
 */
export function figure(page: PdfPages, img: Element, caption: Element | undefined, parent: StructElement, indent: number, link?: Anchor): void {
  const base = page.settings.baseSize;
  const src = typeof img.properties.src === 'string' ? img.properties.src : '';
  const alt = typeof img.properties.alt === 'string' ? img.properties.alt : '';
  const asset = page.article.images.get(src);
  page.beforeFirstLine();
  const image = asset && openedOrWarned(page, asset, img);
  if (!asset || !image) {
    paragraph(page, [span(imageStandIn(img, page.labels), { ...page.regular, italic: page.italic }, base, { link })], 'P', parent, { indent, justify: false });
    return;
  }
  const available = page.width - indent;
  const fullScale = Math.min(1, available / asset.width, ((page.bottom - page.top) * 0.7) / asset.height);
  // Only a figcaption captions the figure: a picture that is no figure in the other editions (linked, or one of several
  // in a paragraph) shows its title in none of them, and the Figure's alt text carries its words.
  const captionContent: ElementContent[] = caption ? caption.children : [];
  const captionOptions: BlockOptions = { indent, justify: false, color: page.colors.muted };
  const captionSpans = captionContent.length > 0 ? textSpans(page, captionContent, { ...page.regular, italic: page.italic, headline: true }, base * 0.9) : [];
  const captionLines = captionSpans.some((text) => text.text.trim() !== '') ? blockLines(page, captionSpans, captionOptions) : [];
  // The caption goes on the page with its picture: three lines of it after a picture at a page's foot went over alone.
  const captionRoom = Math.max(base * 3, base * 0.5 + linesHeight(page, captionLines));
  // A picture that nearly fits the room left is drawn a little smaller there, rather than leaving the room blank.
  const fitted = Math.min(1, (page.bottom - page.y - captionRoom) / (asset.height * fullScale));
  if (fitted < smallestFittedScale && page.y > page.top) page.newPage();
  const scale = fullScale * (page.y > page.top ? fitted : 1);
  const width = asset.width * scale;
  const height = asset.height * scale;
  // Right-to-left articles set figures flush right.
  const x = page.rtl ? page.left + page.width - indent - width : page.left + indent;
  const linkElement = link && page.doc.struct('Link');
  if (linkElement) parent.add(linkElement);
  const figure = page.doc.struct('Figure', { alt: alt || page.labels.text('image'), bbox: [x, page.y, x + width, page.y + height] });
  (linkElement ?? parent).add(figure);
  figure.add(page.doc.markStructureContent('Figure'));
  drawPicture(page.doc, image, x, page.y, { width, height });
  page.doc.endMarkedContent();
  if (link && linkElement) {
    // PDF/UA wants a description on each link annotation: the picture's alt text, and where it goes.
    const options = { structParent: linkElement, Contents: new String(`${alt || page.labels.text('image')} (${link.href})`) };
    if (link.href.startsWith('#')) page.doc.goTo(x, page.y, width, height, destinationOf(link.href), options);
    else page.doc.link(x, page.y, width, height, link.href, options as never);
  }
  page.y += height + base * 0.5;
  if (captionLines.length > 0) {
    destinationsFor(page, captionContent);
    paragraph(page, { lines: captionLines }, 'Caption', figure, captionOptions);
  } else if (captionContent.length === 0) page.y += base * 0.3;
  figure.end();
  linkElement?.end();
}

/**
 * The least a figure is scaled down to fit the room left on a page. At 70% it keeps half its area and reads as the
 * same picture; below, going over costs less: the room it leaves blank is under 70% of its height (49% of a page at most).
 */
export const smallestFittedScale = 0.7;

/** The picture opened for the PDF; undefined, with a warning at the image, when it is not PNG or JPEG or cannot be read. */
function openedOrWarned(page: PdfPages, asset: ImageAsset, img: Element): PdfImage | undefined {
  const warn = (why: string, ruleId: string) => page.context.warn(`Image ${addressAsWritten(asset.src)} ${why}`, { place: img.position?.start, ruleId });
  // A GIF or WebP is a JPEG or PNG by now (pdf/index.ts), unless it could not be decoded or declares too many pixels.
  const unconverted = page.article.unconverted.get(asset.src);
  if (unconverted) {
    const { reason, ruleId } = unconvertedWarning('pdf', asset, unconverted);
    page.context.warn(reason, { place: img.position?.start, ruleId });
    return undefined;
  }
  if (asset.mediaType !== 'image/png' && asset.mediaType !== 'image/jpeg') {
    warn(`is ${asset.mediaType}; the PDF edition embeds PNG, JPEG, GIF and WebP pictures, so its alt text stands in. Convert it to PNG`, 'pdf-image-format');
    return undefined;
  }
  try {
    return openPicture(page.doc, asset);
  } catch (error) {
    warn(`cannot be read (${(error as Error).message}), so its alt text stands in. Export it again`, 'pdf-image-unreadable');
    return undefined;
  }
}

/**
 * The theme's logo at its place: a PNG as an image, an SVG drawn as vector
 * paths by svg-to-pdfkit, loaded for an SVG logo only. An SVG with text is not
 * drawn: svg-to-pdfkit would set it in a standard font, not embedded, which PDF/UA forbids.
 */
export async function drawLogo(page: PdfPages, logo: ThemeLogo, x: number, y: number, width: number, height: number): Promise<void> {
  if (logo.mediaType === 'image/png') {
    try {
      drawPicture(page.doc, openPicture(page.doc, logo), x, y, { width, height });
    } catch (error) {
      page.context.warn(`The logo ${logo.fileName} cannot be read (${(error as Error).message}); the PDF edition leaves it out. Export it again`, {
        ruleId: 'pdf-logo-unreadable',
      });
    }
    return;
  }
  const svg = new TextDecoder().decode(logo.bytes);
  if (/<text[\s>]/.test(svg)) {
    page.context.warn(`The logo ${logo.fileName} has text; the PDF edition draws SVG paths only, so it leaves the logo out. Convert the logo's text to paths`, {
      ruleId: 'pdf-logo-text',
    });
    return;
  }
  const { default: svgToPdfkit } = await import('svg-to-pdfkit');
  svgToPdfkit(page.doc, svg, x, y, { width, height, assumePt: true, preserveAspectRatio: 'xMidYMid meet' });
}
