import type { Element, ElementContent } from 'hast';
import { imageStandIn } from '../../read/images.js';
import type { Labels } from '../common/labels.js';
import { hasItalics } from '../common/language.js';
import type { TextStyle } from './fonts.js';
import type { Anchor, Span } from './layout.js';

/** What inline content takes from its page: the labels of a picture's stand-in, and whether the stand-in is in italics (`hasItalics`). */
export interface InlinePage {
  readonly labels: Labels;
  readonly italic: boolean;
}

/** Collects styled spans from inline content; each `<a>` becomes one anchor shared by its spans. */
export function inlineSpans(children: readonly ElementContent[], style: TextStyle, size: number, page: InlinePage, extra: Partial<Span> = {}): Span[] {
  const out: Span[] = [];
  for (const child of children) {
    if (child.type === 'text') {
      const place = child.position ? { line: child.position.start.line, column: child.position.start.column } : undefined;
      out.push({ text: child.value.replace(/[ \t\r\n]+/g, ' '), style, size, place, ...extra });
      continue;
    }
    if (child.type !== 'element') continue;
    const tag = child.tagName;
    // An element in another language (`<span lang="ja">`): its text takes that language's fonts, and its Lang in the tags.
    const lang = child.properties.lang;
    const inner: Partial<Span> = typeof lang === 'string' && lang !== '' ? { ...extra, lang } : extra;
    if (tag === 'br') out.push({ text: '\n', style, size });
    else if (tag === 'strong' || tag === 'b') out.push(...inlineSpans(child.children, { ...style, bold: true }, size, page, inner));
    else if (tag === 'em' || tag === 'i' || tag === 'cite' || tag === 'var' || tag === 'dfn')
      out.push(...inlineSpans(child.children, { ...style, italic: true }, size, page, inner));
    else if (tag === 'code' || tag === 'kbd' || tag === 'samp') out.push(...inlineSpans(child.children, { ...style, mono: true }, size * 0.9, page, inner));
    else if (tag === 'del' || tag === 's') out.push(...inlineSpans(child.children, style, size, page, { ...inner, strike: true }));
    else if (tag === 'ins' || tag === 'u') out.push(...inlineSpans(child.children, style, size, page, { ...inner, underline: true }));
    else if (tag === 'mark') out.push(...inlineSpans(child.children, style, size, page, { ...inner, mark: true }));
    else if (tag === 'sup') out.push(...inlineSpans(child.children, style, size * 0.7, page, { ...inner, rise: size * 0.25 }));
    else if (tag === 'sub') out.push(...inlineSpans(child.children, style, size * 0.7, page, { ...inner, rise: -size * 0.15 }));
    else if (tag === 'a') {
      const anchor = anchorOf(child);
      // A footnote's back link ("↩") is bound to the note's last word by a no-break space: alone, it could start a line.
      const before = out.at(-1);
      if ('dataFootnoteBackref' in child.properties && before?.text.endsWith(' '))
        out[out.length - 1] = { ...before, text: `${before.text.slice(0, -1)}\u00a0` };
      out.push(...inlineSpans(child.children, style, size, page, anchor ? { ...inner, link: anchor } : inner));
    } else if (tag === 'img') {
      // In the language of its span if it has one, else the article's: upright in Chinese, Arabic…
      const italic = typeof inner.lang === 'string' ? hasItalics(inner.lang) : page.italic;
      out.push({ text: imageStandIn(child, page.labels), style: { ...style, italic }, size, ...inner });
    } else if (tag === 'input') continue;
    else out.push(...inlineSpans(child.children, style, size, page, inner));
  }
  return out;
}

/** Web and mail links open outside; `#id` links jump to the named destination of that id in this PDF. */
export function anchorOf(element: Element): Anchor | undefined {
  const href = element.properties.href;
  if (typeof href !== 'string') return undefined;
  return /^(https?|mailto):/i.test(href) || /^#./.test(href) ? { href } : undefined;
}

/** Drops leading and trailing white space of a block's text. */
export function trimSpans(spans: Span[]): Span[] {
  const out = spans.filter((span) => span.text !== '');
  while (out[0] && out[0].text.trim() === '' && out[0].text !== '\n') out.shift();
  while (out.at(-1) && out.at(-1)?.text.trim() === '' && out.at(-1)?.text !== '\n') out.pop();
  if (out[0]) out[0] = { ...out[0], text: out[0].text.trimStart() };
  const last = out.at(-1);
  if (last) out[out.length - 1] = { ...last, text: last.text.trimEnd() };
  return out;
}

/** Ids inside an element (footnote calls and notes), for named destinations. */
export function idsOf(node: ElementContent): string[] {
  if (node.type !== 'element') return [];
  const own = typeof node.properties.id === 'string' ? [node.properties.id] : [];
  return [...own, ...node.children.flatMap(idsOf)];
}
