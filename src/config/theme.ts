/**
 * The house's look, declared once in the config (`theme`) and honoured by every
 * edition. `ThemeConfig` is what a config writes; `ResolvedTheme` is what
 * renderers read: files read and checked, every value filled in.
 */

/** Colours as `#rrggbb`. */
export interface ThemeColors {
  /** Body text. */
  readonly text: string;
  /** Page background. */
  readonly background: string;
  /** Links and rules. */
  readonly accent: string;
  /** Dateline, byline, captions, page furniture. */
  readonly muted: string;
}

/** What a config's `theme` may say; every key is optional. Paths are relative to the config file. */
export interface ThemeConfig {
  /** The publisher's name: the masthead's words and its logo's alt text. */
  readonly name?: string;
  /** The publisher's logo, an SVG or PNG file. */
  readonly logo?: string;
  /** TrueType or OpenType files; a face not given is the built-in one. */
  readonly fonts?: { readonly headline?: string; readonly body?: string; readonly mono?: string };
  /** Light colours, and a dark variant for the HTML (`prefers-color-scheme: dark`). */
  readonly colors?: Partial<ThemeColors> & { readonly dark?: Partial<ThemeColors> };
  /** The PDF body's line length in characters. Default 66. */
  readonly measure?: number;
  /** The PDF's columns: 2 sets a newspaper page, headline and dek across both. Default 1. */
  readonly columns?: 1 | 2;
  /** The PDF's running head: the article's title, the publisher's name, or none. Default 'title'. */
  readonly runningHead?: 'title' | 'publisher' | 'none';
  /** The PDF's folio: "3 / 12", "3", or none. Default 'page-of-pages'. */
  readonly folio?: 'page-of-pages' | 'page' | 'none';
  /** A CSS file appended after the built-in styles of the HTML and EPUB editions. */
  readonly css?: string;
  /** The text edition's rule character. Default '─'. */
  readonly rule?: string;
}

/** A font file of the theme, read and checked when the config loads. */
export interface ThemeFont {
  /** The file's name, without folders: the name it takes beside an HTML page and inside an EPUB. */
  readonly fileName: string;
  /** The family name from the font's `name` table. */
  readonly family: string;
  readonly format: 'truetype' | 'opentype';
  readonly bytes: Uint8Array;
  /** Hex digest of the bytes. */
  readonly hash: string;
}

/** The theme's logo, read and checked when the config loads. */
export interface ThemeLogo {
  readonly fileName: string;
  readonly mediaType: 'image/png' | 'image/svg+xml';
  readonly bytes: Uint8Array;
  /** Intrinsic size in CSS pixels (an SVG's from its viewBox or width/height). */
  readonly width: number;
  readonly height: number;
  readonly hash: string;
}

/** The theme every renderer reads (`context.config.theme`): frozen, complete. */
export interface ResolvedTheme {
  readonly name?: string;
  readonly logo?: ThemeLogo;
  readonly fonts: { readonly headline?: ThemeFont; readonly body?: ThemeFont; readonly mono?: ThemeFont };
  readonly colors: { readonly light: ThemeColors; readonly dark: ThemeColors };
  readonly measure: number;
  readonly columns: 1 | 2;
  readonly runningHead: 'title' | 'publisher' | 'none';
  readonly folio: 'page-of-pages' | 'page' | 'none';
  /** The text of the extra CSS file. */
  readonly css?: string;
  readonly rule: string;
}

/** The look every edition has when the config names no theme. */
export const builtInTheme: ResolvedTheme = Object.freeze({
  fonts: Object.freeze({}),
  colors: Object.freeze({
    light: Object.freeze({ text: '#1b1b1b', background: '#fffdf8', accent: '#0b57a4', muted: '#595959' }),
    dark: Object.freeze({ text: '#ecebe8', background: '#151515', accent: '#8cc4ff', muted: '#b4b0a8' }),
  }),
  measure: 66,
  columns: 1,
  runningHead: 'title',
  folio: 'page-of-pages',
  rule: '─',
});
