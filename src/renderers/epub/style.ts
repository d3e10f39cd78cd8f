import type { ResolvedTheme } from '../../config/theme.js';
import { extraCss, type FaceRules, fontRules, hasOwnColors, type ThemeFile, themeFilePath } from '../common/house.js';

/**
 * Made for reading systems: no flex or grid, sizes relative to the reader's
 * choice, no font families and no colours (so the reader's font, size and
 * night mode apply), borders in `currentColor`. A theme adds its own (a
 * reader may still override them). Korean breaks at its spaces, not between
 * syllables (`keep-all`), as the PDF does. A word or a code line wider than
 * the page (an address) is broken where it must be, as on the HTML page, not
 * left to run off it. A table wider than the page scrolls in its own box
 * (`scrollingTables`); where the medium is paged and nothing scrolls (print,
 * and a reading system that says so), the box lets the table out and its
 * cells may break a word, as the PDF's do, so that it fits the page rather
 * than be cut off at its edge. A picture is no taller than 85% of the screen, its caption beside it: a portrait
 * photo at the page's width was taller than an e-reader's screen, cut or parted from its caption (`object-fit`
 * keeps the proportions of one whose `width` is given).
 */
const rules = `body { margin: 0 5%; line-height: 1.5; overflow-wrap: break-word; }
h1, h2, h3, h4, h5, h6 { line-height: 1.2; page-break-after: avoid; break-after: avoid; }
h1 { font-size: 1.6em; margin: 1em 0 0.5em; }
.dek { font-size: 1.15em; font-style: italic; }
.byline, .dateline, .rights { font-size: 0.9em; margin: 0.2em 0; }
p { margin: 0 0 0.8em; }
blockquote { margin: 1em 1.5em; }
pre { white-space: pre-wrap; font-size: 0.85em; }
:lang(ko) { word-break: keep-all; }
table { border-collapse: collapse; margin: 1em 0; }
.table-scroll { overflow-x: auto; }
@media (overflow-block: paged), print { .table-scroll { overflow: visible; } th, td { overflow-wrap: anywhere; } }
th, td { border: 1px solid; padding: 0.2em 0.4em; text-align: start; vertical-align: top; }
img { max-width: 100%; max-height: 85vh; height: auto; object-fit: contain; }
.contains-task-list { list-style: none; padding-inline-start: 1em; }
figure { margin: 1em 0; page-break-inside: avoid; break-inside: avoid; }
figcaption { font-size: 0.9em; font-style: italic; margin-top: 0.3em; }
.image-alt { font-style: italic; }
.note-number { font-weight: bold; margin-bottom: 0; }
aside { font-size: 0.9em; margin: 1em 0; }
`;

/** The theme's faces, with the generic family after each: a reading system fills in what the font lacks. */
const faces: FaceRules = {
  headline: { selector: 'h1, h2, h3, h4, h5, h6, .byline, .dateline, figcaption, .publisher', fallback: 'sans-serif' },
  body: { selector: 'body', fallback: 'serif' },
  mono: { selector: 'code, pre', fallback: 'monospace' },
};

const mastheadRules = `.masthead { margin: 1em 0 2em; }
.masthead-logo { height: 3em; width: auto; vertical-align: middle; }
.publisher { font-weight: bold; font-size: 1.2em; margin: 0.3em 0 0; }
`;

/**
 * The book's stylesheet: the built-in rules, ordered lists in the article's digits (`counterStyle`, `persian` in
 * Persian; none for Latin digits), the theme's colours, fonts (in `theme/`, beside it) and masthead, then the theme's CSS.
 */
/** The correction notices' section: only in a book that has one, so that no other book's style changes. */
const correctionRules = '.corrections { font-size: 0.9em; border-top: 1px solid; margin-top: 2em; }\n';

/** A book in a language whose script has no italics (`hasItalics`): its dek, captions and pictures' stand-ins upright. */
const uprightRules = '.dek, figcaption, .image-alt { font-style: normal; }\n';

export function stylesheet(theme: ResolvedTheme, counterStyle?: string, corrections = false, italics = true): string {
  const { text, background, accent, muted } = theme.colors.light;
  const colors = hasOwnColors(theme)
    ? `body { color: ${text}; background-color: ${background}; }
a { color: ${accent}; }
.dek, .byline, .dateline, figcaption { color: ${muted}; }
th, td, pre, blockquote { border-color: ${accent}; }
`
    : '';
  const url = (file: ThemeFile) => themeFilePath(file);
  const lists = counterStyle === undefined ? '' : `ol { list-style-type: ${counterStyle}; }\n`;
  return `${rules}${italics ? '' : uprightRules}${lists}${corrections ? correctionRules : ''}${colors}${fontRules(theme, url, faces)}${theme.name === undefined ? '' : mastheadRules}${extraCss(theme)}`;
}
