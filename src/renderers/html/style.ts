import { createHash } from 'node:crypto';
import type { ResolvedTheme, ThemeColors } from '../../config/theme.js';
import { extraCss, type FaceRules, fontRules, hasOwnColors, type ThemeFile } from '../common/house.js';

/** Sans-serif faces for headings and furniture, with a face for each script where systems ship one. */
const sans =
  'system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","Noto Sans Arabic","Noto Sans Hebrew","Noto Sans Devanagari","Noto Sans CJK SC","PingFang SC","Microsoft YaHei","DejaVu Sans",sans-serif';
/** Text faces: Latin, Greek and Cyrillic first, then a face per script, then the generic family the system fills in. */
const serif =
  'Charter,"Bitstream Charter","Sitka Text",Cambria,"Noto Serif","Noto Naskh Arabic","Geeza Pro","Noto Serif Hebrew","Noto Serif Devanagari","Kohinoor Devanagari","Nirmala UI","Noto Serif CJK SC","Songti SC",SimSun,"DejaVu Serif",serif';
/** Code faces. */
const mono = 'ui-monospace,"DejaVu Sans Mono",Menlo,Consolas,monospace';

/**
 * The article's column: 34rem, about 65 characters, as 60 widths of "0" in Noto Serif or Charter. In rem, not ch: an image's
 * `sizes` names it, and browsers read a `ch` there in their default font, not the page's (Chromium 156 took 60ch for 480
 * pixels and sent a desktop reader a copy 480 wide for a column of 611).
 */
export const columnWidth = '34rem';
/** The page's margins either side of the column, together. */
export const sideMargins = '2rem';

const quotePadding = '1rem';
const quoteRule = '3px';
const taskListIndent = '1rem';
const cellPadding = '.5rem';
const cellRule = '1px';

/**
 * What an element takes from the width it is given, as terms of a calc(), by the rules below: a quote's padding and rule, a
 * task list's indent; a list's and a `dd`'s are the browsers' own 40px. A cell's share of its table is not known (its columns
 * share it by their content): only its padding and its rule either side are taken, as a one-column table's cell has them.
 */
export const insets = {
  blockquote: [quotePadding, quoteRule],
  list: ['40px'],
  taskList: [taskListIndent],
  cell: [cellPadding, cellPadding, cellRule, cellRule],
} as const;

/**
 * Readable type on any screen: a measure of about 65 characters (34rem), system fonts for every
 * script, dark mode, print. Logical properties (`inline-start`) so right-to-left
 * pages mirror. Korean breaks at its spaces, not between syllables (`keep-all`), as the PDF does.
 */
const rules = `*,*::before,*::after{box-sizing:border-box}
html{font-size:100%;-webkit-text-size-adjust:100%;text-size-adjust:100%}
body{margin:0;background:var(--paper);color:var(--ink);font-family:${serif};line-height:1.6}
main{max-width:calc(${columnWidth} + ${sideMargins});margin:0 auto;padding:1.5rem 1rem 3rem}
article{hyphens:auto;overflow-wrap:break-word}
:lang(ko){word-break:keep-all}
h1,h2,h3,h4,h5,h6{font-family:${sans};line-height:1.2;hyphens:manual}
h1{font-size:clamp(1.75rem,5vw,2.5rem);margin:0 0 .5rem}
h4,h5,h6{font-size:1rem}
h6{font-style:italic}
.dek{font-size:1.2rem;color:var(--muted);margin:0 0 1rem}
.byline,.dateline{font-family:${sans};font-size:.9rem;margin:0;color:var(--muted)}
header{border-bottom:1px solid var(--rule);padding-bottom:1rem;margin-bottom:1.5rem}
a{color:var(--link)}
img{max-width:100%;height:auto}
.contains-task-list{list-style:none;padding-inline-start:${taskListIndent}}
figure{margin:1.5rem 0}
figcaption{font-family:${sans};font-size:.9rem;color:var(--muted)}
figure>.table-scroll>table{margin:0 0 .25rem}
pre{direction:ltr;text-align:left;overflow-x:auto;padding:.75rem;border:1px solid var(--rule);font-size:.9em;line-height:1.4;hyphens:none}
code{font-family:${mono};hyphens:none}
blockquote{margin:1rem 0;padding-inline-start:${quotePadding};border-inline-start:${quoteRule} solid var(--rule)}
table{border-collapse:collapse;width:100%;margin:1rem 0}
.table-scroll{overflow-x:auto}
th,td{border:${cellRule} solid var(--rule);padding:.25rem ${cellPadding};text-align:start;overflow-wrap:break-word;hyphens:none}
.footnotes{border-top:1px solid var(--rule);margin-top:2rem;font-size:.9rem}
.footnotes h2{font-size:1rem}
footer{border-top:1px solid var(--rule);margin-top:2rem;padding-top:1rem;font-size:.9rem;color:var(--muted)}
@media print{:root{--ink:#000;--paper:#fff;--muted:#333;--link:#000}main{max-width:none;padding:0}a[href^="http"]:not(.url)::after{content:" (" attr(href) ")"}pre{white-space:pre-wrap}.table-scroll{overflow:visible}pre,blockquote,figure,table{break-inside:avoid}h2,h3{break-after:avoid}}
`;

/** The theme's faces go first on the elements the built-in families set, with those families after them. */
const faces: FaceRules = {
  headline: { selector: 'h1,h2,h3,h4,h5,h6,.byline,.dateline,figcaption,.publisher', fallback: sans },
  body: { selector: 'body', fallback: serif },
  mono: { selector: 'code', fallback: mono },
};

/** The masthead above the article: the logo at the height of two lines, the name beside it. */
const mastheadRules = `.masthead{display:flex;flex-wrap:wrap;align-items:center;gap:.5rem 1rem;max-width:calc(${columnWidth} + ${sideMargins});margin:0 auto;padding:1rem 1rem .75rem}
.masthead-logo{height:2.5rem;width:auto}
.publisher{margin:0;font-size:1.25rem;font-weight:700;letter-spacing:.02em}
`;

/** Built-in rules are decorative (light grey); a theme's colours draw them in its accent, which passes 3:1. */
const decorativeRules = { light: '#d8d2c4', dark: '#3a3a3a' };

const colorProperties = (colors: ThemeColors, rule: string) =>
  `--ink:${colors.text};--paper:${colors.background};--muted:${colors.muted};--rule:${rule};--link:${colors.accent}`;

/**
 * The page's stylesheet in the theme's colours (the dark variant under `prefers-color-scheme: dark`),
 * fonts and masthead; `pageRules` (the page's own: the index page's, an article's list numbers) and then
 * the theme's CSS file come last.
 */
export function stylesheet(theme: ResolvedTheme, url: (file: ThemeFile) => string, pageRules = ''): string {
  const { light, dark } = theme.colors;
  const own = hasOwnColors(theme);
  return `:root{color-scheme:light dark;${colorProperties(light, own ? light.accent : decorativeRules.light)}}
@media (prefers-color-scheme:dark){:root{${colorProperties(dark, own ? dark.accent : decorativeRules.dark)}}}
${rules}${fontRules(theme, url, faces)}${theme.name === undefined ? '' : mastheadRules}${pageRules}${extraCss(theme)}`;
}

/**
 * Ordered lists numbered in the article's digits, as its other numbers are (`persian` in Persian: the browser
 * numbers them, `decimal` unless told); nothing for Latin digits, the browser's own.
 */
/** The correction notices' section, set as the footnotes are: only on a page that has one, so that no other page's style changes. */
export const correctionRules = `.corrections{border-top:1px solid var(--rule);margin-top:2rem;font-size:.9rem}
.corrections h2{font-size:1rem}
`;

export function listNumbering(counterStyle: string | undefined): string {
  return counterStyle === undefined ? '' : `ol{list-style-type:${counterStyle}}\n`;
}

/**
 * The page allows its own inline stylesheet, embedded images and its JSON-LD
 * block, and nothing else. Styles are allowed inline rather than by hash: the
 * Nu checker does not honour style hashes, table cells carry their alignment in
 * `style` attributes, and with no remote loads allowed a stylesheet has nothing
 * to leak to. A JSON-LD block is a data block browsers never run, but checkers
 * (Nu) flag it under `default-src 'none'`, so it is allowed by its exact hash.
 */
export function contentSecurityPolicy(jsonLd: string, imagesBeside = false, fonts = false): string {
  const hash = createHash('sha256').update(jsonLd).digest('base64');
  const from = imagesBeside ? "'self'" : 'data:';
  return `default-src 'none'; script-src 'sha256-${hash}'; style-src 'unsafe-inline'; img-src ${from};${fonts ? ` font-src ${from};` : ''} base-uri 'none'; form-action 'none'`;
}
