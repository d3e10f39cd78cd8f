import type { ArticleMeta } from '../../types.js';
import type { Labels } from '../common/labels.js';
import { isRightToLeft } from '../common/language.js';
import { escapeXml } from '../common/xml.js';
import { contentFiles } from './package.js';
import type { NavEntry } from './xhtml.js';

/** Nested items for headings, by rank: `item` wraps one heading and its nested items, `wrap` a run of items. */
function headingList(headings: readonly NavEntry[], item: (entry: NavEntry, inner: string) => string, wrap: (inner: string) => string): string {
  let index = 0;
  const level = (rank: number): string => {
    const items: string[] = [];
    while (index < headings.length && (headings[index]?.rank ?? 0) >= rank) {
      const entry = headings[index++] as NavEntry;
      const inner = index < headings.length && (headings[index]?.rank ?? 0) > entry.rank ? wrap(level(headings[index]?.rank ?? 0)) : '';
      items.push(item(entry, inner));
    }
    return items.join('');
  };
  const out: string[] = [];
  while (index < headings.length) out.push(level(headings[index]?.rank ?? 0));
  return out.join('');
}

const articleLink = (entry: NavEntry) => `${contentFiles.article}#${encodeURIComponent(entry.id)}`;

/** The EPUB 3 navigation document: a table of contents with every heading, and landmarks. */
export function navDocument(meta: ArticleMeta, headings: readonly NavEntry[], labels: Labels): string {
  const [contents, landmarks, article] = (['contents', 'landmarks', 'article'] as const).map((id) => escapeXml(labels.text(id)));
  const entries = headingList(
    headings,
    (entry, inner) => `<li><a href="${escapeXml(articleLink(entry))}">${escapeXml(entry.label)}</a>${inner}</li>`,
    (inner) => `<ol>${inner}</ol>`,
  );
  const lang = escapeXml(meta.lang);
  return `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE html>
<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops" lang="${lang}" xml:lang="${lang}"${isRightToLeft(meta.lang) ? ' dir="rtl"' : ''}>
<head><meta charset="utf-8"/><title>${escapeXml(meta.title)}</title><link rel="stylesheet" type="text/css" href="${contentFiles.css}"/></head>
<body>
<nav epub:type="toc" role="doc-toc" id="toc" aria-labelledby="toc-title"><h1 id="toc-title">${contents}</h1>
<ol><li><a href="${contentFiles.title}">${escapeXml(meta.title)}</a></li><li><a href="${contentFiles.article}">${article}</a>${entries ? `<ol>${entries}</ol>` : ''}</li></ol>
</nav>
<nav epub:type="landmarks" id="landmarks" aria-labelledby="landmarks-title" hidden="hidden"><h2 id="landmarks-title">${landmarks}</h2>
<ol><li><a epub:type="toc" href="${contentFiles.nav}#toc">${contents}</a></li><li><a epub:type="bodymatter" href="${contentFiles.article}">${escapeXml(meta.title)}</a></li></ol>
</nav>
</body>
</html>
`;
}

/** The EPUB 2 NCX, for older reading systems: the same entries as the navigation document. */
export function ncxDocument(meta: ArticleMeta, identifier: string, headings: readonly NavEntry[], labels: Labels): string {
  let order = 0;
  const point = (label: string, src: string, inner = '') => {
    const playOrder = ++order;
    return `<navPoint id="nav-${playOrder}" playOrder="${playOrder}"><navLabel><text>${escapeXml(label)}</text></navLabel><content src="${escapeXml(src)}"/>${inner}</navPoint>`;
  };
  const titlePoint = point(meta.title, contentFiles.title);
  const articlePlayOrder = ++order;
  const nested = headingList(
    headings,
    (entry, inner) => point(entry.label, articleLink(entry), inner),
    (inner) => inner,
  );
  const articlePoint = `<navPoint id="nav-${articlePlayOrder}" playOrder="${articlePlayOrder}"><navLabel><text>${escapeXml(labels.text('article'))}</text></navLabel><content src="${contentFiles.article}"/>${nested}</navPoint>`;
  const topRank = Math.min(...headings.map((entry) => entry.rank));
  const depth = Math.max(1, ...headings.map((entry) => entry.rank - topRank + 2));
  return `<?xml version="1.0" encoding="UTF-8"?>
<ncx xmlns="http://www.daisy.org/z3986/2005/ncx/" version="2005-1" xml:lang="${escapeXml(meta.lang)}">
<head><meta name="dtb:uid" content="${escapeXml(identifier)}"/><meta name="dtb:depth" content="${depth}"/><meta name="dtb:totalPageCount" content="0"/><meta name="dtb:maxPageNumber" content="0"/></head>
<docTitle><text>${escapeXml(meta.title)}</text></docTitle>
<navMap>${titlePoint}${articlePoint}</navMap>
</ncx>
`;
}
