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
