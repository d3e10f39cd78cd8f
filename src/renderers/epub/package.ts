import type { ArticleMeta } from '../../types.js';
import type { NavEntry } from './xhtml.js';

/** Escapes text for XML content and attribute values. */
export function xml(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

export interface PackageFacts {
  readonly meta: ArticleMeta;
  readonly identifier: string;
  /** `CCYY-MM-DDThh:mm:ssZ`, from the article, never the clock. */
  readonly modified: string;
}

/** Files of the book, in spine order after the cover image. */
export const contentFiles = { cover: 'cover.svg', title: 'title.xhtml', article: 'article.xhtml', nav: 'toc.xhtml', ncx: 'toc.ncx', css: 'style.css' } as const;

/** The package document: metadata (with EPUB Accessibility 1.1), manifest, spine. */
export function contentOpf({ meta, identifier, modified }: PackageFacts): string {
  const lines = [
    `<dc:identifier id="book-id">${xml(identifier)}</dc:identifier>`,
    `<dc:title>${xml(meta.title)}</dc:title>`,
    `<dc:language>${xml(meta.lang)}</dc:language>`,
    ...meta.authors.map(
      (author, index) =>
        `<dc:creator id="creator-${index + 1}">${xml(author)}</dc:creator>\n    <meta refines="#creator-${index + 1}" property="role" scheme="marc:relators">aut</meta>`,
    ),
    meta.credit
      ? `<dc:contributor id="credit">${xml(meta.credit)}</dc:contributor>\n    <meta refines="#credit" property="role" scheme="marc:relators">ctb</meta>`
      : '',
    meta.publisher ? `<dc:publisher>${xml(meta.publisher)}</dc:publisher>` : '',
    meta.date ? `<dc:date>${xml(meta.date)}</dc:date>` : '',
    meta.description ? `<dc:description>${xml(meta.description)}</dc:description>` : '',
    ...meta.tags.map((tag) => `<dc:subject>${xml(tag)}</dc:subject>`),
    meta.rights ? `<dc:rights>${xml(meta.rights)}</dc:rights>` : '',
    `<meta property="dcterms:modified">${modified}</meta>`,
    '<meta name="cover" content="cover-image"/>',
    '<meta property="schema:accessMode">textual</meta>',
    '<meta property="schema:accessModeSufficient">textual</meta>',
    ...['structuralNavigation', 'tableOfContents', 'readingOrder', 'displayTransformability'].map(
      (feature) => `<meta property="schema:accessibilityFeature">${feature}</meta>`,
    ),
    '<meta property="schema:accessibilityHazard">none</meta>',
    `<meta property="schema:accessibilitySummary">${xml(accessibilitySummary)}</meta>`,
    '<meta property="dcterms:conformsTo">EPUB Accessibility 1.1 - WCAG 2.2 Level AA</meta>',
  ].filter(Boolean);
  return `<?xml version="1.0" encoding="UTF-8"?>
<package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="book-id" xml:lang="${xml(meta.lang)}" prefix="marc: http://id.loc.gov/vocabulary/">
  <metadata xmlns:dc="http://purl.org/dc/elements/1.1/">
    ${lines.join('\n    ')}
  </metadata>
  <manifest>
    <item id="cover-image" href="${contentFiles.cover}" media-type="image/svg+xml" properties="cover-image"/>
    <item id="title-page" href="${contentFiles.title}" media-type="application/xhtml+xml"/>
    <item id="article" href="${contentFiles.article}" media-type="application/xhtml+xml"/>
    <item id="nav" href="${contentFiles.nav}" media-type="application/xhtml+xml" properties="nav"/>
    <item id="ncx" href="${contentFiles.ncx}" media-type="application/x-dtbncx+xml"/>
    <item id="style" href="${contentFiles.css}" media-type="text/css"/>
  </manifest>
  <spine toc="ncx">
    <itemref idref="title-page"/>
    <itemref idref="nav"/>
    <itemref idref="article"/>
  </spine>
</package>
`;
}

const accessibilitySummary =
  'Text-only article with a title page, a navigation document listing every heading, semantic sections and footnotes as linked notes. Text can be restyled and reflowed by the reading system. No hazards.';

/** Nested `ol` items for headings, by rank. */
function headingList(
  headings: readonly NavEntry[],
  href: (entry: NavEntry) => string,
  item: (entry: NavEntry, inner: string) => string,
  wrap: (inner: string) => string,
): string {
  let index = 0;
  const level = (rank: number): string => {
    const items: string[] = [];
    while (index < headings.length && (headings[index]?.rank ?? 0) >= rank) {
      const entry = headings[index++] as NavEntry;
      const inner = index < headings.length && (headings[index]?.rank ?? 0) > entry.rank ? wrap(level(headings[index]?.rank ?? 0)) : '';
      items.push(item({ ...entry, id: href(entry) }, inner));
    }
    return items.join('');
  };
  const out: string[] = [];
  while (index < headings.length) out.push(level(headings[index]?.rank ?? 0));
  return out.join('');
}

/** The EPUB 3 navigation document: table of contents and landmarks. */
export function navDocument(meta: ArticleMeta, headings: readonly NavEntry[]): string {
  const articleHref = contentFiles.article;
  const entries = headingList(
    headings,
    (entry) => `${articleHref}#${entry.id}`,
    (entry, inner) => `<li><a href="${xml(entry.id)}">${xml(entry.label)}</a>${inner}</li>`,
    (inner) => `<ol>${inner}</ol>`,
  );
  return `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE html>
<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops" lang="${xml(meta.lang)}" xml:lang="${xml(meta.lang)}">
<head><meta charset="utf-8"/><title>${xml(meta.title)}</title><link rel="stylesheet" type="text/css" href="${contentFiles.css}"/></head>
<body>
<nav epub:type="toc" role="doc-toc" id="toc" aria-labelledby="toc-title"><h1 id="toc-title">Contents</h1>
<ol><li><a href="${contentFiles.title}">${xml(meta.title)}</a></li><li><a href="${articleHref}">Article</a>${entries ? `<ol>${entries}</ol>` : ''}</li></ol>
</nav>
<nav epub:type="landmarks" id="landmarks" aria-labelledby="landmarks-title" hidden="hidden"><h2 id="landmarks-title">Landmarks</h2>
<ol><li><a epub:type="toc" href="${contentFiles.nav}#toc">Contents</a></li><li><a epub:type="bodymatter" href="${articleHref}">${xml(meta.title)}</a></li></ol>
</nav>
</body>
</html>
`;
}

/** The EPUB 2 NCX, for older reading systems. */
export function ncxDocument(meta: ArticleMeta, identifier: string, headings: readonly NavEntry[]): string {
  let order = 0;
  const point = (label: string, src: string, inner = '') =>
    `<navPoint id="nav-${++order}" playOrder="${order}"><navLabel><text>${xml(label)}</text></navLabel><content src="${xml(src)}"/>${inner}</navPoint>`;
  const titlePoint = point(meta.title, contentFiles.title);
  const articlePlayOrder = ++order;
  const nested = headingList(
    headings,
    (entry) => `${contentFiles.article}#${entry.id}`,
    (entry, inner) => point(entry.label, entry.id, inner),
    (inner) => inner,
  );
  const articlePoint = `<navPoint id="nav-article" playOrder="${articlePlayOrder}"><navLabel><text>Article</text></navLabel><content src="${contentFiles.article}"/>${nested}</navPoint>`;
  const depth = Math.max(1, ...headings.map((entry) => entry.rank - Math.min(...headings.map((h) => h.rank)) + 2));
  return `<?xml version="1.0" encoding="UTF-8"?>
<ncx xmlns="http://www.daisy.org/z3986/2005/ncx/" version="2005-1" xml:lang="${xml(meta.lang)}">
<head><meta name="dtb:uid" content="${xml(identifier)}"/><meta name="dtb:depth" content="${depth}"/><meta name="dtb:totalPageCount" content="0"/><meta name="dtb:maxPageNumber" content="0"/></head>
<docTitle><text>${xml(meta.title)}</text></docTitle>
<navMap>${titlePoint}${articlePoint}</navMap>
</ncx>
`;
}

/** A typographic cover (SVG is a core media type): the headline and the publisher. */
export function coverSvg(meta: ArticleMeta): string {
  const lines = balanceLines(meta.title, 22).slice(0, 7);
  const title = lines.map((line, index) => `<text x="80" y="${360 + index * 78}" font-size="64" font-weight="bold">${xml(line)}</text>`).join('');
  return `<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" version="1.1" viewBox="0 0 1200 1600" width="1200" height="1600" role="img" aria-labelledby="cover-title">
<title id="cover-title">${xml(meta.title)}</title>
<rect width="1200" height="1600" fill="#f7f3ea"/><rect x="60" y="60" width="1080" height="1480" fill="none" stroke="#1b1b1b" stroke-width="4"/>
<g font-family="serif" fill="#1b1b1b">${title}${meta.publisher ? `<text x="80" y="1460" font-size="40">${xml(meta.publisher)}</text>` : ''}</g>
</svg>
`;
}

function balanceLines(value: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of value.split(/\s+/)) {
    if (line && (line + word).length > width) {
      lines.push(line.trim());
      line = '';
    }
    line += `${word} `;
  }
  if (line.trim()) lines.push(line.trim());
  return lines;
}
