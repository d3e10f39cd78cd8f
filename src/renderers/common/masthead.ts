import type { Element } from 'hast';
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

/** One correction notice as the editions print it: "February 3, 2013: The minister's name is Jean Dupont." */
export interface CorrectionNotice {
  /** Its date as the front matter writes it, for a machine-readable date (`<time datetime>`). */
  readonly date: string;
  /** The whole notice, in the label's words. */
  readonly line: string;
  /** The notice around its date in words, for an edition that marks the date up: `before`, `when`, `after`. */
  readonly before: string;
  readonly when: string;
  readonly after: string;
}

/** The article's correction notices, oldest first, under their heading ("Corrections", "Rectificatifs"); none without. */
export function correctionNotices(meta: ArticleMeta, labels: Labels): { readonly heading: string; readonly notices: readonly CorrectionNotice[] } | undefined {
  const corrections = meta.corrections ?? [];
  if (corrections.length === 0) return undefined;
  const notices = corrections.map(({ date, text }) => {
    const when = readableDate(date, meta.lang) ?? date;
    // The label's words around the date, split where it goes (a NUL, which no label or front matter text holds).
    const [before = '', after = ''] = labels.text('correction', { date: '\0', text }).split('\0');
    return { date, line: `${before}${when}${after}`, before, when, after };
  });
  return { heading: labels.text('corrections', {}, corrections.length), notices };
}

/**
 * The correction notices as a block every edition sets after the body (its footnotes), before the colophon: a section
 * named by its heading, a paragraph per notice with its date as a `<time>`, oldest first, as newspapers print them.
 */
export function correctionsElement(meta: ArticleMeta, labels: Labels): Element | undefined {
  const corrections = correctionNotices(meta, labels);
  if (!corrections) return undefined;
  return h('section.corrections', { ariaLabel: corrections.heading }, [
    h('h2', corrections.heading),
    ...corrections.notices.map(({ date, before, when, after }) => h('p', [before, h('time', { dateTime: date }, when), after])),
  ]);
}
