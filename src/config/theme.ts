import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { imageSize } from 'image-size';
import stringWidth from 'string-width';
import { nameRecord } from '../renderers/pdf/truetype.js';

/**
 * The house's look, declared once in the config (`theme`) and honoured by every
 * edition. `ThemeConfig` is what a config writes; `ResolvedTheme` is what
 * renderers read: files read and checked, every value filled in.
 */

/** The folder of the theme's fonts and logo beside the HTML pages (with their pictures) and inside the EPUB. */
export const themeFolder = 'theme/';

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
  /** The outlines' format: TrueType (glyf) only, the one the PDF's subsetter copies. */
  readonly format: 'truetype';
  /** The OS/2 table's weight class (400 regular, 700 bold), for CSS `@font-face`. */
  readonly weight: number;
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
  /** The files it was read from (logo, fonts, CSS), absolute: `--watch` watches them with the config. Not in its hash, which takes their contents. */
  readonly files: readonly string[];
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
  files: Object.freeze([]),
});

/** A theme that cannot be used; its message names the config file, the key and the fix (a `ConfigError` once `load.ts` rethrows it). */
export class ThemeError extends Error {
  override name = 'ThemeError';
}

type Shape<T> = { -readonly [K in keyof T]-?: true };
const themeKeys: Shape<ThemeConfig> = {
  name: true,
  logo: true,
  fonts: true,
  colors: true,
  measure: true,
  columns: true,
  runningHead: true,
  folio: true,
  css: true,
  rule: true,
};
const fontKeys: Shape<NonNullable<ThemeConfig['fonts']>> = { headline: true, body: true, mono: true };
const colorKeys: Shape<ThemeColors> = { text: true, background: true, accent: true, muted: true };

/**
 * The pairs checked against WCAG 2.2 AA: the muted colour sets small text
 * (dateline, captions) and the accent sets links, so both need the text
 * ratio; the accent's rules (3:1 for non-text) are covered by it.
 */
const contrastPairs: readonly { readonly foreground: keyof ThemeColors; readonly minimum: number; readonly use: string }[] = [
  { foreground: 'text', minimum: 4.5, use: 'text' },
  { foreground: 'muted', minimum: 4.5, use: 'text (the muted colour sets small text: dateline, captions)' },
  { foreground: 'accent', minimum: 4.5, use: 'text (the accent colours links)' },
];

/**
 * Reads and checks a config's `theme`: every key known, colours that read well
 * on their background, font, logo and CSS files that exist and are what they
 * claim. Missing values are the built-in theme's. Dark colours not given are
 * the built-in dark ones, whatever the light colours: nothing is derived, and
 * the pairs that result are checked like the rest.
 */
export function resolveTheme(value: unknown, where: (keys: readonly string[]) => string, baseDir: string): ResolvedTheme {
  if (value === undefined) return builtInTheme;
  // Every problem of the theme is reported at once, each at its key: one fixed at a time had cost a run each.
  const problems: string[] = [];
  const failAt =
    (...keys: string[]) =>
    (message: string): never => {
      throw new ThemeError(`${where(keys)}: ${message}`);
    };
  /** The value `read` gives, or undefined with its problem noted. */
  const checked = <T>(read: () => T): T | undefined => {
    try {
      return read();
    } catch (error) {
      if (!(error instanceof ThemeError)) throw error;
      problems.push(error.message);
      return undefined;
    }
  };
  const check: Check = { failAt, checked };
  const theme = checked(() => objectAt(value, 'theme', [], themeKeys, check));
  if (theme === undefined) throw new ThemeError(problems.join('\n'));
  const name = theme.name === undefined ? undefined : checked(() => oneLine(theme.name, failAt('name')));
  const logo = theme.logo === undefined ? undefined : checked(() => readLogo(theme.logo, baseDir, failAt('logo')));
  if (logo && theme.name === undefined)
    checked(() => failAt('logo')("`theme.name` is needed with `theme.logo`: it is the logo's alt text; add `name: 'The Daily Example'`"));
  const fontPaths = theme.fonts === undefined ? {} : (checked(() => objectAt(theme.fonts, 'theme.fonts', ['fonts'], fontKeys, check)) ?? {});
  const fonts: { headline?: ThemeFont; body?: ThemeFont; mono?: ThemeFont } = {};
  for (const face of Object.keys(fontKeys) as (keyof typeof fontKeys)[]) {
    const path = fontPaths[face];
    const font = path === undefined ? undefined : checked(() => readFont(path, `theme.fonts.${face}`, baseDir, failAt('fonts', face)));
    if (font !== undefined) fonts[face] = font;
  }
  const byFileName = new Map<string, string>();
  for (const font of Object.values(fonts)) {
    const known = byFileName.get(font.fileName);
    if (known !== undefined && known !== font.hash)
      checked(() => failAt('fonts')(`two different theme fonts are named "${font.fileName}"; rename one of the files`));
    byFileName.set(font.fileName, font.hash);
  }
  const colors = checked(() => resolveColors(theme.colors, check));
  const measure = (theme.measure ?? builtInTheme.measure) as number;
  if (typeof measure !== 'number' || !Number.isFinite(measure) || measure < 30 || measure > 120) {
    checked(() => failAt('measure')('`theme.measure` must be the line length in characters, a number from 30 to 120, such as `measure: 66`'));
  }
  const columns = (theme.columns ?? builtInTheme.columns) as 1 | 2;
  if (columns !== 1 && columns !== 2) checked(() => failAt('columns')('`theme.columns` must be 1 or 2'));
  const runningHead = checked(() =>
    oneOf(theme.runningHead, 'theme.runningHead', ['title', 'publisher', 'none'] as const, builtInTheme.runningHead, failAt('runningHead')),
  );
  if (runningHead === 'publisher' && theme.name === undefined)
    checked(() => failAt('runningHead')("`theme.runningHead: 'publisher'` needs `theme.name`, the words it prints"));
  const folio = checked(() => oneOf(theme.folio, 'theme.folio', ['page-of-pages', 'page', 'none'] as const, builtInTheme.folio, failAt('folio')));
  const css = theme.css === undefined ? undefined : checked(() => readCss(theme.css, baseDir, failAt('css')));
  const rule = theme.rule === undefined ? builtInTheme.rule : checked(() => ruleCharacter(theme.rule, failAt('rule')));
  if (problems.length > 0) throw new ThemeError(problems.join('\n'));
  return Object.freeze({
    ...(name === undefined ? {} : { name }),
    ...(logo === undefined ? {} : { logo }),
    fonts: Object.freeze(fonts),
    // Each is defined once no problem was noted.
    colors: colors as ResolvedTheme['colors'],
    measure,
    columns,
    runningHead: runningHead as ResolvedTheme['runningHead'],
    folio: folio as ResolvedTheme['folio'],
    ...(css === undefined ? {} : { css }),
    rule: rule as string,
    files: Object.freeze(
      [theme.logo, ...Object.values(fontPaths), theme.css].filter((path) => path !== undefined).map((path) => resolve(baseDir, path as string)),
    ),
  });
}

/** A stable digest of everything a theme makes editions from: files by their contents, never their paths. */
export function themeHash(theme: ResolvedTheme): string {
  const described = JSON.stringify(theme, (key, item: unknown) => (key === 'bytes' || key === 'files' ? undefined : item));
  return createHash('sha256').update(described).digest('hex');
}

/** Failing at a key of the theme (`'fonts', 'body'`), and noting a problem to go on to the next. */
interface Check {
  failAt(...keys: string[]): (message: string) => never;
  checked<T>(read: () => T): T | undefined;
}

/** The object at `key` (written at `keys` inside the theme), each key it does not know noted as a problem of its own. */
function objectAt<T>(value: unknown, key: string, keys: string[], known: Shape<T>, check: Check): Partial<Record<keyof T, unknown>> {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return check.failAt(...keys)(`\`${key}\` must be an object, such as \`${key.split('.').pop()}: { … }\``);
  for (const name of Object.keys(value)) {
    if (!(name in known)) check.checked(() => check.failAt(...keys, name)(`\`${key}\` has no key "${name}"; use ${Object.keys(known).join(', ')}`));
  }
  return value as Partial<Record<keyof T, unknown>>;
}

function oneLine(value: unknown, fail: (message: string) => never): string {
  if (typeof value !== 'string' || value.trim() === '' || /[\n\r]/.test(value))
    fail("`theme.name` must be the publisher's name on one line, such as `name: 'The Daily Example'`");
  return (value as string).trim();
}

function oneOf<T extends string>(value: unknown, key: string, allowed: readonly T[], fallback: T, fail: (message: string) => never): T {
  if (value === undefined) return fallback;
  if (!allowed.includes(value as T)) fail(`\`${key}\` must be one of ${allowed.map((item) => `'${item}'`).join(', ')}`);
  return value as T;
}

function ruleCharacter(value: unknown, fail: (message: string) => never): string {
  const graphemes = typeof value === 'string' ? [...new Intl.Segmenter().segment(value)] : [];
  if (graphemes.length !== 1 || !/^\P{C}$/u.test(value as string) || /\s/u.test(value as string) || stringWidth(value as string) !== 1) {
    fail("`theme.rule` must be one visible character one column wide, such as `rule: '═'`");
  }
  return value as string;
}

function resolveColors(value: unknown, check: Check): ResolvedTheme['colors'] {
  const given = value === undefined ? {} : objectAt(value, 'theme.colors', ['colors'], { ...colorKeys, dark: true }, check);
  const dark = given.dark === undefined ? {} : (check.checked(() => objectAt(given.dark, 'theme.colors.dark', ['colors', 'dark'], colorKeys, check)) ?? {});
  const variant = (values: Partial<Record<keyof ThemeColors, unknown>>, key: string, fallback: ThemeColors): ThemeColors => {
    const keys = key.split('.').slice(1);
    const checkedColors = (Object.keys(colorKeys) as (keyof ThemeColors)[]).map((role) => [
      role,
      values[role] === undefined ? fallback[role] : check.checked(() => hexColor(values[role], `${key}.${role}`, check.failAt(...keys, role))),
    ]);
    const colors = Object.fromEntries(checkedColors) as unknown as ThemeColors;
    // A colour refused is reported already: no contrast to measure.
    if (checkedColors.some(([, color]) => color === undefined)) return colors;
    for (const pair of contrastPairs) {
      const ratio = contrast(colors[pair.foreground], colors.background);
      if (ratio < pair.minimum) {
        // Shown rounded down, so that a ratio just under the minimum never reads as the minimum.
        const shown = (Math.floor(ratio * 100) / 100).toFixed(2);
        const written = [pair.foreground, 'background'].find((role) => values[role as keyof ThemeColors] !== undefined);
        check.checked(() =>
          check.failAt(
            ...keys,
            ...(written === undefined ? [] : [written]),
          )(
            `${key}.${pair.foreground} (${colors[pair.foreground]}) on ${key}.background (${colors.background}) has a contrast of ${shown}:1; ` +
              `WCAG 2.2 AA needs ${pair.minimum}:1 for ${pair.use}; choose colours further apart in lightness`,
          ),
        );
      }
    }
    return Object.freeze(colors);
  };
  return Object.freeze({
    light: variant(given, 'theme.colors', builtInTheme.colors.light),
    dark: variant(dark, 'theme.colors.dark', builtInTheme.colors.dark),
  });
}

/** `#rrggbb`, lowercase; `#rgb` is written out. */
function hexColor(value: unknown, key: string, fail: (message: string) => never): string {
  const match = typeof value === 'string' ? /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(value) : null;
  if (!match) return fail(`\`${key}\` must be a colour as #rrggbb or #rgb, such as '#1b1b1b'; got ${JSON.stringify(value)}`);
  const digits = (match[1] as string).toLowerCase();
  return `#${digits.length === 3 ? [...digits].map((digit) => digit + digit).join('') : digits}`;
}

/** WCAG 2.x relative luminance of an sRGB colour. */
function luminance(color: string): number {
  const [red, green, blue] = [1, 3, 5].map((at) => {
    const channel = Number.parseInt(color.slice(at, at + 2), 16) / 255;
    return channel <= 0.04045 ? channel / 12.92 : ((channel + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * red + 0.7152 * green + 0.0722 * blue;
}

/** WCAG 2.x contrast ratio, from 1 to 21. */
export function contrast(first: string, second: string): number {
  const [lighter, darker] = [luminance(first), luminance(second)].sort((a, b) => b - a) as [number, number];
  return (lighter + 0.05) / (darker + 0.05);
}

function readFile(value: unknown, key: string, example: string, baseDir: string, fail: (message: string) => never): { path: string; bytes: Uint8Array } {
  if (typeof value !== 'string' || value === '') return fail(`\`${key}\` must be a file path relative to the config, such as \`${example}\``);
  const path = resolve(baseDir, value);
  try {
    return { path, bytes: new Uint8Array(readFileSync(path)) };
  } catch {
    return fail(`\`${key}\`: no file at ${path}; add the file or fix the path`);
  }
}

const digest = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** The sfnt versions a font with TrueType outlines starts with (an OpenType file with glyf outlines too). */
const trueTypeVersions = ['\0\u0001\0\0', 'true'];

function readFont(value: unknown, key: string, baseDir: string, fail: (message: string) => never): ThemeFont {
  const { path, bytes } = readFile(value, key, `${key.split('.').pop()}: 'fonts/House.ttf'`, baseDir, fail);
  const refuse = (why: string): never => fail(`\`${key}\`: ${path} ${why}; give a TrueType (.ttf) or OpenType (.otf) font file`);
  const magic = String.fromCharCode(...bytes.subarray(0, 4));
  // The PDF's subsetter copies TrueType (glyf) outlines only: a CFF font would fail every PDF edition, so it fails here, once.
  if (magic === 'OTTO') {
    return fail(`\`${key}\`: ${path} has CFF (PostScript) outlines, which the PDF edition cannot embed; give the face's TrueType (.ttf) version`);
  }
  if (!trueTypeVersions.includes(magic))
    return refuse(magic === 'wOFF' || magic === 'wOF2' ? 'is a WOFF web font' : magic === 'ttcf' ? 'is a font collection' : 'is not a font');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const count = bytes.length >= 12 ? view.getUint16(4) : 0;
  const tables = new Map<string, number>();
  for (let index = 0; index < count && 12 + index * 16 + 16 <= bytes.length; index++) {
    const record = 12 + index * 16;
    const offset = view.getUint32(record + 8);
    if (offset + view.getUint32(record + 12) <= bytes.length) tables.set(String.fromCharCode(...bytes.subarray(record, record + 4)), offset);
  }
  const missing = ['cmap', 'head', 'hhea', 'hmtx', 'maxp', 'name', 'glyf'].filter((tag) => !tables.has(tag));
  if (tables.size < count || missing.length > 0)
    return refuse(`is damaged: ${missing.length > 0 ? `no ${missing.map((tag) => tag.trim()).join(', ')} table` : 'a table lies past its end'}`);
  let family = '';
  try {
    const nameTable = tables.get('name') as number;
    family = nameRecord(bytes, nameTable, 16) || nameRecord(bytes, nameTable, 1);
  } catch {
    // A name table that runs past the file's end: refused below.
  }
  if (family.trim() === '') return refuse('is damaged: its name table gives no family name');
  const os2 = tables.get('OS/2');
  // An OS/2 table too short for its weight (a damaged file) gives the regular weight rather than a RangeError.
  const weight = os2 === undefined || os2 + 6 > bytes.length ? 400 : view.getUint16(os2 + 4);
  return Object.freeze({
    fileName: basename(path),
    family: family.trim(),
    format: 'truetype',
    weight: weight >= 1 && weight <= 1000 ? weight : 400,
    bytes,
    hash: digest(bytes),
  });
}

/** What an SVG logo may not hold: it is shown inside the editions, whose policies allow nothing outside them. */
const svgRefusals: readonly [RegExp, string][] = [
  [/<script\b/i, 'has a <script>'],
  [/<foreignObject\b/i, 'has a <foreignObject>'],
  [/\son[a-z]+\s*=/i, 'has an event handler attribute (on…=)'],
  [/\bhref\s*=\s*["']\s*(?!#)/i, 'refers to another file or address (href)'],
  [/url\(\s*["']?\s*(?!#)/i, 'refers to another file or address (url())'],
  [/@import\b/i, 'imports a stylesheet (@import)'],
  [/<!ENTITY\b/i, 'declares entities'],
];

/** A logo goes on every article's page: larger ones are refused (a masthead needs far less), before they are decoded. */
const maxLogoBytes = 2 * 1024 * 1024;
const maxLogoPixels = 16_000_000;

function readLogo(value: unknown, baseDir: string, fail: (message: string) => never): ThemeLogo {
  const { path, bytes } = readFile(value, 'theme.logo', "logo: 'logo.svg'", baseDir, fail);
  const refuse = (why: string): never => fail(`\`theme.logo\`: ${path} ${why}`);
  if (bytes.length > maxLogoBytes)
    refuse(`is larger than ${maxLogoBytes / 1024 / 1024} MB, and every edition of every article carries it; give a smaller file`);
  const isPng = bytes.length > 24 && digestPrefix(bytes) === '89504e470d0a1a0a';
  const text = isPng ? '' : new TextDecoder().decode(bytes);
  if (!isPng && !/<svg[\s>]/.test(text)) return refuse('is neither a PNG nor an SVG image; give the logo as .png or .svg');
  for (const [pattern, why] of svgRefusals)
    if (!isPng && pattern.test(text)) refuse(`${why}; the logo must be a self-contained SVG without scripts or references`);
  let size: { width?: number; height?: number } = {};
  try {
    size = imageSize(bytes);
  } catch {
    // No size: refused below.
  }
  if (!size.width || !size.height) return refuse(isPng ? 'is damaged: no image size in its IHDR' : 'gives no size: add a viewBox, or width and height');
  if (isPng && size.width * size.height > maxLogoPixels)
    refuse(
      `declares ${size.width}×${size.height} pixels, which every thread would decode for every article; give it at most ${maxLogoPixels / 1_000_000} megapixels`,
    );
  return Object.freeze({
    fileName: basename(path),
    mediaType: isPng ? 'image/png' : 'image/svg+xml',
    bytes,
    width: size.width,
    height: size.height,
    hash: digest(bytes),
  });
}

const digestPrefix = (bytes: Uint8Array) => Buffer.from(bytes.subarray(0, 8)).toString('hex');

function readCss(value: unknown, baseDir: string, fail: (message: string) => never): string {
  const { path, bytes } = readFile(value, 'theme.css', "css: 'house.css'", baseDir, fail);
  const css = new TextDecoder().decode(bytes);
  // The CSS goes inside a <style> element of the HTML page.
  if (/<\/style/i.test(css)) fail(`\`theme.css\`: ${path} contains "</style"; a stylesheet needs no HTML tags`);
  // The page's policy and the EPUB allow nothing outside them: an import or a file the CSS names would not load, and
  // the EPUB would fail epubcheck. Fonts go in `theme.fonts`, where every edition embeds them.
  const outside = /@import\b/i.test(css) ? '@import' : /url\(\s*["']?\s*(?!data:|#)/i.test(css) ? 'url()' : undefined;
  if (outside)
    fail(
      `\`theme.css\`: ${path} refers to another file or address (${outside}), which no edition may load; give fonts as theme.fonts, and inline anything else as a data: URL`,
    );
  return css;
}
