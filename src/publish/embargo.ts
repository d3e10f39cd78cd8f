import type { VFile } from 'vfile';
import { controlCharacter } from '../read/controls.js';
import { type HeldArticles, heldKey, type SourceStamp } from './manifest.js';
import { byCodeUnits } from './order.js';
import { frontMatterBlock, frontMatterReader } from './slugs.js';

/** An article of the run held by its embargo: not published, its editions (if it had any) removed. */
export interface HeldArticle {
  /** Its file's path relative to the source folder. */
  readonly name: string;
  /** Its front matter's `embargo`, as written; undefined when it cannot be read. */
  readonly embargo?: string;
  /** The embargo's time, in milliseconds since the epoch: infinite when it cannot be read (held until it is fixed). */
  readonly until: number;
}

/** An `embargo` that cannot be read (no zone, a date alone, not a date, front matter that is not YAML): held with no known end. */
export interface UnreadableEmbargo {
  /** The error to show at its key when the reader shows none at it: front matter that is not YAML, whose error is at the YAML's fault. */
  readonly error?: { readonly reason: string; readonly place: { readonly line: number; readonly column: number } };
}

/**
 * The embargo an article's front matter sets, read before the article is parsed (as its slug and story are): a held article
 * must be known before any page is made, for no page may link it. It fails closed: another error in the front matter does not
 * hide a valid embargo, and one that cannot be read, or front matter that is not YAML but has an `embargo` line, holds the
 * article until it is fixed. Undefined when it sets none.
 */
export async function declaredEmbargo(file: Uint8Array): Promise<string | UnreadableEmbargo | undefined> {
  const bytes = asUtf8(file);
  const block = frontMatterBlock(bytes);
  if (block === undefined) {
    const late = lateFrontMatter(bytes);
    if (late) return embargoLine(late.block, 'does not start the file (a blank line is before its opening ---)', late.line);
    return embargoLine(unclosedFrontMatter(bytes), 'is never closed');
  }
  // A block spells the key, or escapes some of it: the others are not parsed twice.
  if (!/embargo|\\/.test(block)) return undefined;
  const { parseFrontMatter } = await frontMatterReader();
  // The reader takes control characters for spaces before it parses.
  const yaml = block.replace(controlCharacter, ' ');
  const { data, problems, keyPlaces } = parseFrontMatter(yaml, () => ({ line: 1, column: 1 }));
  if (problems.some(({ ruleId }) => ruleId === 'yaml-syntax')) return embargoLine(block, 'is not valid YAML');
  if (!keyPlaces.has('embargo')) return undefined;
  // The reader's error at its value says it is held.
  if (problems.some(({ ruleId }) => ruleId === 'invalid-embargo')) return {};
  // Valid, though another key's error left no data: read alone, as the reader reads it (a string, or the schema would have said).
  const value = data.embargo ?? (await import('./slug-yaml.js')).scalarOf(yaml, 'embargo')?.value;
  return typeof value === 'string' ? value : {};
}

/**
 * A file saved as UTF-16 (Windows editors' "Unicode", told by its byte-order mark) decoded to UTF-8: the reader refuses it, asking for
 * UTF-8, and its embargo must still hold it (a story pulled back so stayed published); other bytes as they are.
 */
function asUtf8(bytes: Uint8Array): Uint8Array {
  const encoding = bytes[0] === 0xff && bytes[1] === 0xfe ? 'utf-16le' : bytes[0] === 0xfe && bytes[1] === 0xff ? 'utf-16be' : undefined;
  return encoding ? Buffer.from(new TextDecoder(encoding).decode(bytes)) : bytes;
}

/**
 * Front matter that cannot be parsed (its `fault`): held with no known end when a line of it writes the key, bare or quoted, at
 * any indentation (a key indented by mistake is what often breaks the YAML, and which mapping it was meant in cannot be told),
 * all there is to go by, with an error at that key (the reader's is at the fault).
 */
async function embargoLine(block: string | undefined, fault: string, firstLine = 2): Promise<UnreadableEmbargo | undefined> {
  const lines = block?.split(/\r?\n/) ?? [];
  const line = lines.findIndex((text) => embargoKey.test(text));
  if (line < 0) return undefined;
  const { embargoHeld } = await frontMatterReader();
  const column = (embargoKey.exec(lines[line] ?? '')?.[1]?.length ?? 0) + 1;
  // The block starts on `firstLine`, the line after the opening fence.
  return { error: { reason: `Front matter ${fault}, so its \`embargo\` cannot be read: ${embargoHeld}`, place: { line: line + firstLine, column } } };
}

/** A line writing the key `embargo`, bare or quoted, after its indentation (captured). */
const embargoKey = /^([ \t]*)(["']?)embargo\2[ \t]*:/;

/**
 * Front matter after blank lines, which the reader takes for text (a rule, then a heading) and publishes: its text after the
 * opening `---` and the line that text starts on; undefined when there is none.
 */
function lateFrontMatter(bytes: Uint8Array): { readonly block: string; readonly line: number } | undefined {
  // Most articles without front matter are told by their first bytes (no blank line), and not decoded.
  if (!/^\uFEFF?[ \t]*\r?\n/.test(Buffer.from(bytes.subarray(0, 16)).toString('utf8'))) return undefined;
  const text = Buffer.from(bytes.subarray(0, 64 * 1024))
    .toString('utf8')
    .replace(/^\uFEFF/, '');
  const opening = /^(?:[ \t]*\r?\n)+---[ \t]*\r?\n/.exec(text);
  if (!opening) return undefined;
  // Up to its closing `---` line: an indented line of the body (code) is not front matter.
  const after = text.slice(opening[0].length);
  const closing = /^---[ \t]*$/m.exec(after);
  return { block: closing ? after.slice(0, closing.index) : after, line: opening[0].split('\n').length };
}

/** The text after an opening `---` line that no `---` line closes (the reader fails such an article); undefined when there is none. */
function unclosedFrontMatter(bytes: Uint8Array): string | undefined {
  // Most articles without front matter are told by their first bytes, and not decoded whole.
  if (!/^(\uFEFF)?---/.test(Buffer.from(bytes.subarray(0, 6)).toString('utf8'))) return undefined;
  const text = Buffer.from(bytes)
    .toString('utf8')
    .replace(/^\uFEFF/, '');
  const opening = /^---[ \t]*\r?\n/.exec(text);
  return opening ? text.slice(opening[0].length) : undefined;
}

/** The time of an embargo as the schema lets it be written (a date, a time and its zone), in milliseconds since the epoch. */
export function embargoTime(embargo: string): number {
  return new Date(embargo).getTime();
}

/** When an embargo ends, in milliseconds since the epoch: never, while it cannot be read (the article is held until it is fixed). */
export function embargoEnd(embargo: string | UnreadableEmbargo): number {
  return typeof embargo === 'string' ? embargoTime(embargo) : Number.POSITIVE_INFINITY;
}

/** The time an embargo ends, in UTC to the minute (to the second when it has seconds), as the run's summary says it. */
export function embargoInWords(until: number): string {
  const iso = new Date(until).toISOString();
  const seconds = iso.slice(16, 19) === ':00' ? '' : iso.slice(16, 19);
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)}${seconds} UTC`;
}

/** An article of the run held by its embargo, as listed: its bytes only when read in this run. */
interface HeldCandidate {
  readonly name: string;
  readonly hash: string;
  readonly stamp: SourceStamp;
  readonly embargo?: string | UnreadableEmbargo;
  readonly bytes?: Uint8Array;
}

/** Whether the articles `names` held in this run (`heldNames`) are not those the manifest records held: one newly held, or released. */
export function heldChanged(records: HeldArticles, folder: string, names: readonly string[], heldNames: ReadonlySet<string>): boolean {
  const recorded = names.filter((name) => records.has(heldKey(folder, name)));
  return recorded.length !== heldNames.size || recorded.some((name) => !heldNames.has(name));
}

/**
 * Records this run's held articles (`held`, of the articles `names`; `allNames` those of every shard) in the manifest's `records`
 * (marked `byShard` when a shard records them),
 * and drops the records of the others (published now, deleted, or their embargo lifted). One whose reading failed is not recorded:
 * the next publish reads it again, and shows its error again (and holds it again), as it does an article that failed. Returns
 * those held without errors and those whose embargo cannot be read (which have one), soonest released first, those with no known
 * end last.
 */
export function recordHeld(
  records: HeldArticles,
  folder: string,
  held: readonly HeldCandidate[],
  names: readonly string[],
  allNames: readonly string[],
  files: ReadonlyMap<string, VFile>,
  byShard: boolean,
): HeldArticle[] {
  const holding = held.filter((input) => !files.get(input.name)?.messages.some((message) => message.fatal));
  const holdingNames = new Set(holding.map(({ name }) => name));
  const [own, present] = [new Set(names), new Set(allNames)];
  // Deleted only when there (a deletion marks the manifest to be written).
  for (const [key, entry] of records) {
    if (entry.folder === folder && (!present.has(entry.source) || (own.has(entry.source) && !holdingNames.has(entry.source)))) records.delete(key);
  }
  for (const { name, hash: sourceHash, stamp: sourceStamp, embargo, bytes } of holding) {
    // Read in this run (new, changed, or held before its file changed): recorded anew.
    if (bytes && typeof embargo === 'string') {
      records.set(heldKey(folder, name), { folder, source: name, sourceHash, sourceStamp, embargo, ...(byShard ? { byShard: true } : {}) });
    }
  }
  return held
    .flatMap(({ name, embargo }) => {
      if (typeof embargo === 'string') return holdingNames.has(name) ? [{ name, embargo, until: embargoTime(embargo) }] : [];
      // Held with an error: the error of its embargo, which cannot be read.
      return embargo ? [{ name, until: embargoEnd(embargo) }] : [];
    })
    .sort((a, b) => (a.until === b.until ? 0 : a.until - b.until) || byCodeUnits(a.name, b.name));
}

/** Whether a shard recorded held articles since the collections were last made: they may list them still. */
export function heldByShards(records: HeldArticles): boolean {
  return [...records.values()].some((entry) => entry.byShard);
}

/** The collections made (every one): the held articles' records lose their shard's mark. */
export function heldCollected(records: HeldArticles): void {
  for (const [key, { byShard, ...entry }] of records) if (byShard) records.set(key, entry);
}

/** The error an unreadable embargo carries at its key when the reader's is elsewhere (front matter that is not YAML). */
export function showUnreadableEmbargo(file: VFile, embargo: string | UnreadableEmbargo | undefined): void {
  if (typeof embargo !== 'object' || !embargo.error) return;
  const message = file.message(embargo.error.reason, { place: embargo.error.place, ruleId: 'embargo-unreadable', source: 'editions' });
  message.fatal = true;
}
