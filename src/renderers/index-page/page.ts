import type { Element, Root } from 'hast';
import { h } from 'hastscript';
import rehypeStringify from 'rehype-stringify';
import { unified } from 'unified';
import { builtInTheme, type ResolvedTheme } from '../../config/theme.js';
import type { Collection, CollectionArticle } from '../../types.js';
import { collectionLanguage, editionLabel, mediaTypeOf, relativeUrl } from '../common/collection.js';
import { dataUrl, isFont, logoFile, mastheadElement, themeFiles } from '../common/house.js';
import { type LabelOverrides, type Labels, labelsFor } from '../common/labels.js';
import { isRightToLeft, safeLocale } from '../common/language.js';
import { masthead } from '../common/masthead.js';
import { stylesheet } from '../html/style.js';
import type { IndexOptions } from './index.js';

/** The list's own lines, after the article pages' stylesheet. */
const indexStyle = `.articles{list-style:none;margin:0;padding:0}
.articles>li{border-bottom:1px solid var(--rule);padding:1rem 0}
.articles h2{font-size:1.35rem;margin:0 0 .35rem}
.editions{display:flex;flex-wrap:wrap;gap:.25rem 1rem;list-style:none;margin:.5rem 0 0;padding:0;font-family:system-ui,sans-serif;font-size:.9rem}
`;

/** Nothing but the page's own inline stylesheet and the theme's embedded fonts and logo: the index loads no script and nothing from elsewhere. */
function policy(theme: ResolvedTheme): string {
  const files = themeFiles(theme);
  const embedded = [files.some((file) => !isFont(file)) ? ' img-src data:;' : '', files.some(isFont) ? ' font-src data:;' : ''].join('');
  return `default-src 'none'; style-src 'unsafe-inline';${embedded} base-uri 'none'; form-action 'none'`;
}

const stringifier = unified().use(rehypeStringify).freeze();

/** The index page as HTML text. */
export function indexPage(collection: Collection, options: IndexOptions, overrides: LabelOverrides, theme: ResolvedTheme): string {
  return stringifier.stringify(page(collection, options, overrides, {}, theme));
}

/** The page, with hooks for the preview: each article's entry is `#article-<slug>`. */
export function page(
  collection: Collection,
  options: IndexOptions,
  overrides: LabelOverrides,
  extra: { head?: Element[]; entry?: (article: CollectionArticle) => Element[] } = {},
  theme: ResolvedTheme = builtInTheme,
): Root {
  const lang = collectionLanguage(collection);
  const labels = labelsFor(lang, overrides);
  const title = options.title ?? labels.text('collectionTitle');
  const entries = collection.articles.map((article) => entry(article, { lang, labels, overrides }, extra.entry?.(article) ?? []));
  return {
    type: 'root',
    children: [
      { type: 'doctype' },
      h('html', { lang, dir: isRightToLeft(lang) ? 'rtl' : undefined }, [
        h('head', [
          h('meta', { charSet: 'utf-8' }),
          h('meta', { name: 'viewport', content: 'width=device-width, initial-scale=1' }),
          h('meta', { httpEquiv: 'Content-Security-Policy', content: policy(theme) }),
          h('title', title),
          // A collection file has no files beside it: the theme's fonts and logo are inside the page.
          h('style', stylesheet(theme, dataUrl, indexStyle)),
          ...(extra.head ?? []),
        ]),
        h('body', [
          mastheadElement(theme, theme.logo && dataUrl(logoFile(theme.logo))),
          h('main', [h('h1', title), entries.length > 0 ? h('ol.articles', entries) : h('p', labels.text('noArticles'))]),
        ]),
      ]),
    ],
  };
}

/** One article: in its own language where it differs from the page's; the edition links stay in the page's. */
function entry(article: CollectionArticle, pageOf: { lang: string; labels: Labels; overrides: LabelOverrides }, extra: Element[]): Element {
  const { meta } = article;
  const { lang: pageLang, labels } = pageOf;
  const lines = masthead(meta, labelsFor(meta.lang, pageOf.overrides));
  const own = meta.lang !== pageLang;
  const html = article.editions.find((edition) => edition.renderer === 'html');
  const headline = html ? h('a', { href: relativeUrl(html.path) }, meta.title) : meta.title;
  const byline = [lines.byline, lines.credit].filter(Boolean).join(' · ');
  const when = meta.date && lines.date ? h('time', { dateTime: meta.date.replace(' ', 'T') }, lines.date) : undefined;
  // An id has no white space: a slug's (from a file name such as `Budget vote.md`) is percent-encoded, as a link to it would be.
  return h(
    'li',
    {
      id: `article-${article.slug.replace(/\s/gu, encodeURIComponent)}`,
      lang: own ? meta.lang : undefined,
      dir: own ? (isRightToLeft(meta.lang) ? 'rtl' : 'ltr') : undefined,
    },
    [
      h('h2', headline),
      meta.description ? h('p.dek', meta.description) : undefined,
      byline ? h('p.byline', byline) : undefined,
      lines.place || when ? h('p.dateline', [lines.place ?? '', lines.place && when ? ' · ' : '', when ?? '']) : undefined,
      ...extra,
      article.editions.length > 0
        ? h(
            'ul.editions',
            {
              lang: own ? pageLang : undefined,
              dir: own ? (isRightToLeft(pageLang) ? 'rtl' : 'ltr') : undefined,
              'aria-label': labels.text('editions', { title: meta.title }),
            },
            article.editions.map((edition) =>
              h('li', [
                h('a', { href: relativeUrl(edition.path), type: mediaTypeOf(edition.path) }, editionLabel(edition, labels)),
                ` (${size(edition.bytes, pageLang)})`,
              ]),
            ),
          )
        : undefined,
    ],
  );
}

/** A size in the page's language: "12.3 kB"; under a kilobyte in bytes, which "0 kB" hid. */
function size(bytes: number, lang: string): string {
  // Bytes in words ("47 bytes"): ICU's short English form is "47 byte".
  const [unit, value, unitDisplay] =
    bytes < 1000
      ? (['byte', bytes, 'long'] as const)
      : bytes < 1_000_000
        ? (['kilobyte', bytes / 1000, 'short'] as const)
        : (['megabyte', bytes / 1_000_000, 'short'] as const);
  return new Intl.NumberFormat(safeLocale(lang), { style: 'unit', unit, unitDisplay, maximumFractionDigits: 1 }).format(value);
}
