import type { Element, ElementContent, Root } from 'hast';
import { toHtml } from 'hast-util-to-html';
import { h } from 'hastscript';
import type { Article, Renderer } from '../types.js';
import { byline, datelineOpener, isRightToLeft, readableDate } from './shared.js';

export interface HtmlOptions {
  /** Site address; when set, pages carry `<link rel="canonical">` to `baseUrl/slug.html`. */
  readonly baseUrl?: string;
}

/** Readable type on any screen: a 65-character measure, system fonts for every script, dark mode, print. */
const stylesheet = `:root{color-scheme:light dark;--ink:#1b1b1b;--paper:#fffdf8;--muted:#5a5a5a;--rule:#d8d2c4;--link:#0b57a4}
@media (prefers-color-scheme:dark){:root{--ink:#ecebe8;--paper:#151515;--muted:#b4b0a8;--rule:#3a3a3a;--link:#8cc4ff}}
*,*::before,*::after{box-sizing:border-box}
html{font-size:100%;-webkit-text-size-adjust:100%;text-size-adjust:100%}
body{margin:0;background:var(--paper);color:var(--ink);font-family:Charter,"Bitstream Charter","Sitka Text",Cambria,"Noto Serif","Noto Serif CJK SC","Noto Naskh Arabic","Noto Serif Hebrew","Noto Serif Devanagari",serif;line-height:1.6}
main{max-width:65ch;margin:0 auto;padding:1.5rem 1rem 3rem}
article{hyphens:auto;overflow-wrap:break-word}
h1,h2,h3,h4,h5,h6{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif;line-height:1.2;hyphens:manual}
h1{font-size:clamp(1.75rem,5vw,2.5rem);margin:0 0 .5rem}
.dek{font-size:1.2rem;color:var(--muted);margin:0 0 1rem}
.byline,.dateline{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif;font-size:.9rem;margin:0;color:var(--muted)}
header{border-bottom:1px solid var(--rule);padding-bottom:1rem;margin-bottom:1.5rem}
a{color:var(--link)}
img{max-width:100%;height:auto}
pre{overflow-x:auto;padding:.75rem;border:1px solid var(--rule);font-size:.9em;line-height:1.4}
code{font-family:ui-monospace,"DejaVu Sans Mono",Menlo,Consolas,monospace}
blockquote{margin:1rem 0;padding-left:1rem;border-left:3px solid var(--rule)}
table{border-collapse:collapse;display:block;overflow-x:auto}
th,td{border:1px solid var(--rule);padding:.25rem .5rem;text-align:start}
footer{border-top:1px solid var(--rule);margin-top:2rem;padding-top:1rem;font-size:.9rem;color:var(--muted)}
.sr-only{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
@media print{:root{--ink:#000;--paper:#fff;--link:#000}main{max-width:none;padding:0}a[href^="http"]::after{content:" (" attr(href) ")"}pre,blockquote,figure,table{break-inside:avoid}h2,h3{break-after:avoid}}
`;

/**
 * The page allows its own inline stylesheet and embedded images, and nothing else.
 * Styles are allowed inline rather than by hash: the Nu checker does not honour
 * style hashes, sanitized content has no style attributes, and with no remote
 * loads allowed a stylesheet has nothing to leak to.
 */
const contentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

/** A standalone, self-contained HTML5 page per article. */
export function html(options: HtmlOptions = {}): Renderer {
  return Object.freeze({
    name: 'html',
    extension: '.html',
    render(article: Article): string {
      return toHtml(page(article, options), { allowDangerousHtml: false });
    },
  });
}

function page(article: Article, options: HtmlOptions): Root {
  const { meta } = article;
  const date = readableDate(meta.date, meta.lang);
  const by = byline(meta);
  const head: ElementContent[] = [
    h('meta', { charSet: 'utf-8' }),
    h('meta', { name: 'viewport', content: 'width=device-width, initial-scale=1' }),
    h('meta', { httpEquiv: 'Content-Security-Policy', content: contentSecurityPolicy }),
    h('title', meta.title),
    meta.description ? h('meta', { name: 'description', content: meta.description }) : undefined,
    meta.authors.length > 0 ? h('meta', { name: 'author', content: meta.authors.join(', ') }) : undefined,
    meta.tags.length > 0 ? h('meta', { name: 'keywords', content: meta.tags.join(', ') }) : undefined,
    options.baseUrl ? h('link', { rel: 'canonical', href: new URL(`${encodeURIComponent(article.slug)}.html`, withSlash(options.baseUrl)).href }) : undefined,
    h('style', stylesheet),
  ].filter((node): node is Element => node !== undefined);

  const header = h('header', [
    h('h1', meta.title),
    meta.description ? h('p.dek', meta.description) : undefined,
    by ? h('p.byline', by) : undefined,
    meta.dateline || date
      ? h('p.dateline', [
          meta.dateline ? h('span', datelineOpener(meta)?.replace(/ — $/, '') ?? '') : undefined,
          meta.dateline && date ? ' · ' : undefined,
          date ? h('time', { dateTime: meta.date }, date) : undefined,
        ])
      : undefined,
  ]);

  const footerParts = [
    meta.tags.length > 0 ? h('p', ['Tags: ', meta.tags.join(', ')]) : undefined,
    meta.publisher ? h('p', ['Published by ', meta.publisher]) : undefined,
    meta.rights ? h('p', meta.rights) : undefined,
  ].filter((node) => node !== undefined);

  return {
    type: 'root',
    children: [
      { type: 'doctype' },
      h('html', { lang: meta.lang, dir: isRightToLeft(meta.lang) ? 'rtl' : undefined }, [
        h('head', head),
        h('body', [
          h('main', [h('article', [header, ...(article.hast.children as ElementContent[]), footerParts.length > 0 ? h('footer', footerParts) : undefined])]),
        ]),
      ]),
    ],
  };
}

function withSlash(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}
