import type { ArticleMeta } from '../../types.js';
import { readableDate } from './dates.js';
import type { Labels } from './labels.js';

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

export function masthead(meta: ArticleMeta, labels: Labels): Masthead {
  const place = meta.dateline ? `${meta.dateline}${meta.credit ? ` (${meta.credit})` : ''}` : undefined;
  const credit = meta.credit && !place && !meta.authors.includes(meta.credit) ? meta.credit : undefined;
  // "By Jane Doe and John Roe", "Par A, B et C": the list and the label's plural by the article's language.
  const byline = meta.authors.length > 0 ? labels.text('byline', { names: labels.list(meta.authors) }, meta.authors.length) : undefined;
  return { byline, credit, place, date: readableDate(meta.date, meta.lang) };
}

/** The lines under the article, as every edition prints them: "Tags: a, b", "Published by X". */
export interface Colophon {
  readonly tags?: string;
  readonly publisher?: string;
}

export function colophon(meta: ArticleMeta, labels: Labels): Colophon {
  return {
    tags: meta.tags.length > 0 ? labels.text('tags', { tags: meta.tags.join(labels.text('tagSeparator')) }, meta.tags.length) : undefined,
    publisher: meta.publisher ? labels.text('publishedBy', { publisher: meta.publisher }) : undefined,
  };
}
