import type { Element, ElementContent, Root } from 'hast';
import { h } from 'hastscript';
import rehypeStringify from 'rehype-stringify';
import { unified } from 'unified';
import { builtInTheme, type ResolvedTheme } from '../../config/theme.js';
import type { Collection, CollectionArticle } from '../../types.js';
import { collectionLanguage, editionLabel, isInLanguage, mediaTypeOf, pageOf, relativeUrl, translationsOf } from '../common/collection.js';
import { dataUrl, isFont, logoFile, mastheadElement, themeFiles } from '../common/house.js';
import { type LabelOverrides, type Labels, labelsFor } from '../common/labels.js';
import { directionOf, isRightToLeft, safeLocale } from '../common/language.js';
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

/**
 * The page, with hooks for the preview: each article's entry is `#article-<slug>`; `lang` sets the page's language
 * without choosing the articles, as `options.lang` does (the preview's own words are English).
 */
export function page(
  collection: Collection,
  options: IndexOptions,
  overrides: LabelOverrides,
  extra: { lang?: string; head?: Element[]; entry?: (article: CollectionArticle) => Element[] } = {},
  theme: ResolvedTheme = builtInTheme,
): Root {
  const lang = options.lang ?? extra.lang ?? collectionLanguage(collection);
  const labels = labelsFor(lang, overrides);
  const title = options.title ?? labels.text('collectionTitle');
  // The versions come from every article, so that one language's page links the others'.
  const translations = translationsOf(collection);
  const listed = options.lang ? collection.articles.filter((article) => isInLanguage(article.meta.lang, lang)) : collection.articles;
  const entries = listed.map((article) => entry(article, { lang, labels, overrides }, translations.get(article) ?? [], extra.entry?.(article) ?? []));
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
function entry(
  article: CollectionArticle,
  listing: { lang: string; labels: Labels; overrides: LabelOverrides },
  versions: readonly CollectionArticle[],
  extra: Element[],
): Element {
  const { meta } = article;
  const { lang: pageLang, labels } = listing;
  const lines = masthead(meta, labelsFor(meta.lang, listing.overrides));
  const own = meta.lang !== pageLang;
  const html = article.editions.find((edition) => edition.renderer === 'html');
  const inPageLanguage = { lang: own ? pageLang : undefined, dir: own ? directionOf(pageLang) : undefined };
  const headline = html ? h('a', { href: relativeUrl(html.path) }, meta.title) : meta.title;
  const byline = [lines.byline, lines.credit].filter(Boolean).join(' · ');
  const when = meta.date && lines.date ? h('time', { dateTime: meta.date.replace(' ', 'T') }, lines.date) : undefined;
  // The masthead's line, in the article's language, as its pages print it: a reader sees which stories changed since.
  const dateline = [
    lines.place ? h('span', lines.place.content as ElementContent[]) : undefined,
    when,
    lines.updated ? h('span.updated', lines.updated.content as ElementContent[]) : undefined,
  ].filter((part) => part !== undefined);
  // An id has no white space: a slug's (from a file name such as `Budget vote.md`) is percent-encoded, as a link to it would be.
  return h(
    'li',
    {
      id: `article-${article.slug.replace(/\s/gu, encodeURIComponent)}`,
      lang: own ? meta.lang : undefined,
      dir: own ? directionOf(meta.lang) : undefined,
    },
    [
      h('h2', headline),
      meta.description ? h('p.dek', meta.description) : undefined,
      byline ? h('p.byline', byline) : undefined,
      dateline.length > 0
        ? h(
            'p.dateline',
            dateline.flatMap((part, index) => (index === 0 ? [part] : [' · ', part])),
          )
        : undefined,
      otherVersions(article, versions, labels, inPageLanguage),
      ...extra,
      article.editions.length > 0
        ? h(
            'ul.editions',
            {
              ...inPageLanguage,
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

/**
 * The story's other versions, each linked by its language's own name ("Français", "العربية"), in that language, as
 * multilingual sites name them (and W3C's internationalization advice): a reader looks for the language they read,
 * which they may not find named in the page's. The lead-in ("Also in:") is in the page's language.
 */
function otherVersions(
  article: CollectionArticle,
  versions: readonly CollectionArticle[],
  labels: Labels,
  inPageLanguage: { lang?: string; dir?: string },
): Element | undefined {
  const links = versions.flatMap((version) => {
    const page = pageOf(version);
    if (version === article || !page) return [];
    const { lang } = version.meta;
    return [h('a', { href: relativeUrl(page.path), hrefLang: lang, lang, dir: directionOf(lang) }, autonym(lang))];
  });
  if (links.length === 0) return undefined;
  // The label's words around the list, wherever its language puts them.
  const [before = '', after = ''] = labels.text('alsoIn', { languages: '\0' }).split('\0');
  return h('p.translations', inPageLanguage, [before, ...links.flatMap((link, index) => (index === 0 ? [link] : [' · ', link])), after]);
}

/** A language's name in itself, capitalized as it begins a menu item ("Français", "Español"); the tag itself when Intl has no name for it. */
function autonym(lang: string): string {
  const locale = safeLocale(lang);
  let name: string | undefined;
  try {
    name = new Intl.DisplayNames([locale], { type: 'language' }).of(lang);
  } catch {
    name = undefined;
  }
  const [first = '', ...rest] = name ?? lang;
  return `${first.toLocaleUpperCase(locale)}${rest.join('')}`;
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
