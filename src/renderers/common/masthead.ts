import type { Element, ElementContent } from 'hast';
import { h } from 'hastscript';
import type { ArticleMeta } from '../../types.js';
import { readableDate } from './dates.js';
import type { Labels } from './labels.js';

/** The lines under the headline, as every edition prints them. */
export interface Masthead {
  /** "By Jane Doe and John Roe". */
  readonly byline?: string;
  /** The credit, printed once: beside the byline unless the dateline carries it or an author repeats it ("By AFP"). */
  readonly credit?: string;
  /** Wire-style dateline: "MUNICH, Germany (AFP)", "北京（法新社）" (the label `dateline`). */
  readonly place?: string;
  /** The date in words, in the article's language. */
  readonly date?: string;
}

export function masthead(meta: ArticleMeta, labels: Labels): Masthead {
  const place = meta.dateline && meta.credit ? labels.text('dateline', { place: meta.dateline, credit: meta.credit }) : meta.dateline;
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

/** One correction notice as the editions print it: "February 3, 2013: The minister's name is Jean Dupont." */
export interface CorrectionNotice {
  /** Its date as the front matter writes it, for a machine-readable date (`<time datetime>`). */
  readonly date: string;
  /** The whole notice, in the label's words, as plain text. */
  readonly line: string;
  /** The whole notice as phrasing content: the label's words, its date in words as a `<time>`, its text as read (links, emphasis). */
  readonly content: readonly ElementContent[];
}

/** Where the label puts a notice's date and its text (NUL and SOH, which no label or front matter text holds: both are set as spaces). */
const datePlace = '\0';
const textPlace = '\u0001';

/** The article's correction notices, oldest first, under their heading ("Corrections", "Rectificatifs"); none without. */
export function correctionNotices(meta: ArticleMeta, labels: Labels): { readonly heading: string; readonly notices: readonly CorrectionNotice[] } | undefined {
  const corrections = meta.corrections ?? [];
  if (corrections.length === 0) return undefined;
  const parts = labels
    .text('correction', { date: datePlace, text: textPlace })
    .split(new RegExp(`(${datePlace}|${textPlace})`))
    .filter((part) => part !== '');
  const notices = corrections.map(({ date, text, content }) => {
    const when = readableDate(date, meta.lang) ?? date;
    return {
      date,
      line: parts.map((part) => (part === datePlace ? when : part === textPlace ? text : part)).join(''),
      content: parts.flatMap((part): readonly ElementContent[] =>
        part === datePlace ? [h('time', { dateTime: date }, when)] : part === textPlace ? content : [{ type: 'text', value: part }],
      ),
    };
  });
  return { heading: labels.text('corrections', {}, corrections.length), notices };
}

/**
 * The correction notices as a block every edition sets after the body (its footnotes), before the colophon, with its
 * own inline rendering: a section named by its heading, a paragraph per notice with its date as a `<time>`, oldest
 * first, as newspapers print them. A copy: the article's tree is frozen, and an edition may change its own.
 */
export function correctionsElement(meta: ArticleMeta, labels: Labels): Element | undefined {
  const corrections = correctionNotices(meta, labels);
  if (!corrections) return undefined;
  return h('section.corrections', { ariaLabel: corrections.heading }, [
    h('h2', corrections.heading),
    ...corrections.notices.map(({ content }) => h('p', structuredClone(content) as ElementContent[])),
  ]);
}
