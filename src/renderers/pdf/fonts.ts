import { createRequire } from 'node:module';
import * as harfbuzz from 'harfbuzzjs';
import type { ThemeFont } from '../../config/theme.js';
import { type EmbeddableFont, embeddableFont, readFont, withoutOutlines } from './truetype.js';

const require = createRequire(import.meta.url);

/** How a run of text is set: weight, slant and whether it is code. */
export interface TextStyle {
  readonly bold: boolean;
  readonly italic: boolean;
  readonly mono: boolean;
  /** Headline, headings, byline, dateline and captions: the theme's headline face, whatever the weight (as the HTML page and the EPUB set them). */
  readonly headline?: boolean;
  /** The theme's faces, tried before the built-in chain (see `fontChain`). */
  readonly faces?: ThemeFaces;
}

/** The keys of a theme's faces, by role; a role without one takes the built-in faces. */
export interface ThemeFaces {
  readonly headline?: FontKey;
  readonly body?: FontKey;
  readonly mono?: FontKey;
}

/** Font files from npm packages that ship full TTFs: never system fonts, never the standard 14. */
const fontFiles = {
  'serif-regular': '@expo-google-fonts/noto-serif/400Regular/NotoSerif_400Regular.ttf',
  'serif-bold': '@expo-google-fonts/noto-serif/700Bold/NotoSerif_700Bold.ttf',
  'serif-italic': '@expo-google-fonts/noto-serif/400Regular_Italic/NotoSerif_400Regular_Italic.ttf',
  'serif-bold-italic': '@expo-google-fonts/noto-serif/700Bold_Italic/NotoSerif_700Bold_Italic.ttf',
  'mono-regular': 'dejavu-fonts-ttf/ttf/DejaVuSansMono.ttf',
  'mono-bold': 'dejavu-fonts-ttf/ttf/DejaVuSansMono-Bold.ttf',
  // DejaVu Sans covers Hebrew, Greek, Cyrillic and most symbols.
  'sans-regular': 'dejavu-fonts-ttf/ttf/DejaVuSans.ttf',
  'sans-bold': 'dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf',
  'arabic-regular': '@expo-google-fonts/noto-naskh-arabic/400Regular/NotoNaskhArabic_400Regular.ttf',
  'arabic-bold': '@expo-google-fonts/noto-naskh-arabic/700Bold/NotoNaskhArabic_700Bold.ttf',
  'devanagari-regular': '@expo-google-fonts/noto-sans-devanagari/400Regular/NotoSansDevanagari_400Regular.ttf',
  'devanagari-bold': '@expo-google-fonts/noto-sans-devanagari/700Bold/NotoSansDevanagari_700Bold.ttf',
  // 15 MB: parsed only when a Han, kana or CJK punctuation character appears (see `mayCover`).
  'cjk-regular': '@expo-google-fonts/noto-serif-sc/400Regular/NotoSerifSC_400Regular.ttf',
  'cjk-bold': '@expo-google-fonts/noto-serif-sc/700Bold/NotoSerifSC_700Bold.ttf',
  // Japanese text's kanji in Japanese glyph forms (直, 骨, 曜 differ from Noto Serif SC's), and its kana; 7.7 MB, parsed only for Japanese text with such characters.
  'japanese-regular': '@expo-google-fonts/noto-serif-jp/400Regular/NotoSerifJP_400Regular.ttf',
  'japanese-bold': '@expo-google-fonts/noto-serif-jp/700Bold/NotoSerifJP_700Bold.ttf',
  // Traditional Chinese (zh-TW, zh-Hant, zh-HK): its glyph forms, and its punctuation centred in the em box, where Noto
  // Serif SC sets it low and to the left as the mainland does; 10 MB, parsed only for such text with such characters.
  'traditional-chinese-regular': '@expo-google-fonts/noto-serif-tc/400Regular/NotoSerifTC_400Regular.ttf',
  'traditional-chinese-bold': '@expo-google-fonts/noto-serif-tc/700Bold/NotoSerifTC_700Bold.ttf',
  // Scripts Noto Serif, DejaVu and Noto Serif SC lack (Georgian and Armenian are in DejaVu Sans, kana in Noto Serif SC).
  // Each is parsed only when a character of its script appears (see `fallbackScripts`).
  'hangul-regular': '@expo-google-fonts/noto-sans-kr/400Regular/NotoSansKR_400Regular.ttf',
  'hangul-bold': '@expo-google-fonts/noto-sans-kr/700Bold/NotoSansKR_700Bold.ttf',
  'thai-regular': '@expo-google-fonts/noto-sans-thai/400Regular/NotoSansThai_400Regular.ttf',
  'thai-bold': '@expo-google-fonts/noto-sans-thai/700Bold/NotoSansThai_700Bold.ttf',
  'bengali-regular': '@expo-google-fonts/noto-sans-bengali/400Regular/NotoSansBengali_400Regular.ttf',
  'bengali-bold': '@expo-google-fonts/noto-sans-bengali/700Bold/NotoSansBengali_700Bold.ttf',
  'tamil-regular': '@expo-google-fonts/noto-sans-tamil/400Regular/NotoSansTamil_400Regular.ttf',
  'tamil-bold': '@expo-google-fonts/noto-sans-tamil/700Bold/NotoSansTamil_700Bold.ttf',
  'ethiopic-regular': '@expo-google-fonts/noto-sans-ethiopic/400Regular/NotoSansEthiopic_400Regular.ttf',
  'ethiopic-bold': '@expo-google-fonts/noto-sans-ethiopic/700Bold/NotoSansEthiopic_700Bold.ttf',
  // Monochrome outlines, which print; one weight: an emoji has no bold.
  emoji: '@expo-google-fonts/noto-emoji/400Regular/NotoEmoji_400Regular.ttf',
} as const;

type BuiltInFontKey = keyof typeof fontFiles;
/** A built-in face, or a theme's face by its bytes' digest. */
export type FontKey = BuiltInFontKey | `theme-${string}`;
export const fontKeys = Object.keys(fontFiles) as BuiltInFontKey[];

/** The theme faces this process has been given, by key: one config's few files, read once when it loaded. */
const themeFontFiles = new Map<FontKey, Buffer>();

/** A theme's face, under a key of its own: loaded, shaped, embedded and subset as the built-in ones are. */
export function themeFace(themeFont: ThemeFont): FontKey {
  const key: FontKey = `theme-${themeFont.hash}`;
  if (!themeFontFiles.has(key)) themeFontFiles.set(key, Buffer.from(themeFont.bytes));
  return key;
}

/** The keys of a theme's headline, body and monospace faces. */
export function themeFaces(fonts: { readonly headline?: ThemeFont; readonly body?: ThemeFont; readonly mono?: ThemeFont }): ThemeFaces {
  return {
    headline: fonts.headline && themeFace(fonts.headline),
    body: fonts.body && themeFace(fonts.body),
    mono: fonts.mono && themeFace(fonts.mono),
  };
}

/** HarfBuzz's view of a font: it shapes text and says which characters the font has. */
export interface Shaper {
  readonly font: harfbuzz.Font;
  readonly unitsPerEm: number;
}

const files = new Map<FontKey, Buffer>();
const loaded = new Map<FontKey, EmbeddableFont>();
const shapers = new Map<FontKey, Shaper>();

/** The font file's bytes, read once per process; the outlines of the CJK faces as subsets need them (`readFont`). */
export function fontFile(key: FontKey): Buffer {
  let bytes = files.get(key) ?? themeFontFiles.get(key);
  if (!bytes) {
    bytes = readFont(require.resolve(fontFiles[key as BuiltInFontKey]));
    files.set(key, bytes);
  }
  return bytes;
}

/** The font pdfkit embeds, read on first use; every later document of the process reuses it. */
export function font(key: FontKey): EmbeddableFont {
  let embeddable = loaded.get(key);
  if (!embeddable) {
    embeddable = embeddableFont(fontFile(key));
    loaded.set(key, embeddable);
  }
  return embeddable;
}

/**
 * Loads a font into HarfBuzz on first use. HarfBuzz shapes, not fontkit: it is
 * the reference shaper, its clusters say which characters each glyph stands for,
 * and fontkit's OpenType engine in JavaScript took most of a cold PDF's time.
 */
export function shaper(key: FontKey): Shaper {
  let loadedShaper = shapers.get(key);
  if (!loadedShaper) {
    // Outlines left out: HarfBuzz copies the blob into its own memory, and the subsets read them from `fontFile`.
    const face = new harfbuzz.Face(new harfbuzz.Blob(withoutOutlines(fontFile(key))));
    loadedShaper = { font: new harfbuzz.Font(face), unitsPerEm: face.upem };
    shapers.set(key, loadedShaper);
  }
  return loadedShaper;
}

/**
 * The fonts tried in order for a style and a BCP 47 language: the theme's face
 * for the style's role first, then the built-in text face, then fallbacks for
 * other scripts. A character the theme's face lacks takes the built-in chain.
 */
export function fontChain(style: TextStyle, lang = ''): readonly FontKey[] {
  const builtIn = builtInChain(style, lang);
  const themed = themeFaceFor(style);
  if (!themed) return builtIn;
  const name = `${themed}+${chainNames.get(builtIn) ?? builtIn.join()}`;
  let chain = chains.get(name);
  if (!chain) {
    chain = [themed, ...builtIn];
    chains.set(name, chain);
    chainNames.set(chain, name);
  }
  return chain;
}

/**
 * The theme's face for a style: the monospace face for code, the headline face
 * for headings, the body face for roman body text. Bold and italic body text
 * keeps the built-in bold and italic faces: a theme gives one file per role,
 * and emphasis set in the roman face would not show.
 */
function themeFaceFor(style: TextStyle): FontKey | undefined {
  const faces = style.faces;
  if (!faces) return undefined;
  if (style.mono) return faces.mono;
  if (style.headline) return faces.headline;
  return style.bold || style.italic ? undefined : faces.body;
}

/** What of a style chooses its fonts, as text: part of the paragraph cache's key. */
export function styleKey(style: TextStyle): string {
  return `${+style.bold}${+style.italic}${+style.mono}${+(style.headline ?? false)}${themeFaceFor(style) ?? ''}`;
}

function builtInChain(style: TextStyle, lang: string): readonly FontKey[] {
  return builtInChains[hanFormsOf(lang) * 8 + (style.mono ? 4 : 0) + (style.bold ? 2 : 0) + (style.italic ? 1 : 0)] as readonly FontKey[];
}

/**
 * The built-in chain of a style (its face and weight), by Han forms (8 × the index in `hanForms`), mono (4), bold (2)
 * and italic (1): looked up for every run and paragraph set, where naming the chain and finding it by its name took
 * 54 ms of the 50 bench articles' CPU (profile, --jobs 1). Filled once `chains` is.
 */
const builtInChains: (readonly FontKey[])[] = [];

/** Whose glyph forms Han characters take: simplified Chinese's (the default), Japanese's, or traditional Chinese's. */
const hanForms = ['simplified', 'japanese', 'traditional-chinese'] as const;
type HanForms = (typeof hanForms)[number];

/**
 * The Han forms of a BCP 47 language, as an index into `hanForms`: Japanese (`ja`, `ja-JP`…), traditional Chinese
 * (`zh-Hant`, `zh-TW`, `zh-HK`, `zh-MO`, unless `zh-Hans` says otherwise), else simplified.
 */
function hanFormsOf(lang: string): number {
  if (/^ja(-|$)/i.test(lang)) return 1;
  return /^zh(-|$)/i.test(lang) && /-(hant|tw|hk|mo)(-|$)/i.test(lang) && !/-hans(-|$)/i.test(lang) ? 2 : 0;
}

function chainName(face: FontKey, weight: 'regular' | 'bold', forms: HanForms): string {
  return `${face}/${weight}${forms === 'simplified' ? '' : `/${forms}`}`;
}

/** Each chain by name, and the name of each chain (the coverage cache's key: two chains may share their face). */
const chains = new Map<string, FontKey[]>();
const chainNames = new Map<readonly FontKey[], string>();
for (const face of fontKeys) {
  if (!face.startsWith('serif') && !face.startsWith('mono')) continue;
  for (const weight of ['regular', 'bold'] as const) {
    for (const forms of hanForms) {
      // Japanese takes Noto Serif JP for Han and kana, traditional Chinese Noto Serif TC; Noto Serif SC stays after
      // either for the characters it lacks.
      const han: FontKey[] = forms === 'simplified' ? [`cjk-${weight}`] : [`${forms}-${weight}`, `cjk-${weight}`];
      const chain: FontKey[] = [
        face,
        `arabic-${weight}`,
        `devanagari-${weight}`,
        `sans-${weight}`,
        ...han,
        `hangul-${weight}`,
        `thai-${weight}`,
        `bengali-${weight}`,
        `tamil-${weight}`,
        `ethiopic-${weight}`,
        'emoji',
      ];
      const name = chainName(face, weight, forms);
      chains.set(name, chain);
      chainNames.set(chain, name);
    }
  }
}

for (let index = 0; index < hanForms.length * 8; index++) {
  const [mono, bold, italic] = [4, 2, 1].map((bit) => (index & bit) !== 0);
  const weight = bold ? 'bold' : 'regular';
  const face: FontKey = mono ? `mono-${weight}` : bold ? (italic ? 'serif-bold-italic' : 'serif-bold') : italic ? 'serif-italic' : 'serif-regular';
  builtInChains.push(chains.get(chainName(face, weight, hanForms[Math.floor(index / 8)] ?? 'simplified')) ?? [face]);
}

/**
 * The characters each large or rarely needed font is asked about: any other
 * character is not looked up in it, so the font is never read for an article
 * without its script, and an English article starts as fast as before.
 */
// The kana blocks whole (\u3040-\u30ff): the prolonged sound mark ー, the middle dot ・ and the voicing marks are not of the kana scripts.
// Also the text justified between its characters (layout.ts), being set without spaces.
export const hanAndKana = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Bopomofo}\u3000-\u303f\u3040-\u30ff\uff00-\uffef]/u;
const fallbackScripts: Partial<Record<string, RegExp>> = {
  cjk: hanAndKana,
  japanese: hanAndKana,
  'traditional-chinese': hanAndKana,
  hangul: /[\p{Script=Hangul}\u3000-\u303f]/u,
  thai: /\p{Script=Thai}/u,
  bengali: /\p{Script=Bengali}/u,
  tamil: /\p{Script=Tamil}/u,
  ethiopic: /\p{Script=Ethiopic}/u,
  emoji: /[\p{Emoji}\p{Emoji_Component}]/u,
};

/** The characters a font is asked about, for the fonts of `fallbackScripts`; undefined for the others, asked about every character. */
function scriptOf(key: FontKey): RegExp | undefined {
  if (scripts.has(key)) return scripts.get(key);
  const script = fallbackScripts[key.replace(/-(regular|bold)$/, '')];
  scripts.set(key, script);
  return script;
}

/** `scriptOf` by font, asked for every word set: the few faces of a process, each looked up once. */
const scripts = new Map<FontKey, RegExp | undefined>();

/** Whether a font may have the character, without reading a script's font for text that has none of that script. */
function mayCover(key: FontKey, character: string): boolean {
  return scriptOf(key)?.test(character) ?? true;
}

/**
 * A cluster that asks for emoji presentation (UTS #51): a character emoji by
 * default, a variation selector 16, a skin tone, a flag's regional indicators,
 * a keycap. It takes the emoji font before the text fonts, which draw some of
 * these characters (DejaVu Sans has the emoticons) in another style.
 */
const emojiPresentation = /\p{Emoji_Presentation}|\p{Emoji_Modifier}|\ufe0f|\u20e3/u;

const coverage = new Map<string, FontKey | null>();

/** The first font of the chain that has a glyph for every character of the cluster, or null. */
export function fontFor(chain: readonly FontKey[], cluster: string): FontKey | null {
  const cacheKey = `${chainNames.get(chain) ?? chain.join()}\u0000${cluster}`;
  const cached = coverage.get(cacheKey);
  if (cached !== undefined) return cached;
  const characters = [...cluster].filter((character) => !/\s/u.test(character) && !isDefaultIgnorable(character.codePointAt(0) ?? 0));
  const order: readonly FontKey[] = emojiPresentation.test(cluster) ? ['emoji', ...chain] : chain;
  const chosen = order.find((key) => characters.every((character) => mayCover(key, character) && hasCharacter(key, character.codePointAt(0) ?? 0))) ?? null;
  if (coverage.size < 100_000) coverage.set(cacheKey, chosen);
  return chosen;
}

/** Per font, whether it has each character of the Basic Multilingual Plane: 0 not asked yet, 1 yes, 2 no. */
const coveredCharacters = new Map<FontKey, Uint8Array>();

/** Whether a font has a character: HarfBuzz is asked once per font and character of the BMP. */
function hasCharacter(key: FontKey, code: number): boolean {
  if (code > 0xffff) return shaper(key).font.nominalGlyph(code) !== undefined;
  let known = coveredCharacters.get(key);
  if (!known) {
    known = new Uint8Array(0x10000);
    coveredCharacters.set(key, known);
  }
  if (!known[code]) known[code] = shaper(key).font.nominalGlyph(code) === undefined ? 2 : 1;
  return known[code] === 1;
}

/** Whether a font has every character of `text` between two offsets, leaving out spaces and invisible ones: then `fontFor` chooses it for each. */
export function coversText(key: FontKey, text: string, from: number, to: number): boolean {
  // The fonts of `fallbackScripts` are loaded only for their scripts (`mayCover`): text in them takes the general path.
  if (scriptOf(key)) return false;
  for (let index = from; index < to; index++) {
    const code = text.charCodeAt(index);
    // Surrogates (characters beyond the BMP) take the general path, and so does a request for emoji presentation.
    if ((code >= 0xd800 && code <= 0xdfff) || code === 0xfe0f) return false;
    if (code === 32 || (code >= 9 && code <= 13) || isDefaultIgnorable(code) || (code > 127 && /\s/u.test(text[index] ?? ''))) continue;
    if (!hasCharacter(key, code)) return false;
  }
  return true;
}

/** Invisible format characters (soft hyphen, joiners, marks, isolates, variation selectors): fonts need no glyph for them, and they draw nothing. */
export function isDefaultIgnorable(code: number): boolean {
  return (
    code === 0xad ||
    (code >= 0x200b && code <= 0x200f) ||
    code === 0x2060 ||
    (code >= 0x2066 && code <= 0x2069) ||
    code === 0xfeff ||
    (code >= 0xfe00 && code <= 0xfe0f)
  );
}

/** Shown for a character no font has; it is also reported as a warning. */
export const placeholder = '\u25a1';
