import type { ArticleMeta } from '../../types.js';
import { articleDate } from '../common/dates.js';
import { escapeXml } from '../common/xml.js';

/** The Info dictionary, from the article; pdfkit fails on absent values, so only the entries the article has. */
export function infoOf(meta: ArticleMeta): Record<string, string | Date> {
  return Object.fromEntries(
    Object.entries({
      Title: meta.title,
      Author: meta.authors.join(', '),
      Subject: meta.description,
      Keywords: meta.tags.join(', '),
      // The program, not a phrase: the publisher has its own entry, and an English "for" would be a label in every language.
      Creator: 'Editions',
      Producer: 'Editions (pdfkit)',
      Publisher: meta.publisher,
      CreationDate: articleDate(meta.date),
      ModDate: articleDate(meta.updated ?? meta.date),
    }).filter((entry): entry is [string, string | Date] => entry[1] !== undefined && entry[1] !== ''),
  );
}

const isoDate = (date: Date) => date.toISOString().replace('.000Z', 'Z');
const list = (kind: 'Alt' | 'Bag' | 'Seq', values: readonly string[]) =>
  `<rdf:${kind}>${values.map((value) => `<rdf:li${kind === 'Alt' ? ' xml:lang="x-default"' : ''}>${escapeXml(value)}</rdf:li>`).join('')}</rdf:${kind}>`;

/**
 * The XMP of the Info entries, escaped: pdfkit writes them into XML as they are,
 * and a title with "&" or "<" makes the metadata stream ill-formed. Dates come
 * from the article, never from the clock.
 */
export function xmpOf(meta: ArticleMeta): string {
  const info = infoOf(meta);
  const text = (key: string) => (typeof info[key] === 'string' ? (info[key] as string) : undefined);
  const entries = [
    `<xmp:CreateDate>${isoDate(articleDate(meta.date))}</xmp:CreateDate>`,
    `<xmp:ModifyDate>${isoDate(articleDate(meta.updated ?? meta.date))}</xmp:ModifyDate>`,
    `<xmp:MetadataDate>${isoDate(articleDate(meta.updated ?? meta.date))}</xmp:MetadataDate>`,
    `<xmp:CreatorTool>${escapeXml(text('Creator') ?? 'Editions')}</xmp:CreatorTool>`,
    `<dc:title>${list('Alt', [meta.title])}</dc:title>`,
    meta.authors.length > 0 ? `<dc:creator>${list('Seq', meta.authors)}</dc:creator>` : '',
    meta.description ? `<dc:description>${list('Alt', [meta.description])}</dc:description>` : '',
    meta.tags.length > 0 ? `<dc:subject>${list('Bag', meta.tags)}</dc:subject>` : '',
    meta.publisher ? `<dc:publisher>${list('Bag', [meta.publisher])}</dc:publisher>` : '',
    `<dc:language>${list('Bag', [meta.lang])}</dc:language>`,
    `<pdf:Producer>${escapeXml(text('Producer') ?? '')}</pdf:Producer>`,
    text('Keywords') ? `<pdf:Keywords>${escapeXml(text('Keywords') ?? '')}</pdf:Keywords>` : '',
  ].filter(Boolean);
  return `
        <rdf:Description rdf:about="" xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:pdf="http://ns.adobe.com/pdf/1.3/">
            ${entries.join('\n            ')}
        </rdf:Description>`;
}
