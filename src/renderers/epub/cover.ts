import { builtInTheme, type ResolvedTheme } from '../../config/theme.js';
import type { ArticleMeta } from '../../types.js';
import { hasOwnColors, logoFile, themeFilePath } from '../common/house.js';
import { isRightToLeft } from '../common/language.js';
import { breakOpportunities, graphemesOf } from '../common/segments.js';
import { displayWidth } from '../common/width.js';
import { escapeXml } from '../common/xml.js';

/** Columns per headline line on the cover (a Chinese character takes two), and the most lines that fit. */
const lineWidth = 22;
const maxLines = 7;

/**
 * A typographic cover (SVG is a core media type): the headline and the publisher, in the article's language and direction,
 * under the theme's masthead (its logo, from the book's `theme/` folder, and its name), in the theme's colours.
 */
export function coverSvg(meta: ArticleMeta, theme: ResolvedTheme = builtInTheme): string {
  const rtl = isRightToLeft(meta.lang);
  const x = rtl ? 1120 : 80;
  const anchor = rtl ? ' text-anchor="end" direction="rtl"' : '';
  const lines = headlineLines(meta.title, lineWidth);
  const shown = lines.length > maxLines ? [...lines.slice(0, maxLines - 1), `${lines[maxLines - 1]}…`] : lines;
  const title = shown.map((line, index) => `<text x="${x}" y="${360 + index * 78}" font-size="64" font-weight="bold">${escapeXml(line)}</text>`).join('');
  const publisher = meta.publisher ? `<text x="${x}" y="1460" font-size="40">${escapeXml(meta.publisher)}</text>` : '';
  const own = hasOwnColors(theme);
  const [paper, ink] = own ? [theme.colors.light.background, theme.colors.light.text] : ['#f7f3ea', '#1b1b1b'];
  const frame = own ? theme.colors.light.accent : ink;
  // The logo at 100 units high, its width from its own proportions; the name beside it, or alone.
  const logoWidth = theme.logo ? Math.min(480, Math.round((100 * theme.logo.width) / theme.logo.height)) : 0;
  const logo = theme.logo
    ? `<image xlink:href="${themeFilePath(logoFile(theme.logo))}" x="${rtl ? 1120 - logoWidth : 80}" y="110" width="${logoWidth}" height="100"><title>${escapeXml(theme.name ?? '')}</title></image>`
    : '';
  const nameX = theme.logo ? (rtl ? 1120 - logoWidth - 30 : 80 + logoWidth + 30) : x;
  const name = theme.name ? `<text x="${nameX}" y="178" font-size="44" font-weight="bold">${escapeXml(theme.name)}</text>` : '';
  return `<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg"${logo ? ' xmlns:xlink="http://www.w3.org/1999/xlink"' : ''} version="1.1" viewBox="0 0 1200 1600" width="1200" height="1600" role="img" aria-labelledby="cover-title" xml:lang="${escapeXml(meta.lang)}">
<title id="cover-title">${escapeXml(meta.title)}</title>
<rect width="1200" height="1600" fill="${paper}"/><rect x="60" y="60" width="1080" height="1480" fill="none" stroke="${frame}" stroke-width="4"/>
${logo}<g font-family="serif" fill="${ink}"${anchor}>${name}${title}${publisher}</g>
</svg>
`;
}

/**
 * Breaks a headline into lines of at most `width` columns, where Unicode allows a line to end (UAX #14: at
 * spaces, between Chinese or Japanese characters but not before their closing punctuation), measured as a
 * terminal does: a Chinese character takes two columns, the width of two Latin letters, so a Chinese headline
 * no longer ran off the cover. A word longer than the line is cut between grapheme clusters.
 */
export function headlineLines(value: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  const flush = () => {
    if (line.trim()) lines.push(line.trim());
    line = '';
  };
  for (const piece of breakOpportunities(value.trim().replace(/\s+/g, ' '))) {
    if (line && displayWidth(`${line}${piece}`.trimEnd()) > width) flush();
    if (displayWidth(piece.trimEnd()) <= width) {
      line += piece;
      continue;
    }
    for (const grapheme of graphemesOf(piece)) {
      if (displayWidth(`${line}${grapheme}`.trimEnd()) > width) flush();
      line += grapheme;
    }
  }
  flush();
  return lines;
}
