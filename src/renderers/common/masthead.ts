import type { ArticleMeta } from '../../types.js';

/** The article's date in words, in its own language ("February 2, 2013"), never from the clock. */
export function readableDate(date: string | undefined, lang: string): string | undefined {
  if (!date) return undefined;
  const day = date.slice(0, 10);
  const [year, month, dayOfMonth] = day.split('-').map(Number);
  return dateFormat(lang).format(new Date(Date.UTC(year ?? 1970, (month ?? 1) - 1, dayOfMonth ?? 1)));
}

const dateFormats = new Map<string, Intl.DateTimeFormat>();

/** Formatters are costly to make: one per language per process. */
function dateFormat(lang: string): Intl.DateTimeFormat {
  let format = dateFormats.get(lang);
  if (!format) {
    format = new Intl.DateTimeFormat(safeLocale(lang), { dateStyle: 'long', timeZone: 'UTC' });
    dateFormats.set(lang, format);
  }
  return format;
}

/** Intl throws on tags it does not know; fall back to English rather than fail an edition. */
function safeLocale(lang: string): string {
  try {
    return Intl.DateTimeFormat.supportedLocalesOf([lang]).length > 0 ? lang : 'en';
  } catch {
    return 'en';
  }
}

/** "By Jane Doe and John Roe", or undefined when the article has no author. */
export function byline(meta: ArticleMeta): string | undefined {
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

/** The credit line to print beside the byline: absent when it only repeats the author ("By AFP", credit AFP). */
export function creditBesideByline(meta: ArticleMeta): string | undefined {
  return meta.credit && !meta.authors.includes(meta.credit) ? meta.credit : undefined;
}

/** Wire-style dateline opener: "MUNICH, Germany (AFP) — ". */
export function datelineOpener(meta: ArticleMeta): string | undefined {
  if (!meta.dateline) return undefined;
  return `${meta.dateline}${meta.credit ? ` (${meta.credit})` : ''} — `;
}

/** Languages written right to left, by their primary subtag. */
const rightToLeft = new Set(['ar', 'arc', 'ckb', 'dv', 'fa', 'he', 'iw', 'ks', 'ps', 'sd', 'syr', 'ug', 'ur', 'yi']);

export function isRightToLeft(lang: string): boolean {
  return rightToLeft.has(lang.split('-')[0]?.toLowerCase() ?? '');
}

/**
 * A date from the article as a Date: `YYYY-MM-DD` is midnight UTC, a time without a zone is UTC. Without
 * one, SOURCE_DATE_EPOCH, else 1980-01-01 (the zip epoch): never the clock.
 */
export function articleDate(value: string | undefined): Date {
  // A time written without a zone is UTC: the build's time zone must never show in an edition.
  if (value) return new Date(value.length === 10 ? `${value}T00:00:00Z` : /(Z|[+-]\d{2}:?\d{2})$/.test(value) ? value : `${value.replace(' ', 'T')}Z`);
  const epoch = process.env.SOURCE_DATE_EPOCH;
  return epoch && /^\d+$/.test(epoch) ? new Date(Number(epoch) * 1000) : new Date(Date.UTC(1980, 0, 1));
}

/** Pandoc's table caption: a paragraph right after a table that starts with `:` or `Table:`. */
export const tableCaptionMarker = /^\s*(?:Table)?:\s+/;

/** Elements that stand as blocks of their own: text and PDF editions set the inline runs between them as paragraphs. */
export const blockElements = new Set([
  'p',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'ul',
  'ol',
  'blockquote',
  'pre',
  'hr',
  'table',
  'section',
  'div',
  'figure',
  'figcaption',
  'details',
  'summary',
  'dl',
  'dt',
  'dd',
  'li',
]);
