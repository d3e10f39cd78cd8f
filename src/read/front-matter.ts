import { parse as parseLanguageTag } from 'bcp-47';
import { isMap, isScalar, isSeq, type LineCounter, parseDocument, visit, type YAMLError, LineCounter as YamlLineCounter, type Node as YamlNode } from 'yaml';
// zod/mini: the same schemas without the 700 kB of the chained API, which cost every cold start 70 ms.
import * as z from 'zod/mini';
import { meantName } from '../config/meant.js';
import { articleDate, isBefore } from '../renderers/common/dates.js';
import type { ArticleMeta, Correction } from '../types.js';
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

/** A date written year first with other separators or without zeros (`2026/12/05`, `2026-12-5`, `2026.12.05`). */
const yearFirstDate = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/;

/**
 * What is wrong with a date (`date`, `updated`, a correction's), or undefined: it is `YYYY-MM-DD` (optionally with a time)
 * naming a day that exists, in the years 1 to 9999 both where it is written and in UTC, where feeds, sitemaps and NewsML
 * write it (their schemas have four-digit years). The reason says what to write: "must be a real date" alone left a desk
 * to find whether the month, the day, the time or the form was wrong.
 */
function dateProblem(value: string): string | undefined {
  const form = 'must be a real date written YYYY-MM-DD';
  const match = isoDate.exec(value);
  if (!match) {
    const [, year, month, day] = yearFirstDate.exec(value) ?? [];
    const meant = year && month && day && `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`;
    return meant && dateProblem(meant) === undefined
      ? `${form}: write ${meant}`
      : `${form}, such as 2026-12-07, optionally with a time, such as 2026-12-07T14:30:00Z (a time without a zone is taken as UTC)`;
  }
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (month < 1 || month > 12) return `must be a real date: ${value} has no month ${match[2]}; a month is 01 to 12`;
  // setUTCFullYear, not Date.UTC, which takes the years 0 to 99 for 1900 to 1999.
  const lastDay = new Date(0);
  lastDay.setUTCFullYear(year, month, 0);
  if (day < 1 || day > lastDay.getUTCDate())
    return `must be a real date: ${lastDay.toLocaleDateString('en', { month: 'long', year: 'numeric', timeZone: 'UTC' })} has ${lastDay.getUTCDate()} days, and ${value} names day ${match[3]}`;
  if (match[4] !== undefined && (Number(match[4]) > 23 || Number(match[5]) > 59 || Number(match[6] ?? 0) > 59))
    return `must be a real date: ${match[4]}:${match[5]}${match[6] === undefined ? '' : `:${match[6]}`} is no time of day; hours are 00 to 23, minutes and seconds 00 to 59`;
  // An offset of a real time zone: under a day (the Date of the editions could not be made from +25:00).
  if (match[7] !== undefined && (Number(match[7]) > 23 || Number(match[8]) > 59))
    return `must be a real date: its offset from UTC is a day or more; a time zone's is under 24 hours, such as +01:00 or -05:00`;
  const utcYear = articleDate(value).getUTCFullYear();
  if (year < 1 || utcYear < 1 || utcYear > 9999) return `${form}, of the years 1 to 9999, in UTC too`;
  return undefined;
}

/** True for a date `dateProblem` finds nothing wrong with. */
export function isRealDate(value: string): boolean {
  return dateProblem(value) === undefined;
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

/**
 * What is wrong with a `lang`, if anything: not BCP 47, or a language written by its name (`english`: the registry has no
 * language subtag of four letters or more) or by its three-letter ISO 639-2 code where a two-letter one exists (`eng`).
 * Both are well-formed, but no language the registry knows: the Nu checker refused the page's `lang`, and screen readers
 * and hyphenation do not know it. Each gets the code to write.
 */
function languageTagProblem(tag: string): string | undefined {
  const { language } = parseLanguageTag(tag, { forgiving: false });
  if (language === null || language === undefined) {
    // A name with letters a tag cannot hold (`français`, `Español`, `العربية`).
    const meant = /^[\p{L} ]+$/u.test(tag) ? languageCodeNamed(tag) : undefined;
    return meant ? `must be a language code, not a name: write "${meant}"` : 'must be a BCP 47 language tag such as "en" or "pt-BR"';
  }
  const alias = language.length === 3 ? Intl.getCanonicalLocales(language)[0] : undefined;
  if (alias && alias.length === 2)
    return `must be written with the two-letter code of its language, "${alias}${tag.slice(language.length)}": "${language}" is its ISO 639-2 code, which browsers and validators do not take`;
  if (language.length < 4) return undefined;
  const meant = languageCodeNamed(language);
  return meant
    ? `must be a language code, not a name: write "${meant}${tag.slice(language.length)}"`
    : 'must be a language code, not a name, such as "en" or "pt-BR"';
}

/** By name, the code `languageCodeNamed` found: a batch exported with `lang: English` throughout asks once (20–35 ms). */
const codesByName = new Map<string, string | undefined>();

/** The two-letter code of a language by its name in English or in itself (`English`, `français`), in any case. */
function languageCodeNamed(name: string): string | undefined {
  const wanted = name.toLowerCase();
  if (!codesByName.has(wanted)) codesByName.set(wanted, searchedLanguageCode(wanted));
  return codesByName.get(wanted);
}

function searchedLanguageCode(wanted: string): string | undefined {
  const letters = 'abcdefghijklmnopqrstuvwxyz';
  const inEnglish = new Intl.DisplayNames('en', { type: 'language', fallback: 'none' });
  for (const first of letters)
    for (const second of letters) {
      const code = first + second;
      const names = [inEnglish.of(code), new Intl.DisplayNames(code, { type: 'language', fallback: 'none' }).of(code)];
      if (names.some((known) => known?.toLocaleLowerCase(code) === wanted || known?.toLowerCase() === wanted)) return code;
    }
  return undefined;
}

/** What an error at an `embargo` that cannot be read adds: the publish holds the article (it fails closed). */
export const embargoHeld = 'the story is held, none of its editions published, until its embargo is fixed';

const text = z.string().check(z.trim(), z.minLength(1, 'must not be empty'));
const date = z.string().check(z.refine(isRealDate, { error: (issue) => dateProblem(String(issue.input)) }));
const embargo = z.string().check(z.refine((value) => embargoProblem(value) === undefined, { error: (issue) => embargoProblem(String(issue.input)) }));
const languageTag = z.string().check(z.refine((tag) => languageTagProblem(tag) === undefined, { error: (issue) => languageTagProblem(String(issue.input)) }));
/** One correction notice, as a news agency issues it after the story went out: when, and what was corrected. */
const correction = z.strictObject({ date, text });
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
  /** Correction notices, each printed with its date in every edition; the newest one dates the article's last change. */
  corrections: z.optional(z.array(correction)),
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
  /**
   * Where a character of a string value (`corrections.0.text`, `text` its value as read) is written in the article file:
   * found by the words from it to the end of its line in the value as written, else the value's start (an escape, a
   * folded line).
   */
  readonly placeInValue: (path: readonly PropertyKey[], text: string, offset: number) => { line: number; column: number };
}

/** A `key: value` line of front matter: its key, and its value as written (from its first character to the line's end). */
const keyValueLine = /^(\s*)([^\s#'"\-?:][^#:]*?):[ \t]+(\S.*?)\s*$/;

/** A line starting with a key (`updated:`, `corrections:`, a list item's first `- date:`), whatever its value: its indent and its key. */
function keyOf(line: string): RegExpExecArray | null {
  return /^(\s*)([^\s#'"\-?:][^#:]*?):(?=\s|$)/.exec(line.replace(/^(\s*)-(\s)/, '$1 $2'));
}

/** A list's item on a line of its own (`  - "Fire`): its value as written. */
const listItemLine = /^\s*-[ \t]+(\S.*?)\s*$/;

/** A value quoted for YAML, keeping every character: in double quotes unless it holds one or a backslash (an escape there). */
function quotedForYaml(value: string): string {
  return /["\\]/.test(value) ? `'${value.replaceAll("'", "''")}'` : `"${value}"`;
}

/**
 * A YAML error as the one who typed the front matter can act on it: the mistakes a headline most often brings (a `: ` in a
 * value left bare, a quote inside a value quoted with the same mark, a quote or a list's `[` never closed) get the line to
 * write, and an unclosed one is placed where it opens, not where YAML gives up (the end of the front matter); the others keep YAML's words.
 */
function yamlSyntaxProblem(
  error: YAMLError,
  yamlText: string,
  toFilePlace: (offset: number) => { line: number; column: number },
): { reason: string; offset: number } {
  const lineAt = (offset: number) => {
    const start = yamlText.lastIndexOf('\n', offset - 1) + 1;
    const end = yamlText.indexOf('\n', offset);
    return { start, text: yamlText.slice(start, end === -1 ? undefined : end) };
  };
  const line = lineAt(error.pos[0]);
  const entry = keyValueLine.exec(line.text);
  const [key, value] = [entry?.[2] ?? '', entry?.[3] ?? ''];
  const valueOffset = line.start + line.text.lastIndexOf(value);
  const mark = value[0] === '"' || value[0] === "'" ? value[0] : undefined;
  if (error.code === 'BLOCK_AS_IMPLICIT_KEY' && entry && !mark)
    return {
      reason: `\`${key}\` holds ": " in its value, which YAML reads as the start of another key; put the value in quotes: ${key}: ${quotedForYaml(value)}`,
      offset: error.pos[0],
    };
  // A key written twice (an `updated:` line added below the first when a story is updated): YAML says "Map keys must be
  // unique", naming neither the key nor the line it was first given at.
  const repeated = error.code === 'DUPLICATE_KEY' ? keyOf(line.text) : null;
  if (repeated) {
    const [, indent = '', name] = repeated;
    const earlier = yamlText.slice(0, line.start).split('\n');
    // The nearest line above with the key at the same indent: its mapping's (an earlier list item's has its own).
    const first = earlier.findLastIndex((text) => keyOf(text)?.slice(1, 3).join(':') === `${indent}:${name}`);
    if (first !== -1) {
      const firstLine = toFilePlace(earlier.slice(0, first).join('\n').length + (first > 0 ? 1 : 0)).line;
      return { reason: `\`${name}\` is given twice, at line ${firstLine} and here; keep one of them`, offset: line.start + indent.length };
    }
  }
  if (error.code === 'UNEXPECTED_TOKEN' && entry && mark && error.pos[0] > valueOffset && value.endsWith(mark))
    return {
      reason: `\`${key}\`'s value is quoted with ${mark} and holds another ${mark}, where YAML ends it; quote it with the other mark: ${key}: ${quotedForYaml(value.slice(1, -1))}`,
      offset: error.pos[0],
    };
  // A quote, or a flow list's or mapping's bracket, left open: YAML notices it only where the front matter ends or a key
  // starts; the opening is the last value before that which starts with it and does not close it on its line.
  const quote = error.code === 'MISSING_CHAR' ? /^Missing closing (["'])quote/.exec(error.message)?.[1] : undefined;
  const bracket =
    error.code === 'BAD_INDENT'
      ? /^Flow (?:sequence|map) in block collection .* end with an? ([\]}])$/.exec(error.message.split('\n')[0] ?? '')?.[1]
      : undefined;
  const [opener, closer, what] = quote
    ? [quote, quote, `a ${quote} quote`]
    : bracket === ']'
      ? ['[', ']', 'a [ list']
      : bracket === '}'
        ? ['{', '}', 'a { mapping']
        : [];
  if (opener && closer) {
    const lines = yamlText.slice(0, error.pos[0]).split('\n');
    for (let index = lines.length - 1, end = error.pos[0]; index >= 0; end -= (lines[index]?.length ?? 0) + 1, index--) {
      const line = lines[index] ?? '';
      const entry = keyValueLine.exec(line);
      const item = entry ? undefined : listItemLine.exec(line);
      const text = entry?.[3] ?? item?.[1] ?? '';
      if (!(entry || item) || text[0] !== opener || text.indexOf(closer, 1) !== -1) continue;
      const [whose, written] = entry ? [`\`${entry[2]}\`'s value`, `${entry[2]}: `] : ['a list item', '- '];
      return {
        reason: `${whose} opens ${what} that is never closed; close it at the value's end: ${written}${text}${closer}`,
        offset: end - line.length + line.lastIndexOf(text),
      };
    }
  }
  return { reason: `${error.message.split('\n')[0]}; fix the YAML syntax`, offset: error.pos[0] };
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
  const offsetOfKey = new Map<string, number>();
  const offsetOfValue = new Map<string, YamlNode | null>();
  /** The YAML node at a path of the front matter (`corrections.1.date`), or the nearest one that is there. */
  const nodeAt = (path: readonly PropertyKey[]): YamlNode | null => {
    let node = offsetOfValue.get(String(path[0] ?? '')) ?? null;
    for (const step of path.slice(1)) {
      const inner = typeof step === 'number' && isSeq(node) ? node.items[step] : isMap(node) ? node.get(String(step), true) : undefined;
      if (!inner || typeof inner !== 'object') break;
      node = inner as YamlNode;
    }
    return node;
  };
  const offsetAt = (path: readonly PropertyKey[]) => nodeAt(path)?.range?.[0] ?? offsetOfKey.get(String(path[0] ?? '')) ?? 0;
  const placeInValue = (path: readonly PropertyKey[], text: string, offset: number) => {
    const [start, end] = nodeAt(path)?.range ?? [offsetAt(path), offsetAt(path)];
    return toFilePlace(start + (offsetInSource(text, offset, yamlText.slice(start, end)) ?? 0));
  };
  const parsed = (data: FrontMatter): ParsedFrontMatter => ({ data, problems, keyPlaces, placeInValue });

  for (const error of document.errors) {
    const { reason, offset } = yamlSyntaxProblem(error, yamlText, toFilePlace);
    problem(`Front matter is not valid YAML: ${reason}`, 'yaml-syntax', offset, true);
  }
  if (document.errors.length > 0) return parsed({});

  const contents = document.contents;
  if (contents === null || (isScalar(contents) && contents.value === null)) return parsed({});
  if (!isMap(contents)) {
    problem('Front matter must be a mapping of keys to values, such as `title: …`', 'front-matter-shape', contents.range?.[0] ?? 0, true);
    return parsed({});
  }

  for (const pair of contents.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
    const keyOffset = isScalar(pair.key) ? (pair.key.range?.[0] ?? 0) : 0;
    offsetOfKey.set(key, keyOffset);
    keyPlaces.set(key, toFilePlace(keyOffset));
    offsetOfValue.set(key, (pair.value as YamlNode | null) ?? null);
    if (knownKeys.has(key)) continue;
    const meant = meantName(key, [...knownKeys]);
    const keys = [...knownKeys].join(', ');
    const advice = meant ? `did you mean \`${meant}\`? Known keys are ${keys}` : `known keys are ${keys}`;
    problem(`Unknown front matter key \`${key}\`; ${advice}`, 'unknown-key', keyOffset, false);
  }

  // Every key takes text: a headline, a tag or an id written as a bare number or `true` (`title: 2026`, `tags: [COP30, 2026]`,
  // `id: 0042`) is the text written, not a number that failed the article (or lost its leading zeros and digits past 2^53).
  visit(document, {
    Scalar(_, node) {
      if (node.type === 'PLAIN' && (typeof node.value === 'number' || typeof node.value === 'boolean') && node.source !== undefined) node.value = node.source;
    },
  });
  const raw = document.toJS() as Record<string, unknown>;
  // YAML's escapes write control characters the file itself does not hold: they go as the body's do, as spaces.
  for (const [key, value] of Object.entries(raw)) {
    const found = stringWithControl(value);
    if (found === undefined) continue;
    const character = found.match(controlCharacter)?.[0] ?? '';
    const offset = offsetOfValue.get(key)?.range?.[0] ?? offsetOfKey.get(key) ?? 0;
    problem(
      `Front matter \`${key}\` holds control character ${controlCharacterName(character)}, which is not text; it is set as a space. Remove it`,
      'control-character',
      offset,
      false,
    );
    raw[key] = withoutControls(value);
  }
  const result = frontMatterSchema.safeParse(raw);
  if (result.success) {
    const { date, updated, corrections = [] } = result.data;
    if (date && updated && isBefore(updated, date)) {
      problem(
        `Front matter \`updated\` (${updated}) is before \`date\` (${date}); an article is updated after it is published. Correct one of them`,
        'updated-before-date',
        offsetAt(['updated']),
        false,
      );
    }
    corrections.forEach((correction, index) => {
      if (date && isBefore(correction.date, date))
        problem(
          `Front matter ${pathName(['corrections', index, 'date'])} (${correction.date}) is before \`date\` (${date}); a story is corrected after it is published. Correct one of them`,
          'correction-before-date',
          offsetAt(['corrections', index, 'date']),
          false,
        );
    });
    const newest = newestCorrection(corrections);
    if (updated && newest && isBefore(updated, newest.date))
      problem(
        `Front matter \`updated\` (${updated}) is before the newest correction (${newest.date}), which dates the article's last change in its editions; make \`updated\` that date or later, or leave it out`,
        'updated-before-correction',
        offsetAt(['updated']),
        false,
      );
    return parsed(result.data);
  }

  for (const issue of result.error.issues) {
    const key = String(issue.path[0] ?? '');
    const held = key === 'embargo' ? `; ${embargoHeld}` : '';
    // An unknown key in a correction is shown where it is written.
    const place = issue.code === 'unrecognized_keys' ? [...issue.path, issue.keys[0] ?? ''] : issue.path;
    problem(
      `Front matter ${pathName(issue.path)} ${describeIssue(issue, !hasValueAt(raw, issue.path))}${held}`,
      `invalid-${key || 'front-matter'}`,
      offsetAt(place),
      true,
    );
  }
  return parsed({});
}

/**
 * Where the character at `offset` of a value as read (`text`) stands in the value as written (`source`): the first
 * place the words from it to the end of its line are written, past as many as stand before it in `text`.
 */
function offsetInSource(text: string, offset: number, source: string): number | undefined {
  const lineEnd = text.indexOf('\n', offset);
  const words = text.slice(offset, lineEnd === -1 ? undefined : lineEnd).trimEnd();
  if (words === '') return undefined;
  let found = -1;
  for (let before = text.indexOf(words); before !== -1 && before <= offset; before = text.indexOf(words, before + 1)) {
    found = source.indexOf(words, found + 1);
    if (found === -1) return undefined;
  }
  return found === -1 ? undefined : found;
}

/** The first string in a front matter value (a list's, a correction's) that holds a control character. */
function stringWithControl(value: unknown): string | undefined {
  if (typeof value === 'string') return hasControlCharacter.test(value) ? value : undefined;
  if (Array.isArray(value)) return value.map(stringWithControl).find((found) => found !== undefined);
  if (value !== null && typeof value === 'object')
    return Object.values(value)
      .map(stringWithControl)
      .find((found) => found !== undefined);
  return undefined;
}

/** A front matter value with its strings' control characters set as spaces. */
function withoutControls(value: unknown): unknown {
  if (typeof value === 'string') return value.replace(controlCharacter, ' ');
  if (Array.isArray(value)) return value.map(withoutControls);
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, withoutControls(inner)]));
  return value;
}

/** The corrections oldest first, as they were issued: by date, those of one date in the order written. */
function byDate<T extends { readonly date: string }>(corrections: readonly T[]): T[] {
  return [...corrections].sort((a, b) => (isBefore(a.date, b.date) ? -1 : isBefore(b.date, a.date) ? 1 : 0));
}

function newestCorrection<T extends { readonly date: string }>(corrections: readonly T[]): T | undefined {
  return byDate(corrections).at(-1);
}

/**
 * A place in the front matter as a reader counts, from 1: `corrections` item 2's `date`, `tags` item 3 (as a path,
 * `corrections.1.date`, it named the second correction the first).
 */
export function pathName(path: readonly PropertyKey[]): string {
  return path
    .map((step, index) => {
      if (typeof step === 'number') return ` item ${step + 1}`;
      return index === 0 ? `\`${String(step)}\`` : `'s \`${String(step)}\``;
    })
    .join('');
}

/** Whether the front matter has a value at a path (`corrections.1.text`): a key left out of a correction is missing, not of a wrong type. */
function hasValueAt(raw: unknown, path: readonly PropertyKey[]): boolean {
  let value = raw;
  for (const step of path) {
    if (value === null || typeof value !== 'object' || !Object.hasOwn(value, step)) return false;
    value = (value as Record<PropertyKey, unknown>)[step];
  }
  return value !== undefined;
}

function describeIssue(issue: z.core.$ZodIssue, missing: boolean): string {
  const expected = issue.code === 'invalid_type' ? (issue.expected === 'array' ? 'a list' : `a ${issue.expected}`) : '';
  if (issue.code === 'invalid_type' && missing) return `is missing: give it as ${expected}`;
  if (issue.code === 'invalid_type') return `must be ${expected}`;
  if (issue.code === 'unrecognized_keys')
    return `has an unknown key, ${issue.keys.map((name) => `\`${name}\``).join(', ')}: a correction takes \`date\` and \`text\``;
  if (issue.code === 'invalid_union') return 'must be a name or a list of names';
  return issue.message;
}

/** A time's fraction of a second cut to milliseconds: HTML's `datetime` takes at most three digits (Python's isoformat writes six). */
function toMilliseconds(value: string): string {
  return value.replace(/(\.\d{3})\d+/, '$1');
}

/**
 * The article's last change: `updated`, or the newest correction's date when there is no `updated` or it is older (a
 * correction changes the story), so that every edition's modification date, the feeds' entry and the NewsML version follow it.
 * None when it is before `date` (warned of as it is read): a story changed before it went out was modified at its date, and
 * the feeds' `updated`, the sitemap's `lastmod` and the page's `dateModified` went before its publication.
 */
function lastChange(updated: string | undefined, newestCorrection: string | undefined, date: string | undefined): string | undefined {
  const latest = updated && newestCorrection && isBefore(updated, newestCorrection) ? newestCorrection : (updated ?? newestCorrection);
  if (latest && date && isBefore(latest, date)) return undefined;
  return latest && toMilliseconds(latest);
}

/** The article's language: its front matter's `lang`, English when it has none. */
export function articleLanguage(data: FrontMatter): string {
  return data.lang ?? 'en';
}

/** Builds the article's metadata from validated front matter, a fallback title and the corrections read (in the front matter's order, their texts as Markdown). */
export function toArticleMeta(data: FrontMatter, title: string, read: readonly Correction[]): ArticleMeta {
  const lang = articleLanguage(data);
  const corrections = byDate(read).map((correction) => ({ ...correction, date: toMilliseconds(correction.date) }));
  const authors = data.author === undefined ? [] : Array.isArray(data.author) ? data.author : [data.author];
  return {
    title: smartenLine(title, lang),
    description: data.description === undefined ? undefined : smartenLine(data.description, lang),
    authors,
    credit: data.credit,
    dateline: data.dateline,
    date: data.date && toMilliseconds(data.date),
    updated: lastChange(data.updated, corrections.at(-1)?.date, data.date),
    corrections: corrections.length > 0 ? corrections : undefined,
    lang,
    publisher: data.publisher,
    tags: data.tags ?? [],
    rights: data.rights,
    image: data.image,
    id: data.id,
    translationKey: data.translationKey,
  };
}
