import { createHash } from 'node:crypto';
import { Packer } from 'docx';
import { unzipSync } from 'fflate';
import { toXml } from 'xast-util-to-xml';
import type { Article, RenderContext } from '../../types.js';
import { webpPictures, withConvertedImages } from '../common/converted-images.js';
import { articleDate } from '../common/dates.js';
import { articleIdentifier } from '../common/identifier.js';
import { x } from '../common/xast.js';
import { worthDeflating, type ZipEntry, zip } from '../common/zip.js';
import { articleDocument } from './document.js';
import type { DocxPageSize } from './page.js';

const decoder = new TextDecoder();
const contentTypes = '[Content_Types].xml';

/**
 * The DOCX's bytes. The `docx` package writes the parts; its zip is rewritten
 * here, because five things in it come from the clock, from chance or from the
 * documents made before in the process: the zip entries' dates and
 * `docProps/core.xml`'s created and modified dates (now), the relationship ids
 * of hyperlinks (nanoid), the keys embedded fonts are obfuscated under (random
 * GUIDs), and bookmark ids (one counter per process). The parts
 * are zipped again in the library's order with the article's date
 * (renderers/common/zip.ts, the EPUB's writer), core.xml is written from the
 * front matter, and those ids are renamed in the order they appear.
 * (Measured: two renders of the every-block fixture 2 s apart, straight from
 * the Packer, differ in five parts and in every zip entry's date.)
 */
export async function renderDocx(article: Article, context: RenderContext, pageSize: DocxPageSize): Promise<Uint8Array> {
  // Word shows no WebP: the document carries its pixels as a PNG.
  const packed = await Packer.toBuffer(articleDocument(await withConvertedImages(article, webpPictures), context, pageSize));
  // The content types first, as Word writes them, so a reader streaming the zip knows every part's type before it.
  const parts = withStableFontKeys(Object.entries(unzipSync(packed))).sort(([a], [b]) => Number(b === contentTypes) - Number(a === contentTypes));
  const renamed = randomIdRenamer(parts);
  const renumbered = bookmarkRenumberer();
  const date = articleDate(article.meta.date);
  const entries = parts.map(([name, bytes]): ZipEntry => {
    if (name === 'docProps/core.xml') return [name, coreProperties(article), true];
    if (!/\.(xml|rels)$/.test(name)) return [name, bytes, worthDeflating(name)];
    return [name, renumbered(renamed(decoder.decode(bytes))), true];
  });
  return zip(entries, date);
}

/** The library's random ids (21 characters of nanoid's alphabet, lower case, after `rId`): renamed `rIdLink1`, `rIdLink2`… in the order the relationship parts list them. */
function randomIdRenamer(parts: readonly [string, Uint8Array][]): (xml: string) => string {
  const names = new Map<string, string>();
  for (const [name, bytes] of parts) {
    if (!name.endsWith('.rels')) continue;
    for (const [, id] of decoder.decode(bytes).matchAll(/\bId="(rId[a-z0-9_-]{21})"/g)) if (id && !names.has(id)) names.set(id, `rIdLink${names.size + 1}`);
  }
  if (names.size === 0) return (xml) => xml;
  const pattern = new RegExp([...names.keys()].join('|'), 'g');
  return (xml) => xml.replace(pattern, (id) => names.get(id) ?? id);
}

const fontTable = 'word/fontTable.xml';

/**
 * The embedded fonts under keys of their own bytes: the library obfuscates each (its first 32 bytes XORed with its
 * key's, ECMA-376 part 1, 17.8.1) under a random key. Each is unmasked and masked again under a key from its digest.
 */
function withStableFontKeys(parts: [string, Uint8Array][]): [string, Uint8Array][] {
  const byName = new Map(parts);
  const table = byName.get(fontTable);
  const rels = byName.get('word/_rels/fontTable.xml.rels');
  if (!table || !rels) return parts;
  const targets = new Map([...decoder.decode(rels).matchAll(/\bId="([^"]+)"[^>]*\bTarget="([^"]+)"/g)].map(([, id, target]) => [id, `word/${target}`]));
  const keyed = new Map<string, Uint8Array>();
  const xml = decoder.decode(table).replace(/(r:id="([^"]+)" w:fontKey="\{)([0-9A-F-]{36})\}"/g, (whole, start: string, id: string, key: string) => {
    const name = targets.get(id);
    const masked = name && byName.get(name);
    if (!(name && masked)) return whole;
    const font = xorWithKey(masked, key);
    const stableKey = createHash('sha256')
      .update(font)
      .digest('hex')
      .slice(0, 32)
      .toUpperCase()
      .replace(/^(.{8})(.{4})(.{4})(.{4})/, '$1-$2-$3-$4-');
    keyed.set(name, xorWithKey(font, stableKey));
    return `${start}${stableKey}}"`;
  });
  return parts.map(([name, bytes]) => [name, name === fontTable ? new TextEncoder().encode(xml) : (keyed.get(name) ?? bytes)]);
}

/** A font's first 32 bytes XORed with a key's 16 bytes taken from its last hex pair to its first: obfuscation and its undoing. */
function xorWithKey(bytes: Uint8Array, key: string): Uint8Array {
  const keyBytes = (key.replace(/-/g, '').match(/../g) ?? []).map((pair) => Number.parseInt(pair, 16)).reverse();
  const out = Uint8Array.from(bytes);
  for (let index = 0; index < Math.min(32, out.length); index++) out[index] = (out[index] as number) ^ (keyBytes[index % 16] as number);
  return out;
}

/** Bookmark ids, which the library draws from one counter for the whole process: numbered from 1 in the order the parts have them. */
function bookmarkRenumberer(): (xml: string) => string {
  const numbers = new Map<string, number>();
  return (xml) =>
    xml.replace(/(<w:bookmark(?:Start|End)\b[^>]*?\bw:id=")(\d+)"/g, (_, start: string, id: string) => {
      if (!numbers.has(id)) numbers.set(id, numbers.size + 1);
      return `${start}${numbers.get(id)}"`;
    });
}

/** `docProps/core.xml` from the front matter: title, creator, description, keywords, language, identifier, and created and modified from the article's dates. */
function coreProperties(article: Article): string {
  const { meta } = article;
  const w3c = (date: Date) => date.toISOString().replace(/\.\d{3}Z$/, 'Z');
  const text = (name: string, value: string | undefined) => (value ? [x(name, {}, [value])] : []);
  const tree = x(
    'cp:coreProperties',
    {
      'xmlns:cp': 'http://schemas.openxmlformats.org/package/2006/metadata/core-properties',
      'xmlns:dc': 'http://purl.org/dc/elements/1.1/',
      'xmlns:dcterms': 'http://purl.org/dc/terms/',
      'xmlns:xsi': 'http://www.w3.org/2001/XMLSchema-instance',
    },
    [
      ...text('dc:title', meta.title),
      ...text('dc:creator', meta.authors.join('; ')),
      ...text('dc:description', meta.description),
      ...text('cp:keywords', meta.tags.join(', ')),
      x('dc:language', {}, [meta.lang]),
      x('dc:identifier', {}, [articleIdentifier(article)]),
      x('dcterms:created', { 'xsi:type': 'dcterms:W3CDTF' }, [w3c(articleDate(meta.date))]),
      x('dcterms:modified', { 'xsi:type': 'dcterms:W3CDTF' }, [w3c(articleDate(meta.updated ?? meta.date))]),
    ],
  );
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n${toXml(tree)}`;
}
