import { safeLocale } from './language.js';

/** The article's date in words, in its own language ("February 2, 2013"), never from the clock. */
export function readableDate(date: string | undefined, lang: string): string | undefined {
  if (!date) return undefined;
  const [year, month, dayOfMonth] = date.slice(0, 10).split('-').map(Number);
  // setUTCFullYear, not Date.UTC, which takes the years 0 to 99 for 1900 to 1999.
  const day = new Date(0);
  day.setUTCFullYear(year ?? 1970, (month ?? 1) - 1, dayOfMonth ?? 1);
  return inWords(dateFormat(lang, 'UTC', false), day, lang, dayOfMonth === 1);
}

/**
 * A date of the article in words with its time when it has one, in its language: "February 3, 2013 at 2:30 PM UTC",
 * "3 février 2013 à 14:30 UTC+1". The day is the date line's (`readableDate`); the time is the clock as written, in
 * the zone written (UTC without one). An offset of hours and minutes (+05:30) or beyond the world's zones, which
 * Node 20's Intl has no zone for, is shown in UTC.
 */
export function readableDateTime(date: string | undefined, lang: string): string | undefined {
  if (!date || date.length === 10) return readableDate(date, lang);
  const moment = articleDate(date);
  const [, sign, hours, minutes] = /([+-])(\d{2}):?(\d{2})$/.exec(date) ?? [];
  // Etc/GMT zones count west as positive (+02:00 is Etc/GMT-2), from Etc/GMT-14 to Etc/GMT+12.
  const zone =
    minutes === '00' && Number(hours) > 0 && Number(hours) <= (sign === '+' ? 14 : 12) ? `Etc/GMT${sign === '+' ? '-' : '+'}${Number(hours)}` : 'UTC';
  const format = dateFormat(lang, zone, true);
  const dayOfMonth = Number(format.formatToParts(moment).find(({ type }) => type === 'day')?.value);
  return inWords(format, moment, lang, dayOfMonth === 1);
}

/** A date formatted, with French's first of a month an ordinal, "1er décembre", which CLDR's (and so Intl's) formats leave out. */
function inWords(format: Intl.DateTimeFormat, date: Date, lang: string, firstOfMonth: boolean): string {
  if (!firstOfMonth || !/^fr(-|$)/i.test(lang)) return format.format(date);
  return format
    .formatToParts(date)
    .map(({ type, value }) => (type === 'day' ? `${value}er` : value))
    .join('');
}

const dateFormats = new Map<string, Intl.DateTimeFormat>();

/**
 * The long date (Intl's `dateStyle: 'long'`, written as its parts so that a time and its zone can join it), in a
 * zone, with the time or without. Formatters are costly to make: one per language, zone and kind per process.
 */
function dateFormat(lang: string, timeZone: string, withTime: boolean): Intl.DateTimeFormat {
  const key = `${lang} ${timeZone} ${withTime}`;
  let format = dateFormats.get(key);
  if (!format) {
    const time = withTime ? ({ hour: 'numeric', minute: '2-digit', timeZoneName: timeZone === 'UTC' ? 'short' : 'shortOffset' } as const) : {};
    format = new Intl.DateTimeFormat(safeLocale(lang), { year: 'numeric', month: 'long', day: 'numeric', ...time, timeZone });
    dateFormats.set(key, format);
  }
  return format;
}

/**
 * Whether one date of the front matter is before another, to the precision of the less precise: a day alone is
 * compared with the other's day as written.
 */
export function isBefore(value: string, other: string): boolean {
  if (value.length === 10 || other.length === 10) return value.slice(0, 10) < other.slice(0, 10);
  return articleDate(value).getTime() < articleDate(other).getTime();
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
