import type { Element, ElementContent } from 'hast';
import { graphemesOf } from '../common/segments.js';
import { fontChain, fontFor, type TextStyle } from './fonts.js';
import { idsOf, inlineSpans, textOf, trimSpans } from './inline.js';
import { type BlockOptions, PageSetter, regular } from './page.js';
import { shape } from './shape.js';
import type { StructElement } from './tagging.js';

/** Blocks that are not running text: code, figures and the quote rule; and the text blocks they share with the article. */
export class MediaSetter extends PageSetter {
  private readonly destinations = new Set<string>();

  protected textBlock(
    children: readonly ElementContent[],
    type: string,
    parent: StructElement,
    options: BlockOptions,
    style: TextStyle = regular,
    size = this.settings.baseSize,
  ): void {
    const spans = trimSpans(inlineSpans(children, style, size));
    if (!spans.some((span) => span.text.trim() !== '')) return;
    this.destinationsFor(children);
    this.paragraph(spans, type, parent, options);
  }

  /** Named destinations for ids in the block, so `#id` links (footnotes both ways) land here. */
  protected destinationsFor(children: readonly ElementContent[]): void {
    for (const id of children.flatMap(idsOf)) {
      if (this.destinations.has(id)) continue;
      this.destinations.add(id);
      this.doc.addNamedDestination(id, 'XYZ', this.left, this.doc.page.height - this.y, null);
    }
  }

  protected quoteBar(top: number, x: number): void {
    if (this.y <= top) return;
    this.doc.markContent('Artifact', { type: 'Layout' });
    this.doc
      .moveTo(this.rtl ? this.left + this.width - x : this.left + x, top)
      .lineTo(this.rtl ? this.left + this.width - x : this.left + x, this.y - this.settings.baseSize * 0.6)
      .lineWidth(1.5)
      .strokeColor('#bbbbbb')
      .stroke();
    this.doc.endMarkedContent();
  }

  /** Code: monospace, never reflowed; a line too long for the measure wraps with a "↪" marker. */
  protected code(node: Element, parent: StructElement, indent: number): void {
    const size = this.settings.baseSize * 0.85;
    const style: TextStyle = { ...regular, mono: true };
    const source = textOf(node).replace(/\n$/, '');
    this.beforeFirstLine();
    const element = this.doc.struct('Code');
    parent.add(element);
    const width = this.width - indent - size * 2;
    const marker = '↪';
    const lines = source.split('\n').flatMap((line) => this.codeLines(line === '' ? ' ' : line, width, style, size));
    for (const { text, continued } of lines) {
      if (this.y + size * 1.3 > this.bottom) this.newPage();
      const baseline = this.y + size * 1.1;
      if (continued) {
        this.doc.markContent('Artifact', { type: 'Layout' });
        this.plainText(marker, style, size, this.left + indent, baseline);
        this.doc.endMarkedContent();
      }
      element.add(this.doc.markStructureContent('Code'));
      this.plainText(text, style, size, this.left + indent + size * 1.5, baseline);
      this.doc.endMarkedContent();
      this.y += size * 1.3;
    }
    element.end();
    this.y += this.settings.baseSize * 0.6;
  }

  /**
   * Cuts a code line into pieces that fit the width, between grapheme clusters:
   * code is never reflowed at spaces. Each cluster is measured in the font that
   * sets it: Chinese or Devanagari in a code block is wider than the monospace
   * face's digits, and a line counted in characters ran off the page.
   */
  protected codeLines(line: string, width: number, style: TextStyle, size: number): { text: string; continued: boolean }[] {
    const chain = fontChain(style);
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

  /** PNG and JPEG images from the pipeline, scaled to the measure, tagged as Figure with their alt text. */
  protected figure(img: Element, caption: Element | undefined, parent: StructElement, indent: number): void {
    const base = this.settings.baseSize;
    const src = typeof img.properties.src === 'string' ? img.properties.src : '';
    const alt = typeof img.properties.alt === 'string' ? img.properties.alt : '';
    const asset = this.article.images.get(src);
    this.beforeFirstLine();
    if (!asset || (asset.mediaType !== 'image/png' && asset.mediaType !== 'image/jpeg')) {
      if (asset)
        this.context.warn(`Image ${src} is ${asset.mediaType}; the PDF edition embeds PNG and JPEG only, so its alt text stands in. Convert it to PNG`, {
          place: img.position?.start,
          ruleId: 'pdf-image-format',
        });
      this.paragraph([this.span(`[Image${alt ? `: ${alt}` : ''}]`, { ...regular, italic: true }, base)], 'P', parent, { indent, justify: false });
      return;
    }
    const available = this.width - indent;
    const scale = Math.min(1, available / asset.width, ((this.bottom - this.top) * 0.7) / asset.height);
    const width = asset.width * scale;
    const height = asset.height * scale;
    if (this.y + height + base * 3 > this.bottom && this.y > this.top) this.newPage();
    // Right-to-left articles set figures flush right.
    const x = this.rtl ? this.left + this.width - indent - width : this.left + indent;
    const figure = this.doc.struct('Figure', { alt: alt || 'Image', bbox: [x, this.y, x + width, this.y + height] });
    parent.add(figure);
    figure.add(this.doc.markStructureContent('Figure'));
    this.doc.image(Buffer.from(asset.bytes), x, this.y, { width, height });
    this.doc.endMarkedContent();
    this.y += height + base * 0.5;
    // A figcaption, or else the image's title, captions the figure.
    const title = typeof img.properties.title === 'string' ? img.properties.title : '';
    const captionContent: ElementContent[] = caption ? caption.children : title ? [{ type: 'text', value: title }] : [];
    if (captionContent.length > 0) this.textBlock(captionContent, 'Caption', figure, { indent, justify: false }, { ...regular, italic: true }, base * 0.9);
    else this.y += base * 0.3;
    figure.end();
  }
}

/** The first element of that name inside a node, at any depth. */
export function findElement(node: Element, tagName: string): Element | undefined {
  for (const child of node.children) {
    if (child.type !== 'element') continue;
    if (child.tagName === tagName) return child;
    const found = findElement(child, tagName);
    if (found) return found;
  }
  return undefined;
}
