import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { BoundedCache } from './bounded.js';

const require = createRequire(import.meta.url);
const patternsRoot = dirname(require.resolve('hyphen/en-us'));

type Hyphenate = (text: string, options: { hyphenChar: string; minWordLength?: number }) => string;

const hyphenators = new Map<string, Hyphenate | null>();

/**
 * Tags whose patterns `hyphen` files under another name: English outside the
 * United States spells as British English does, Serbian in Latin script is
 * Serbo-Croatian's Latin patterns, and Amharic, Tigrinya and Ge'ez share the
 * Ethiopic syllable patterns.
 */
const patternAliases: Readonly<Record<string, string>> = {
  en: 'en-us',
  'en-au': 'en-gb',
  'en-ie': 'en-gb',
  'en-in': 'en-gb',
  'en-nz': 'en-gb',
  'en-za': 'en-gb',
  'sr-latn': 'sh-latn',
  am: 'ethi',
  ti: 'ethi',
  gez: 'ethi',
};

/** The names `hyphen` might file a tag's patterns under, most specific first: "sr-Latn-RS" → sr-latn-rs, sr-latn, sr-rs, sr. */
function patternCandidates(lang: string): string[] {
  const tag = lang.toLowerCase();
  const [language = tag, ...rest] = tag.split('-');
  const script = rest.find((subtag) => /^[a-z]{4}$/.test(subtag));
  const region = rest.find((subtag) => /^([a-z]{2}|\d{3})$/.test(subtag));
  const names = [tag, script && `${language}-${script}`, region && `${language}-${region}`, language].filter((name): name is string => Boolean(name));
  return names.flatMap((name) => [name, patternAliases[name]].filter((found): found is string => found !== undefined));
}

/** The `hyphen` patterns for a BCP 47 tag (`patternCandidates`), loaded on first use; none for languages without patterns. */
function hyphenatorFor(lang: string): Hyphenate | null {
  const tag = lang.toLowerCase();
  let hyphenator = hyphenators.get(tag);
  if (hyphenator === undefined) {
    const found = patternCandidates(tag).find((candidate) => /^[a-z0-9-]+$/.test(candidate) && existsSync(join(patternsRoot, '..', candidate, 'index.js')));
    hyphenator = found ? (require(`hyphen/${found}`) as { hyphenateSync: Hyphenate }).hyphenateSync : null;
    hyphenators.set(tag, hyphenator);
  }
  return hyphenator;
}

const word = /^(\P{L}*)(\p{L}[\p{L}\p{M}]*)(\P{L}*)$/u;
const separator = '\u00ad';
/** Letters kept together at the start and end of a word: "re-" and "-ing" but not "a-" or "-ly". */
const minimumHead = 2;
const minimumTail = 3;
const longestWord = 64;

/**
 * Words already cut in this process, a cache per language keyed by the word: most words of an article recur, and the
 * patterns cost more than a lookup. One cache keyed by language and word made a string per lookup, which Map.get
 * flattened and hashed: 200–500 ns a lookup against 30–160 ns by the word (a micro-benchmark of 5,000 words).
 */
// 100,000 characters a language: the 20,000 words of before, of five letters on average.
const cutWords = new Map<string, BoundedCache<readonly string[]>>();

/** A word cut at its hyphenation points ("in", "ter", "na", "tional, "); the word itself when it has none. */
export function hyphenationPoints(text: string, lang: string): readonly string[] {
  let cache = cutWords.get(lang);
  if (!cache) {
    cache = new BoundedCache(100_000);
    cutWords.set(lang, cache);
  }
  let parts = cache.get(text);
  if (!parts) {
    parts = cut(text, lang);
    cache.set(text, parts);
  }
  return parts;
}

function cut(text: string, lang: string): string[] {
  // No word of any language is longer; a longer token (a pasted hash, a run of letters) is cut by width
  // instead, and the patterns' cost grows with the square of the word's length.
  if (text.length > longestWord) return [text];
  const match = word.exec(text);
  const hyphenator = match ? hyphenatorFor(lang) : null;
  if (!match || !hyphenator) return [text];
  const [, before = '', core = '', after = ''] = match;
  const parts = hyphenator(core, { hyphenChar: separator, minWordLength: minimumHead + minimumTail }).split(separator);
  while (parts.length > 1 && [...(parts[0] ?? '')].length < minimumHead) parts.splice(0, 2, `${parts[0]}${parts[1]}`);
  while (parts.length > 1 && [...(parts.at(-1) ?? '')].length < minimumTail) parts.splice(-2, 2, `${parts.at(-2)}${parts.at(-1)}`);
  if (parts.length < 2) return [text];
  parts[0] = `${before}${parts[0]}`;
  parts[parts.length - 1] = `${parts.at(-1)}${after}`;
  return parts;
}
