import { parse as parseLanguageTag } from 'bcp-47';
import { isMap, isScalar, type LineCounter, parseDocument, LineCounter as YamlLineCounter, type Node as YamlNode } from 'yaml';
// zod/mini: the same schemas without the 700 kB of the chained API, which cost every cold start 70 ms.
import * as z from 'zod/mini';
import { articleDate } from '../renderers/common/dates.js';
import type { ArticleMeta } from '../types.js';
import { controlCharacter, controlCharacterName, hasControlCharacter } from './controls.js';
import { smartenLine } from './typography.js';

/** A problem found in front matter, placed by line and column in the article file. */
export interface MetaProblem {
  readonly reason: string;
  readonly ruleId: string;
  readonly line: number;
  readonly column: number;
  readonly fatal: boolean;
}

const isoDate = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(?:Z|[+-](\d{2}):?(\d{2}))?)?$/;

/**
 * True for `YYYY-MM-DD` (optionally with a time) naming a day that exists, in the years 1 to 9999 both where it is
 * written and in UTC, where feeds, sitemaps and NewsML write it (their schemas have four-digit years).
 */
export function isRealDate(value: string): boolean {
  const match = isoDate.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  // setUTCFullYear, not Date.UTC, which takes the years 0 to 99 for 1900 to 1999.
  const probe = new Date(0);
  probe.setUTCFullYear(year, month - 1, day);
  // An offset of a real time zone: under a day (the Date of the editions could not be made from +25:00).
  const offsetOk = match[7] === undefined || (Number(match[7]) < 24 && Number(match[8]) < 60);
  const timeOk = match[4] === undefined || (Number(match[4]) < 24 && Number(match[5]) < 60 && Number(match[6] ?? 0) < 60 && offsetOk);
  if (probe.getUTCFullYear() !== year || probe.getUTCMonth() !== month - 1 || probe.getUTCDate() !== day || !timeOk) return false;
  const utcYear = articleDate(value).getUTCFullYear();
  return year >= 1 && utcYear >= 1 && utcYear <= 9999;
}

/**
 * Whether one date of the front matter is before another, to the precision of the less precise: a day alone is
 * compared with the other's day as written.
 */
function isBefore(value: string, other: string): boolean {
  if (value.length === 10 || other.length === 10) return value.slice(0, 10) < other.slice(0, 10);
  return articleDate(value).getTime() < articleDate(other).getTime();
}

/** A zone written after a time: `Z` or an offset (`+01:00`, `-0500`). */
const zone = /(?:Z|[+-]\d{2}:?\d{2})$/;

/**
 * What is wrong with an `embargo`, or undefined: it is a moment, so a real date with a time and its zone. A time without
 * one is refused, not taken as UTC as `date` is: "06:00" in which zone is what an embargo must not leave open.
 */
function embargoProblem(value: string): string | undefined {
  if (!isRealDate(value) || value.length === 10) return 'must be a date and time with its time zone, such as 2026-12-08T06:00:00Z or 2026-12-08T07:00:00+01:00';
  if (!zone.test(value))
    return `has no time zone: give one, Z for UTC or an offset such as +01:00 (${value}Z, say), since the time of an embargo must not depend on where it is read`;
  return undefined;
}

/** What an error at an `embargo` that cannot be read adds: the publish holds the article (it fails closed). */
export const embargoHeld = 'the story is held, none of its editions published, until its embargo is fixed';

const text = z.string().check(z.trim(), z.minLength(1, 'must not be empty'));
const date = z.string().check(z.refine(isRealDate, 'must be a real date written YYYY-MM-DD (optionally with a time), of the years 1 to 9999, in UTC too'));
const embargo = z.string().check(z.refine((value) => embargoProblem(value) === undefined, { error: (issue) => embargoProblem(String(issue.input)) }));
const languageTag = z
  .string()
  .check(z.refine((tag) => parseLanguageTag(tag, { forgiving: false }).language !== null, 'must be a BCP 47 language tag such as "en" or "pt-BR"'));
const slug = z.string().check(z.regex(/^(?!\.)[^/\\\0]+$/, 'must be a file name without slashes that does not start with a dot'));

/** The front matter schema: every key a newsroom may set. */
export const frontMatterSchema = z.object({
  title: z.optional(text),
  description: z.optional(text),
  author: z.optional(z.union([text, z.array(text).check(z.minLength(1, 'must list at least one name'))])),
  credit: z.optional(text),
  dateline: z.optional(text),
  date: z.optional(date),
  updated: z.optional(date),
  /** The time before which the article is not published (held): none of its editions written, no collection listing it. */
  embargo: z.optional(embargo),
  lang: z.optional(languageTag),
  publisher: z.optional(text),
  tags: z.optional(z.array(text)),
  rights: z.optional(text),
  image: z.optional(text),
  id: z.optional(text),
  slug: z.optional(slug),
  /** Hugo's name: articles sharing it are one story's versions in different languages. */
  translationKey: z.optional(text),
});

type FrontMatter = z.infer<typeof frontMatterSchema>;
const knownKeys = new Set(Object.keys(frontMatterSchema.shape));

export interface ParsedFrontMatter {
  readonly data: FrontMatter;
  readonly problems: readonly MetaProblem[];
  /** Where each key is written, in the article file. */
  readonly keyPlaces: ReadonlyMap<string, { line: number; column: number }>;
}

/**
 * Parses and validates YAML front matter. `toFilePlace` maps an offset inside
 * the YAML text to a line and column in the article file.
 */
export function parseFrontMatter(yamlText: string, toFilePlace: (offset: number) => { line: number; column: number }): ParsedFrontMatter {
  const problems: MetaProblem[] = [];
  const lineCounter: LineCounter = new YamlLineCounter();
  const document = parseDocument(yamlText, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const problem = (reason: string, ruleId: string, offset: number, fatal: boolean) => problems.push({ reason, ruleId, fatal, ...toFilePlace(offset) });
  const keyPlaces = new Map<string, { line: number; column: number }>();

  for (const error of document.errors)
    problem(`Front matter is not valid YAML: ${error.message.split('\n')[0]}; fix the YAML syntax`, 'yaml-syntax', error.pos[0], true);
  if (document.errors.length > 0) return { data: {}, problems, keyPlaces };

  const contents = document.contents;
  if (contents === null || (isScalar(contents) && contents.value === null)) return { data: {}, problems, keyPlaces };
  if (!isMap(contents)) {
    problem('Front matter must be a mapping of keys to values, such as `title: …`', 'front-matter-shape', contents.range?.[0] ?? 0, true);
    return { data: {}, problems, keyPlaces };
  }

  const offsetOfKey = new Map<string, number>();
  const offsetOfValue = new Map<string, YamlNode | null>();
  for (const pair of contents.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
    const keyOffset = isScalar(pair.key) ? (pair.key.range?.[0] ?? 0) : 0;
    offsetOfKey.set(key, keyOffset);
    keyPlaces.set(key, toFilePlace(keyOffset));
    offsetOfValue.set(key, (pair.value as YamlNode | null) ?? null);
    if (!knownKeys.has(key)) problem(`Unknown front matter key \`${key}\`; known keys are ${[...knownKeys].join(', ')}`, 'unknown-key', keyOffset, false);
  }

  const raw = document.toJS() as Record<string, unknown>;
  // YAML's escapes write control characters the file itself does not hold: they go as the body's do, as spaces.
  for (const [key, value] of Object.entries(raw)) {
    const found = (Array.isArray(value) ? value : [value]).find((item) => typeof item === 'string' && hasControlCharacter.test(item));
    if (typeof found !== 'string') continue;
    const character = found.match(controlCharacter)?.[0] ?? '';
    const offset = offsetOfValue.get(key)?.range?.[0] ?? offsetOfKey.get(key) ?? 0;
    problem(
      `Front matter \`${key}\` holds control character ${controlCharacterName(character)}, which is not text; it is set as a space. Remove it`,
      'control-character',
      offset,
      false,
    );
    raw[key] = Array.isArray(value)
      ? value.map((item) => (typeof item === 'string' ? item.replace(controlCharacter, ' ') : item))
      : found.replace(controlCharacter, ' ');
  }
  const result = frontMatterSchema.safeParse(raw);
  if (result.success) {
    const { date, updated } = result.data;
    if (date && updated && isBefore(updated, date)) {
      const offset = offsetOfValue.get('updated')?.range?.[0] ?? 0;
      problem(
        `Front matter \`updated\` (${updated}) is before \`date\` (${date}); an article is updated after it is published. Correct one of them`,
        'updated-before-date',
        offset,
        false,
      );
    }
    return { data: result.data, problems, keyPlaces };
  }

  for (const issue of result.error.issues) {
    const key = String(issue.path[0] ?? '');
    let node = offsetOfValue.get(key) ?? null;
    // Point at the offending list item when the problem is inside a list.
    const index = issue.path[1];
    if (typeof index === 'number' && node && 'items' in node && Array.isArray(node.items)) node = (node.items[index] as YamlNode) ?? node;
    const offset = node?.range?.[0] ?? offsetOfKey.get(key) ?? 0;
    const held = key === 'embargo' ? `; ${embargoHeld}` : '';
    problem(`Front matter \`${issue.path.join('.')}\` ${describeIssue(issue)}${held}`, `invalid-${key || 'front-matter'}`, offset, true);
  }
  return { data: {}, problems, keyPlaces };
}

function describeIssue(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_type') return `must be ${issue.expected === 'array' ? 'a list' : `a ${issue.expected}`}`;
  if (issue.code === 'invalid_union') return 'must be a name or a list of names';
  return issue.message;
}

/** A time's fraction of a second cut to milliseconds: HTML's `datetime` takes at most three digits (Python's isoformat writes six). */
function toMilliseconds(value: string): string {
  return value.replace(/(\.\d{3})\d+/, '$1');
}

/** The article's language: its front matter's `lang`, English when it has none. */
export function articleLanguage(data: FrontMatter): string {
  return data.lang ?? 'en';
}

/** Builds the article's metadata from validated front matter and a fallback title. */
export function toArticleMeta(data: FrontMatter, title: string): ArticleMeta {
  const lang = articleLanguage(data);
  const authors = data.author === undefined ? [] : Array.isArray(data.author) ? data.author : [data.author];
  return {
    title: smartenLine(title, lang),
    description: data.description === undefined ? undefined : smartenLine(data.description, lang),
    authors,
    credit: data.credit,
    dateline: data.dateline,
    date: data.date && toMilliseconds(data.date),
    updated: data.updated && toMilliseconds(data.updated),
    lang,
    publisher: data.publisher,
    tags: data.tags ?? [],
    rights: data.rights,
    image: data.image,
    id: data.id,
    translationKey: data.translationKey,
  };
}
