import type { Collection, CollectionArticle } from '../../types.js';
import { absoluteUrl, pageOf, translationsOf } from '../common/collection.js';
import { articleDate, isoTimestamp } from '../common/dates.js';
import { escapeXmlText as escapeXml } from '../common/xml.js';
import type { SitemapOptions } from './index.js';

/** Google News lists articles of the last two days. */
const newsWindow = 2 * 24 * 60 * 60 * 1000;

export function sitemapXml(collection: Collection, baseUrl: string, options: SitemapOptions): string {
  const dated = collection.articles.filter((article) => article.meta.date);
  const newest = Math.max(...dated.map((article) => articleDate(article.meta.date).getTime()));
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>\n',
    '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">\n',
  ];
  const translations = translationsOf(collection);
  for (const article of collection.articles) {
    const page = pageOf(article);
    if (!page) continue;
    const { meta } = article;
    const published = meta.date ? articleDate(meta.date) : undefined;
    const modified = meta.updated ? articleDate(meta.updated) : published;
    lines.push('  <url>\n', `    <loc>${escapeXml(absoluteUrl(page.path, baseUrl))}</loc>\n`);
    if (modified) lines.push(`    <lastmod>${isoTimestamp(modified)}</lastmod>\n`);
    lines.push(...alternates(translations.get(article) ?? [], baseUrl));
    if (published && newest - published.getTime() <= newsWindow) lines.push(news(article, published, publicationName(article, baseUrl, options)));
    lines.push('  </url>\n');
  }
  lines.push('</urlset>\n');
  return lines.join('');
}

/** Each version of the story, this one included, as Google reads hreflang in a sitemap (the HTML pages name them too). */
function alternates(versions: readonly CollectionArticle[], baseUrl: string): string[] {
  return versions.flatMap((version) => {
    const page = pageOf(version);
    return page ? [`    <xhtml:link rel="alternate" hreflang="${escapeXml(version.meta.lang)}" href="${escapeXml(absoluteUrl(page.path, baseUrl))}"/>\n`] : [];
  });
}

function news(article: CollectionArticle, published: Date, publication: string): string {
  return [
    '    <news:news>\n',
    '      <news:publication>\n',
    `        <news:name>${escapeXml(publication)}</news:name>\n`,
    `        <news:language>${newsLanguage(article.meta.lang)}</news:language>\n`,
    '      </news:publication>\n',
    `      <news:publication_date>${isoTimestamp(published)}</news:publication_date>\n`,
    `      <news:title>${escapeXml(article.meta.title)}</news:title>\n`,
    '    </news:news>\n',
  ].join('');
}

function publicationName(article: CollectionArticle, baseUrl: string, options: SitemapOptions): string {
  return options.publication ?? article.meta.publisher ?? new URL(baseUrl).hostname;
}

/** Google News takes ISO 639 codes, and zh-cn or zh-tw for Chinese. */
function newsLanguage(lang: string): string {
  const [language = 'en', ...rest] = lang.toLowerCase().split('-');
  if (language !== 'zh') return language;
  return rest.some((subtag) => ['tw', 'hk', 'mo', 'hant'].includes(subtag)) ? 'zh-tw' : 'zh-cn';
}
