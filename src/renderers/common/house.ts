import type { Element } from 'hast';
import { h } from 'hastscript';
import { builtInTheme, type ResolvedTheme, type ThemeFont, type ThemeLogo, themeFolder } from '../../config/theme.js';
import { contentFileName, dataUri } from './data-urls.js';

/*
 * The theme's share of the HTML page, the index page and the EPUB: its files
 * (fonts, logo) and where they go, its @font-face rules and the masthead.
 */

/** A file of the theme an edition carries or points at. */
export interface ThemeFile {
  readonly bytes: Uint8Array;
  readonly mediaType: string;
  readonly hash: string;
}

export function fontFile(font: ThemeFont): ThemeFile {
  return { bytes: font.bytes, mediaType: 'font/ttf', hash: font.hash };
}

export function logoFile(logo: ThemeLogo): ThemeFile {
  return { bytes: logo.bytes, mediaType: logo.mediaType, hash: logo.hash };
}

/** The theme's font files, each once (one file may serve two faces), then its logo. */
export function themeFiles(theme: ResolvedTheme): ThemeFile[] {
  const fonts = new Map(themeFonts(theme).map((font) => [font.hash, fontFile(font)]));
  return [...fonts.values(), ...(theme.logo ? [logoFile(theme.logo)] : [])];
}

/** A theme file's path beside the pages or inside the book, named by its content: every page shares one copy. */
export function themeFilePath(file: ThemeFile): string {
  return `${themeFolder}${contentFileName(file.hash, file.mediaType)}`;
}

export const isFont = (file: ThemeFile) => file.mediaType.startsWith('font/');

export function dataUrl(file: ThemeFile): string {
  return dataUri(file.mediaType, file.bytes);
}

/** Whether the theme sets colours of its own (then rules take its accent, and the EPUB carries them). */
export function hasOwnColors(theme: ResolvedTheme): boolean {
  return JSON.stringify(theme.colors) !== JSON.stringify(builtInTheme.colors);
}

/** The theme's fonts by face, each file once. */
function themeFonts(theme: ResolvedTheme): ThemeFont[] {
  const fonts = [theme.fonts.headline, theme.fonts.body, theme.fonts.mono].filter((font) => font !== undefined);
  return [...new Map(fonts.map((font) => [font.hash, font])).values()];
}

const cssString = (value: string) => `"${value.replace(/\p{Cc}/gu, '').replace(/["\\]/g, '\\$&')}"`;

/** What each face sets, and the families that stand in for characters the theme's font lacks. */
export interface FaceRules {
  readonly headline: { readonly selector: string; readonly fallback: string };
  readonly body: { readonly selector: string; readonly fallback: string };
  readonly mono: { readonly selector: string; readonly fallback: string };
}

/** `@font-face` for each font file, and each face's family on its elements, before the fallbacks. Empty for a theme without fonts. */
export function fontRules(theme: ResolvedTheme, url: (file: ThemeFile) => string, faces: FaceRules): string {
  const fontFaces = themeFonts(theme).map((font) => {
    const file = fontFile(font);
    return `@font-face{font-family:${cssString(font.family)};src:url("${url(file)}") format("${font.format}");font-weight:${font.weight};font-display:swap}\n`;
  });
  const families = (['headline', 'body', 'mono'] as const).flatMap((face) => {
    const font = theme.fonts[face];
    return font ? [`${faces[face].selector}{font-family:${cssString(font.family)},${faces[face].fallback}}\n`] : [];
  });
  // A theme gives its headline face in one style: a caption set in it is upright, as the PDF draws it, not slanted by the reader.
  const uprightCaptions = theme.fonts.headline ? ['figcaption{font-style:normal}\n'] : [];
  return [...fontFaces, ...families, ...uprightCaptions].join('');
}

/**
 * The publisher's masthead: the logo, whose alt text is the name, and the
 * name in words, hidden from assistive technology beside a logo that already says it.
 */
export function mastheadElement(theme: ResolvedTheme, logoSrc: string | undefined): Element | undefined {
  if (theme.name === undefined) return undefined;
  const logo = theme.logo && logoSrc ? theme.logo : undefined;
  return h('header.masthead', [
    logo ? h('img.masthead-logo', { src: logoSrc, alt: theme.name, width: logo.width, height: logo.height }) : undefined,
    h('p.publisher', logo ? { ariaHidden: 'true' } : {}, theme.name),
  ]);
}

/** The theme's CSS file, last in a stylesheet, on lines of its own. */
export function extraCss(theme: ResolvedTheme): string {
  if (theme.css === undefined) return '';
  return theme.css.endsWith('\n') ? theme.css : `${theme.css}\n`;
}
