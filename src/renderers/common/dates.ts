import { safeLocale } from './language.js';

/** The article's date in words, in its own language ("February 2, 2013"), never from the clock. */
export function readableDate(date: string | undefined, lang: string): string | undefined {
  if (!date) return undefined;
  const [year, month, dayOfMonth] = date.slice(0, 10).split('-').map(Number);
  // setUTCFullYear, not Date.UTC, which takes the years 0 to 99 for 1900 to 1999.
  const day = new Date(0);
  day.setUTCFullYear(year ?? 1970, (month ?? 1) - 1, dayOfMonth ?? 1);
  const format = dateFormat(lang);
  // French writes the first of a month as an ordinal, "1er décembre", which CLDR's (and so Intl's) formats leave out.
  if (dayOfMonth !== 1 || !/^fr(-|$)/i.test(lang)) return format.format(day);
  return format
    .formatToParts(day)
    .map(({ type, value }) => (type === 'day' ? `${value}er` : value))
    .join('');
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

/** RFC 3339 (W3C Datetime) in UTC, to the second, as feeds and sitemaps write it. */
export function isoTimestamp(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
