import type { Element, ElementContent } from 'hast';
import { h } from 'hastscript';
import type { ArticleMeta } from '../../types.js';
import { isBefore, readableDate, readableDateTime } from './dates.js';
import type { LabelId, Labels } from './labels.js';
import { directionOf } from './language.js';
import { isolatedText, isolateOppositeRuns } from './markup.js';

/** The lines under the headline, as every edition prints them. */
export interface Masthead {
  /** "By Jane Doe and John Roe". */
  readonly byline?: string;
  /** The credit, printed once: beside the byline unless the dateline carries it or an author repeats it ("By AFP"). */
  readonly credit?: string;
  /** Wire-style dateline: "MUNICH, Germany (AFP)", "北京（法新社）" (the label `dateline`), its Latin "AFP" isolated in a right-to-left article. */
  readonly place?: LabelLine;
  /** The date in words, in the article's language. */
  readonly date?: string;
  /** "Updated February 3, 2013 at 2:30 PM UTC" (the label `updated`): the article's last change, when after its date. */
  readonly updated?: LabelLine;
}

/** A label's line with its values put in: as plain text, and as phrasing content (a date a `<time datetime>`). */
export interface LabelLine {
  readonly line: string;
  readonly content: readonly ElementContent[];
}

export function masthead(meta: ArticleMeta, labels: Labels): Masthead {
  const place = meta.dateline && meta.credit ? labels.text('dateline', { place: meta.dateline, credit: meta.credit }) : meta.dateline;
  const credit = meta.credit && !place && !meta.authors.includes(meta.credit) ? meta.credit : undefined;
  // "By Jane Doe and John Roe", "Par A, B et C": the list and the label's plural by the article's language.
  const byline = meta.authors.length > 0 ? labels.text('byline', { names: labels.list(meta.authors) }, meta.authors.length) : undefined;
  return {
    byline,
    credit,
    place: place ? isolatedLine(place, directionOf(meta.lang)) : undefined,
    date: readableDate(meta.date, meta.lang),
    updated: updatedLine(meta, labels),
  };
}

/**
 * Text with its runs against the article's direction ("AFP", "UTC" in an Arabic line) isolated, so the punctuation
 * around them keeps its place: as phrasing content, each in a span with `dir`; as plain text, between the isolates.
 */
function isolatedLine(text: string, direction: 'ltr' | 'rtl'): LabelLine {
  const span = h('span', text);
  isolateOppositeRuns(span, direction);
  return { line: isolatedText(text, direction), content: span.children };
}

/**
 * The article's last change (`updated`, or its newest correction's date), the line the page's `dateModified` is read
 * from; none when it is the date itself (to the precision of the less precise: an update that day to a story dated by
 * its day alone says nothing the date does not).
 */
function updatedLine(meta: ArticleMeta, labels: Labels): LabelLine | undefined {
  const { date, updated, lang } = meta;
  if (!updated || (date && !isBefore(date, updated))) return undefined;
  // Its zone ("UTC", "GMT+1") isolated in a right-to-left article, as the dateline's "AFP" is.
  const when = isolatedLine(readableDateTime(updated, lang) ?? updated, directionOf(lang));
  return labelWith(labels, 'updated', { date: { text: when.line, content: [h('time', { dateTime: updated }, when.content as ElementContent[])] } });
}

/**
 * A label with its values put in, as plain text and as phrasing content in which each value is its own content (a
 * `<time>`, a correction's links). Each value's place is marked by a control character (NUL, SOH) that no label or
 * front matter text holds: the reader sets them as spaces.
 */
function labelWith(
  labels: Labels,
  id: LabelId,
  values: Readonly<Record<string, { readonly text: string; readonly content: readonly ElementContent[] }>>,
): LabelLine {
  const names = Object.keys(values);
  const marks = names.map((_, index) => String.fromCharCode(index));
  const parts = labels
    .text(id, Object.fromEntries(names.map((name, index) => [name, marks[index] ?? ''])))
    .split(new RegExp(`([${marks.join('')}])`))
    .filter((part) => part !== '');
  const valueAt = (part: string) => {
    const name = names[marks.indexOf(part)];
    return name === undefined ? undefined : values[name];
  };
  return {
    line: parts.map((part) => valueAt(part)?.text ?? part).join(''),
    content: parts.flatMap((part): readonly ElementContent[] => valueAt(part)?.content ?? [{ type: 'text', value: part }]),
  };
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
export interface CorrectionNotice extends LabelLine {
  /** Its date as the front matter writes it, for a machine-readable date (`<time datetime>`). */
  readonly date: string;
}

/** The article's correction notices, oldest first, under their heading ("Corrections", "Rectificatifs"); none without. */
export function correctionNotices(meta: ArticleMeta, labels: Labels): { readonly heading: string; readonly notices: readonly CorrectionNotice[] } | undefined {
  const corrections = meta.corrections ?? [];
  if (corrections.length === 0) return undefined;
  const notices = corrections.map(({ date, text, content }) => {
    const when = readableDate(date, meta.lang) ?? date;
    return { date, ...labelWith(labels, 'correction', { date: { text: when, content: [h('time', { dateTime: date }, when)] }, text: { text, content } }) };
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
