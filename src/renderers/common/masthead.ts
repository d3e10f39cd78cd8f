import type { ArticleMeta } from '../../types.js';
import { readableDate } from './dates.js';
import { safeLocale } from './language.js';

/** The lines under the headline, as every edition prints them. */
export interface Masthead {
  /** "By Jane Doe and John Roe". */
  readonly byline?: string;
  /** The credit, printed once: beside the byline unless the dateline carries it or an author repeats it ("By AFP"). */
  readonly credit?: string;
  /** Wire-style dateline: "MUNICH, Germany (AFP)". */
  readonly place?: string;
  /** The date in words, in the article's language. */
  readonly date?: string;
}

export function masthead(meta: ArticleMeta): Masthead {
  const place = meta.dateline ? `${meta.dateline}${meta.credit ? ` (${meta.credit})` : ''}` : undefined;
  const credit = meta.credit && !place && !meta.authors.includes(meta.credit) ? meta.credit : undefined;
  return { byline: byline(meta), credit, place, date: readableDate(meta.date, meta.lang) };
}

/** "By Jane Doe and John Roe", or undefined when the article has no author. */
function byline(meta: ArticleMeta): string | undefined {
  if (meta.authors.length === 0) return undefined;
  let format = listFormats.get(meta.lang);
  if (!format) {
    format = new Intl.ListFormat(safeLocale(meta.lang), { type: 'conjunction' });
    listFormats.set(meta.lang, format);
  }
  return `By ${format.format(meta.authors)}`;
}

/** Made once per language: making one (and checking its locale) cost more than the rest of a byline. */
const listFormats = new Map<string, Intl.ListFormat>();
