import { Buffer, isUtf8 } from 'node:buffer';
import { basename, dirname, extname, relative, sep } from 'node:path';
import type { Element, ElementContent, Root as HastRoot } from 'hast';
import { toText } from 'hast-util-to-text';
import type { Root as MdastRoot } from 'mdast';
import { toString as mdastToString } from 'mdast-util-to-string';
import rehypeRaw from 'rehype-raw';
import rehypeSanitize, { defaultSchema } from 'rehype-sanitize';
import remarkFrontmatter from 'remark-frontmatter';
import remarkParse from 'remark-parse';
import remarkRehype from 'remark-rehype';
import { unified } from 'unified';
import type { Point } from 'unist';
import { EXIT, visit } from 'unist-util-visit';
import { VFile } from 'vfile';
import { location } from 'vfile-location';
import { articleSlug } from '../publish/slugs.js';
import { type LabelOverrides, type Labels, labelProblem, labelsFor } from '../renderers/common/labels.js';
import type { Article, Correction } from '../types.js';
import { controlCharacter, controlCharacterName } from './controls.js';
import { deepFreeze } from './freeze.js';
import { parseFrontMatter, pathName, toArticleMeta } from './front-matter.js';
import { type GfmSyntax, gfmSyntaxIn, remarkGfmFor } from './gfm.js';
import { headingIds } from './heading-ids.js';
import { headingLevels } from './heading-levels.js';
import { altText, isRemote, loadImages } from './images.js';
import { capHtmlNesting, capNesting, maxHtmlNesting, maxNesting } from './nesting.js';
import { tableGrid } from './table-grid.js';
import { quotationMarks, remarkEastAsianLineBreaks, remarkTypography } from './typography.js';

/** Markdown → mdast, with front matter, GFM (the part of it the text may hold) and typographic quotes and dashes. */
function markdownProcessorWith(syntax: GfmSyntax) {
  return unified().use(remarkParse).use(remarkFrontmatter, ['yaml']).use(remarkGfmFor(syntax)).use(remarkTypography).use(remarkEastAsianLineBreaks).freeze();
}
const markdownProcessors = new Map<string, ReturnType<typeof markdownProcessorWith>>();

/** The processor for a text, made once per run for each GFM subset. */
function markdownProcessorFor(text: string) {
  const syntax = gfmSyntaxIn(text);
  const key = JSON.stringify(syntax);
  let processor = markdownProcessors.get(key);
  if (!processor) {
    processor = markdownProcessorWith(syntax);
    markdownProcessors.set(key, processor);
  }
  return processor;
}

/** Elements whose obsolete `align` attribute aligned their text. */
const alignedElements = ['div', 'p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'tr', 'thead', 'tbody', 'tfoot', 'td', 'th'];

/** Alignment as CSS: the `align` attribute (of Markdown table cells too) is obsolete in HTML5 and invalid in EPUB 3. */
function alignAsStyle() {
  return (tree: HastRoot) => {
    visit(tree, 'element', (node) => {
      const align = node.properties.align;
      if (typeof align !== 'string') return;
      if (alignedElements.includes(node.tagName) && ['left', 'right', 'center', 'justify'].includes(align.toLowerCase()))
        node.properties.style = `text-align: ${align.toLowerCase()}`;
      node.properties.align = undefined;
    });
  };
}

/** Ids repeated in raw HTML get a numeric suffix: a page (or EPUB document) with duplicate ids is invalid. */
function uniqueIds() {
  return (tree: HastRoot) => {
    const seen = new Set<string>();
    visit(tree, 'element', (node) => {
      // An old-style anchor, `<a name="x">`, is invalid HTML: its name becomes its id, so links to `#x` still land.
      const name = node.properties.name;
      if (node.tagName === 'a' && typeof name === 'string') {
        if (/^\S+$/.test(name)) node.properties.id ??= name;
        node.properties.name = undefined;
      }
      const id = node.properties.id;
      if (typeof id !== 'string') return;
      let unique = id;
      for (let suffix = 2; seen.has(unique); suffix++) unique = `${id}-${suffix}`;
      seen.add(unique);
      node.properties.id = unique;
    });
  };
}

/** Elements GitHub's schema keeps that HTML5 calls obsolete (the Nu checker's errors), as their HTML5 names. */
const obsoleteElements: Record<string, string> = { strike: 's', tt: 'code' };

/** Each inline quotation (`<q>`) as its words between the marks of the article's language, nested ones in the inner marks. */
function quotationsAsMarks(tree: HastRoot | Element, lang: string, depth = 0): void {
  tree.children = tree.children.flatMap((child): ElementContent[] => {
    if (child.type !== 'element') return [child as ElementContent];
    quotationsAsMarks(child, lang, child.tagName === 'q' ? depth + 1 : depth);
    if (child.tagName !== 'q') return [child];
    const [open, close] = quotationMarks(typeof child.properties.lang === 'string' ? child.properties.lang : lang, depth);
    const quoted: ElementContent[] = [{ type: 'text', value: open }, ...child.children, { type: 'text', value: close }];
    // A quotation in another language or direction keeps its element, as a span (which takes no `cite`).
    const { cite: _cite, ...kept } = child.properties;
    return Object.keys(kept).length > 0 ? [{ ...child, tagName: 'span', properties: kept, children: quoted }] : quoted;
  }) as typeof tree.children;
}

/** Images on other hosts are never fetched, by any edition: their alt text stands in, with a warning. */
function remoteImagesAsAltText(tree: HastRoot, file: VFile, labels: () => Labels): void {
  visit(tree, 'element', (node, index, parent) => {
    const src = node.properties.src;
    if (node.tagName !== 'img' || typeof src !== 'string' || !isRemote(src) || !parent || index === undefined) return;
    file.message(`Remote image ${src} is not fetched; its alt text stands in. Save the image beside the article and link it by a relative path`, {
      place: node.position?.start,
      ruleId: 'remote-image',
      source: 'editions',
    });
    parent.children[index] = altText(node, labels());
  });
}

/**
 * Link addresses every edition can carry. A note's label goes into its ids and
 * links as remark-rehype percent-encodes it: `[^注]` gave `fn-%E6%B3%A8`, a link
 * an EPUB reader decodes and then finds no such id, and `[^#1]` a second `#`.
 * A label that is not plain ASCII letters, digits, `-` and `_` is named by the
 * note's number instead (`fn-.2`: the dot keeps it from any label kept as it
 * is). A link's stray `%` and second `#` are percent-encoded (`50%off`), which
 * the HTML and EPUB validators require and browsers read the same.
 */
function safeLinkTargets(tree: HastRoot): void {
  const renamed = new Map<string, string>();
  visit(tree, 'element', (node) => {
    const id = node.properties.id;
    if (node.tagName !== 'li' || typeof id !== 'string' || !id.startsWith(noteId)) return;
    const label = id.slice(noteId.length);
    if (!/^[\w-]+$/.test(label)) renamed.set(label, `.${renamed.size + 1}`);
  });
  const rename = (value: string, prefix: string): string => {
    const start = value.startsWith(`#${prefix}`) ? prefix.length + 1 : value.startsWith(prefix) ? prefix.length : -1;
    if (start === -1) return value;
    const rest = value.slice(start);
    for (const [label, name] of renamed) {
      // A reference's id has `-2`, `-3`… after the label for a note's second and later citations.
      if (rest === label || (rest.startsWith(`${label}-`) && /^\d+$/.test(rest.slice(label.length + 1))))
        return value.slice(0, start) + name + rest.slice(label.length);
    }
    return value;
  };
  visit(tree, 'element', (node) => {
    for (const key of ['id', 'href'] as const) {
      let value = node.properties[key];
      if (typeof value !== 'string') continue;
      if (renamed.size > 0) value = rename(rename(value, noteId), referenceId);
      if (key === 'href') {
        const fragment = value.indexOf('#');
        value = (fragment === -1 ? value : value.slice(0, fragment + 1) + value.slice(fragment + 1).replaceAll('#', '%23')).replace(
          /%(?![0-9a-f]{2})/gi,
          '%25',
        );
      }
      node.properties[key] = value;
    }
  });
}
const noteId = 'user-content-fn-';
const referenceId = 'user-content-fnref-';

/**
 * The footnotes' heading, the names of their links back and the references' numbers, which remark-rehype writes in
 * English and Latin digits, in the article's language and digits (`۱` in Persian), once for every edition.
 */
function localizeFootnotes(tree: HastRoot, labels: () => Labels): void {
  visit(tree, 'element', (node) => {
    if (node.tagName === 'section' && 'dataFootnotes' in node.properties) {
      const heading = node.children.find((child) => child.type === 'element' && /^h[1-6]$/.test(child.tagName));
      if (heading?.type === 'element') heading.children = [{ type: 'text', value: labels().text('footnotes') }];
    }
    // A reference's text is the note's number, as remark-rehype counts the notes (a raw HTML link's href is not prefixed: it stays the author's).
    const reference = 'dataFootnoteRef' in node.properties && String(node.properties.href ?? '').startsWith(`#${noteId}`);
    const number = reference && node.children.length === 1 ? node.children[0] : undefined;
    if (number?.type === 'text' && /^\d+$/.test(number.value)) number.value = labels().number(Number(number.value));
    // "Back to reference 2", or "2-3" for the third citation of the second note.
    const backReference = 'dataFootnoteBackref' in node.properties ? /(\d+)(?:-(\d+))?$/.exec(String(node.properties.ariaLabel ?? '')) : null;
    if (backReference) {
      const reference = [backReference[1], backReference[2]].filter((part) => part !== undefined).map((part) => labels().number(Number(part)));
      node.properties.ariaLabel = labels().text('footnoteBackReference', { reference: reference.join('-') });
    }
  });
}

/**
 * What GitHub's schema allows on every element, on the elements HTML5 allows it on: `size` on a `td`, `name` on a
 * `div` or `width` on a `td` is invalid or obsolete HTML, and goes. `align` becomes CSS (`alignAsStyle`), an
 * anchor's `name` its id (`uniqueIds`).
 */
const attributesByElement: Record<string, readonly string[]> = {
  '*': ['accessKey', 'dir', 'id', 'itemProp', 'lang', 'tabIndex', 'title'],
  ...Object.fromEntries(alignedElements.map((tagName) => [tagName, ['align']])),
  a: ['hrefLang', 'name'],
  data: ['value'],
  del: ['dateTime'],
  details: ['open'],
  img: ['alt', 'height', 'width'],
  input: ['checked'],
  ins: ['dateTime'],
  li: ['value'],
  ol: ['start'],
  td: ['align', 'colSpan', 'headers', 'rowSpan'],
  th: ['abbr', 'align', 'colSpan', 'headers', 'rowSpan', 'scope'],
  time: ['dateTime'],
};

/**
 * Harmless elements GitHub's schema unwraps, whose meaning an edition can keep: a figure and its caption, a
 * highlight, an abbreviation (its `title`), a citation, a date. `center` and `font` stay unwrapped: obsolete.
 */
const semanticElements = ['abbr', 'address', 'aside', 'bdi', 'cite', 'data', 'dfn', 'figcaption', 'figure', 'mark', 'small', 'time', 'u'];

/**
 * GitHub's schema, with its attributes on the elements that take them, plus the semantic elements above and a
 * table's `caption` (GitHub unwraps it into loose text in the table, which no edition sets). `picture` and `source` are unwrapped to the picture's `img`:
 * no edition fetches or embeds a source's other files, and a picture whose image became alt text is invalid.
 */
const sanitizeSchema = {
  ...defaultSchema,
  clobberPrefix: '',
  strip: [...(defaultSchema.strip ?? []), 'style'],
  tagNames: [...(defaultSchema.tagNames ?? []).filter((name) => name !== 'picture' && name !== 'source'), 'caption', ...semanticElements],
  ancestors: { ...defaultSchema.ancestors, caption: ['table'] },
  attributes: Object.fromEntries(
    [...new Set([...Object.keys(defaultSchema.attributes ?? {}), ...Object.keys(attributesByElement)])].map((name) => [
      name,
      [...(name === '*' ? [] : (defaultSchema.attributes?.[name] ?? [])), ...(attributesByElement[name] ?? [])],
    ]),
  ),
};

/**
 * mdast → hast: raw HTML is parsed, then sanitized, so no edition can carry live
 * markup; the contents of scripts and style sheets are dropped, not shown as text. remark-rehype already prefixes footnote ids, so the sanitizer adds no
 * second prefix (the pages run no script, so ids cannot clobber globals).
 */
const hastProcessor = hastProcessorWith(true);
/** Without raw HTML, rehype-raw only runs the whole tree through an HTML parser for nothing: a tenth of the time an article takes to read. */
const hastProcessorNoRaw = hastProcessorWith(false);

function hastProcessorWith(raw: boolean) {
  return unified()
    .use(remarkRehype, { allowDangerousHtml: true })
    .use(raw ? [rehypeRaw] : [])
    .use(rehypeSanitize, sanitizeSchema)
    .use(headingLevels)
    .use(alignAsStyle)
    .use(tableGrid)
    .use(uniqueIds)
    .freeze();
}

/** The sanitized HTML tree of a Markdown tree read from `file`: the body's, or a correction's text's. */
function sanitizedHast(mdast: MdastRoot, file: VFile, lang: string, labels: () => Labels): HastRoot {
  // Raw HTML starts with `<` in the source: without one, the tree need not be searched for it.
  const raw = String(file.value).includes('<') && hasRawHtml(mdast);
  const tooDeep = raw ? capHtmlNesting(mdast) : undefined;
  if (tooDeep) {
    file.message(`HTML elements nested deeper than ${maxHtmlNesting} levels are flattened to ${maxHtmlNesting}; every word is kept. Nest less deeply`, {
      place: tooDeep,
      ruleId: 'html-nesting-too-deep',
      source: 'editions',
    });
  }
  const hast = (raw ? hastProcessor : hastProcessorNoRaw).runSync(mdast, file) as HastRoot;
  if (raw) {
    quotationsAsMarks(hast, lang);
    visit(hast, 'element', (node) => {
      node.tagName = obsoleteElements[node.tagName] ?? node.tagName;
      // A raw picture without alt text is set as Markdown's `![](…)` is, as decoration (HTML requires the attribute).
      if (node.tagName === 'img' && node.properties.alt === undefined) node.properties.alt = '';
    });
  }
  remoteImagesAsAltText(hast, file, labels);
  localizeFootnotes(hast, labels);
  safeLinkTargets(hast);
  return hast;
}

/** What a block of Markdown is, by its mdast type, as a correction's text may not hold it. */
const blockNames: Readonly<Record<string, string>> = {
  paragraph: 'a second paragraph (a blank line)',
  heading: 'a heading',
  list: 'a list',
  blockquote: 'a block quote',
  code: 'a code block',
  thematicBreak: 'a rule',
  table: 'a table',
  html: 'a block of HTML',
  definition: 'a link definition',
  footnoteDefinition: 'a footnote',
};
const blockName = (type: string) => blockNames[type] ?? 'a block';

/**
 * A correction's text as the body is read (the same reader, typography in the article's language, sanitizer): its
 * phrasing content, emphasis, code, links and line breaks. A block (a heading, a list, a second paragraph) or a picture
 * is an error at its place in `file`, the text's own: a notice is a paragraph of words, which every edition sets as one.
 */
function correctionContent(file: VFile, lang: string, labels: () => Labels): ElementContent[] {
  const text = String(file.value);
  const processor = markdownProcessorFor(text);
  file.data.lang = lang;
  const mdast = processor.runSync(processor.parse(file), file) as MdastRoot;
  const refuse = (what: string, place: Point | undefined) => {
    const message = file.message(
      `holds ${what}, but a correction's text is one paragraph of inline Markdown (emphasis, strong, code, links, line breaks); write it as one paragraph of words`,
      { place, ruleId: 'correction-markdown', source: 'editions' },
    );
    message.fatal = true;
  };
  const [first, ...rest] = mdast.children;
  for (const block of first?.type === 'paragraph' ? rest : mdast.children) refuse(blockName(block.type), block.position?.start);
  visit(mdast, (node) => {
    if (node.type === 'image' || node.type === 'imageReference') refuse('a picture', node.position?.start);
  });
  if (file.messages.some((message) => message.fatal)) return [];
  const [paragraph, ...after] = sanitizedHast(mdast, file, lang, labels).children.filter((node) => node.type !== 'text' || node.value.trim() !== '');
  // Raw HTML may close the paragraph (`<div>` in it): what it left after is a block of its own.
  if (after[0]) refuse(blockName('html'), after[0].position?.start);
  if (paragraph?.type !== 'element' || after.length > 0) return [];
  // An id raw HTML gave would stand beside the body's, which no link reaches here.
  visit(paragraph, 'element', (node) => {
    node.properties.id = undefined;
  });
  return paragraph.children;
}

export interface ReadResult {
  /** Carries every message about the article. */
  readonly file: VFile;
  /** Absent when the article has an error and cannot be published. */
  readonly article?: Article;
}

/** Reads one article from its bytes: decode, parse once, validate front matter, build both trees. */
export function readArticle(path: string, bytes: Uint8Array, sourceRoot = dirname(path), labelOverrides?: LabelOverrides): ReadResult {
  const file = new VFile({ path });
  const fail = (reason: string, ruleId: string, place?: { line: number; column: number }) => {
    const message = file.message(reason, { place, ruleId, source: 'editions' });
    message.fatal = true;
    return { file };
  };

  // Text saved as UTF-16 (Windows editors' "Unicode") starts with its byte-order mark, and has NUL bytes in it.
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    return fail('The file is UTF-16 text; save it as UTF-8', 'utf-16', { line: 1, column: 1 });
  }
  // NUL never occurs in text: the file is binary (an image or archive with a .md name), whatever else is wrong with it.
  const nul = bytes.indexOf(0);
  if (nul !== -1) {
    return fail(
      `The file contains a NUL byte at byte offset ${nul}, so it is binary, not Markdown; remove it from the source folder or fix its contents`,
      'binary-content',
      placeOfByte(bytes, nul),
    );
  }
  const decoded = decodeUtf8(bytes);
  if (typeof decoded !== 'string') {
    return fail(`Invalid UTF-8 at byte offset ${decoded}; save the file as UTF-8`, 'invalid-utf8', placeOfByte(bytes, decoded));
  }
  if (decoded.trim() === '') return fail('The article is empty; write its front matter and body', 'empty-file', { line: 1, column: 1 });
  const { text, cappedLines } = capNesting(controlsAsSpaces(decoded, file));
  for (const line of cappedLines.slice(0, 10)) {
    file.message(`Block quotes or lists nested deeper than ${maxNesting} levels are flattened to ${maxNesting}; every word is kept. Nest less deeply`, {
      place: { line, column: 1 },
      ruleId: 'nesting-too-deep',
      source: 'editions',
    });
  }
  file.value = text;

  const processor = markdownProcessorFor(text);
  const parsed = processor.parse(file);

  const first = parsed.children[0];
  const yamlNode = first?.type === 'yaml' ? first : undefined;
  if (!yamlNode && /^---[ \t]*\r?\n/.test(text)) {
    return fail('Front matter starts with `---` but is never closed; end it with a line of `---`', 'unterminated-front-matter', { line: 1, column: 1 });
  }

  const places = location(file);
  const yamlStart = yamlNode?.position ? text.indexOf('\n', yamlNode.position.start.offset ?? 0) + 1 : 0;
  const frontMatter = parseFrontMatter(yamlNode?.value ?? '', (offset) => places.toPoint(yamlStart + offset) ?? { line: 1, column: 1 });
  for (const problem of frontMatter.problems) {
    const message = file.message(problem.reason, { place: { line: problem.line, column: problem.column }, ruleId: problem.ruleId, source: 'editions' });
    message.fatal = problem.fatal;
  }
  if (file.messages.some((message) => message.fatal)) return { file };
  // The body's quotation marks are the article's language's (read/typography.ts).
  file.data.lang = frontMatter.data.lang;
  const mdast = processor.runSync(parsed, file) as MdastRoot;

  let title = frontMatter.data.title;
  if (title === undefined) {
    // The document's title is the heading it opens with, past its badges, logos and HTML (a README's first level-1
    // heading). It becomes the headline and leaves the body: printed in both, it stood twice at the top of every edition.
    const body = mdast.children.filter((node) => node.type !== 'yaml');
    const opening = body.findIndex((node) => !isFurniture(node));
    const first = body[opening];
    const heading = first?.type === 'heading' && mdastToString(first).trim() !== '' ? first : undefined;
    title = heading ? mdastToString(heading) : basename(path, extname(path));
    if (heading) mdast.children.splice(mdast.children.indexOf(heading), 1);
    file.message(
      `No \`title\` in front matter; using "${title}" from the ${heading ? 'first heading, set as the headline' : 'file name'}. Add a title to the front matter`,
      { place: heading?.position?.start ?? { line: 1, column: 1 }, ruleId: 'missing-title', source: 'editions' },
    );
  }

  if (frontMatter.data.date === undefined) {
    file.message(
      'No `date` in front matter, so the editions carry no publication date: none in the HTML metadata or its JSON-LD `datePublished`, no `dc:date` in the EPUB, none by the dateline. Add `date: YYYY-MM-DD` to the front matter',
      { place: { line: 1, column: 1 }, ruleId: 'missing-date', source: 'editions' },
    );
  }

  const lang = frontMatter.data.lang ?? 'en';
  const problem = labelProblem(lang, labelOverrides);
  if (problem) file.message(problem.reason, { place: frontMatter.keyPlaces.get('lang') ?? { line: 1, column: 1 }, ruleId: problem.ruleId, source: 'editions' });
  // Made on first use: their Intl formats cost the first article 20 to 30 ms, and most articles need no label here.
  let labels: Labels | undefined;
  const labelsOnce = () => {
    labels ??= labelsFor(lang, labelOverrides);
    return labels;
  };

  const corrections = (frontMatter.data.corrections ?? []).map(({ date, text }, index): Correction => {
    const path = ['corrections', index, 'text'];
    const correctionFile = new VFile({ value: text });
    const content = correctionContent(correctionFile, lang, labelsOnce);
    // Its messages and its nodes' places, from the text's own to the article file's.
    const place = (point: Point) => frontMatter.placeInValue(path, text, point.offset ?? 0);
    for (const { reason, place: at, ruleId, fatal } of correctionFile.messages) {
      const point = at && 'start' in at ? at.start : at;
      const message = file.message(`Front matter ${pathName(path)} ${reason}`, {
        place: point ? place(point) : place({ line: 1, column: 1, offset: 0 }),
        ruleId: ruleId ?? undefined,
        source: 'editions',
      });
      message.fatal = fatal;
    }
    const paragraph: Element = { type: 'element', tagName: 'p', properties: {}, children: content };
    visit(paragraph, (node) => {
      if (node.position) node.position = { start: place(node.position.start), end: place(node.position.end) };
    });
    return { date, text: toText(paragraph), content };
  });
  if (file.messages.some((message) => message.fatal)) return { file };

  const hast = sanitizedHast(mdast, file, lang, labelsOnce);
  headingIds(hast);
  const leadImage = frontMatter.data.image;
  const images = loadImages(
    hast,
    file,
    labelsOnce,
    path,
    sourceRoot,
    leadImage === undefined ? undefined : { src: leadImage, place: frontMatter.keyPlaces.get('image') ?? { line: 1, column: 1 } },
  );
  const article: Article = {
    slug: articleSlug(relative(sourceRoot, path).split(sep).join('/'), frontMatter.data.slug),
    path,
    meta: toArticleMeta(frontMatter.data, title, corrections),
    frontMatterPlaces: frontMatter.keyPlaces,
    mdast,
    hast,
    images,
  };
  // The same read-only article in every thread: the helper thread freezes what it receives the same way.
  return { file, article: deepFreeze(article) };
}

/**
 * Sets each control character as a space, one for one so that every place
 * still points into the source, and says where the first few were: left in,
 * it made the EPUB's package and the HTML invalid.
 */
function controlsAsSpaces(text: string, file: VFile): string {
  const found = [...text.matchAll(controlCharacter)];
  for (const match of found.slice(0, 10)) {
    const before = text.slice(0, match.index);
    const line = before.split('\n').length;
    file.message(`Control character ${controlCharacterName(match[0])} is not text; it is set as a space. Remove it from the source`, {
      place: { line, column: match.index - before.lastIndexOf('\n') },
      ruleId: 'control-character',
      source: 'editions',
    });
  }
  return found.length === 0 ? text : text.replace(controlCharacter, ' ');
}

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/**
 * Decodes UTF-8, dropping a byte-order mark; on failure returns the offset of the first bad byte. Checked by
 * `isUtf8` and decoded by Buffer, both native: the strict TextDecoder took 3 ms for the 98 kB long-form fixture.
 */
function decodeUtf8(bytes: Uint8Array): string | number {
  if (!isUtf8(bytes)) return firstInvalidUtf8Offset(bytes);
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** Line and column of a byte, counting the characters before it. */
function placeOfByte(bytes: Uint8Array, offset: number): { line: number; column: number } {
  const lines = new TextDecoder('utf-8').decode(bytes.subarray(0, offset)).split('\n');
  return { line: lines.length, column: (lines.at(-1)?.length ?? 0) + 1 };
}

/** The offset of the first byte that does not start or continue a valid UTF-8 sequence. */
function firstInvalidUtf8Offset(bytes: Uint8Array): number {
  let index = 0;
  while (index < bytes.length) {
    const lead = bytes[index] ?? 0;
    const length = lead < 0x80 ? 1 : lead >= 0xc2 && lead < 0xe0 ? 2 : lead >= 0xe0 && lead < 0xf0 ? 3 : lead >= 0xf0 && lead < 0xf5 ? 4 : 0;
    if (length === 0 || index + length > bytes.length) return index;
    try {
      utf8.decode(bytes.subarray(index, index + length));
    } catch {
      return index;
    }
    index += length;
  }
  return index;
}

/** A block a document may open with before its title: raw HTML, a rule, or a paragraph of pictures and links alone (badges). */
function isFurniture(node: MdastRoot['children'][number]): boolean {
  if (node.type === 'html' || node.type === 'thematicBreak') return true;
  if (node.type !== 'paragraph') return false;
  let words = false;
  visit(node, 'text', (text) => {
    words ||= text.value.trim() !== '';
  });
  return !words;
}

function hasRawHtml(tree: MdastRoot): boolean {
  let found = false;
  visit(tree, 'html', () => {
    found = true;
    return EXIT;
  });
  return found;
}
