import type { VFile } from 'vfile';
import { type HeldArticles, heldKey, type SourceStamp } from './manifest.js';
import { byCodeUnits } from './order.js';
import { checkedFrontMatter, frontMatterBlock } from './slugs.js';

/** An article of the run held by its embargo: not published, its editions (if it had any) removed. */
export interface HeldArticle {
  /** Its file's path relative to the source folder. */
  readonly name: string;
  /** Its front matter's `embargo`, as written. */
  readonly embargo: string;
  /** The embargo's time, in milliseconds since the epoch. */
  readonly until: number;
}

/**
 * The embargo an article's front matter sets, read before the article is parsed (as its slug and story are): a held article
 * must be known before any page is made, for no page may link it. Undefined when it sets none, or its front matter has an
 * error, which the reader reports when it parses the article (which then fails, its last editions left as they were).
 */
export async function declaredEmbargo(bytes: Uint8Array): Promise<string | undefined> {
  const block = frontMatterBlock(bytes);
  // A block spells the key, or escapes some of it: the others are not parsed twice.
  if (block === undefined || !/embargo|\\/.test(block)) return undefined;
  return (await checkedFrontMatter(block))?.embargo;
}

/** The time of an embargo as the schema lets it be written (a date, a time and its zone), in milliseconds since the epoch. */
export function embargoTime(embargo: string): number {
  return new Date(embargo).getTime();
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
  readonly embargo?: string;
  readonly bytes?: Uint8Array;
}

/**
 * Records this run's held articles (`held`, of the articles `names`; `allNames` those of every shard) in the manifest's `records`,
 * and drops the records of the others (published now, deleted, or their embargo lifted). One whose reading failed is not recorded:
 * the next publish reads it again, and shows its error again, as it does an article that failed. Returns those held without
 * errors, soonest released first.
 */
export function recordHeld(
  records: HeldArticles,
  folder: string,
  held: readonly HeldCandidate[],
  names: readonly string[],
  allNames: readonly string[],
  files: ReadonlyMap<string, VFile>,
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
    if (bytes && embargo) records.set(heldKey(folder, name), { folder, source: name, sourceHash, sourceStamp, embargo });
  }
  return holding
    .flatMap(({ name, embargo }) => (embargo === undefined ? [] : [{ name, embargo, until: embargoTime(embargo) }]))
    .sort((a, b) => a.until - b.until || byCodeUnits(a.name, b.name));
}
