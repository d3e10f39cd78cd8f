/**
 * The embedded fonts, read and subset from the TrueType file's bytes.
 *
 * By hand because fontkit (what pdfkit would use) decodes whole tables through
 * its schema engine — the name table's every record, the post table's every
 * glyph name — for the dozen numbers a PDF font descriptor needs, and every
 * glyph's outline only to copy the outline's bytes: together a tenth of the PDF
 * thread's time. hb-subset would subset well, but harfbuzzjs gives no way to
 * choose the subset's glyph order, and the content streams address glyphs by
 * that order (CIDToGIDMap Identity).
 */

import { closeSync, fstatSync, openSync, readSync } from 'node:fs';

interface TableRecord {
  readonly offset: number;
  readonly length: number;
}

/** What a subset is built from, read once per font file. */
interface SourceFont {
  readonly bytes: Uint8Array;
  readonly view: DataView;
  readonly tables: ReadonlyMap<string, TableRecord>;
  readonly glyphCount: number;
  readonly longOffsets: boolean;
  readonly metricsCount: number;
  /** The tables a subset copies unchanged, each one view of the file's bytes (the key of its cached checksum). */
  readonly unchanged: ReadonlyMap<string, Uint8Array>;
  /** For a file read without its outlines (`readFont`): where it is, and which glyphs' outlines are read in (1). */
  readonly outlines: (UnreadOutlines & { readonly read: Uint8Array }) | undefined;
}

const sources = new WeakMap<Uint8Array, SourceFont>();
/** Where a font file read without its outlines is, and which version of it was read (its size and modification time). */
interface UnreadOutlines {
  readonly path: string;
  readonly size: number;
  readonly modified: number;
}

/** Font files read without their outlines, by their bytes. */
const unreadOutlines = new WeakMap<Uint8Array, UnreadOutlines>();

/** Outlines bigger than this are read a glyph at a time, as subsets need them: the CJK faces'. */
const largeOutlines = 1024 * 1024;

/**
 * A font file's bytes, where each table lies in the file. When its outlines (glyf) are over 1 MB, they are left
 * unread (zeros) until a subset needs a glyph's (`readOutlines`): Noto Serif SC's are 14.3 of its 14.8 MB, and
 * reading the file whole took 53 ms of CPU (and a cold multi-script article reads three such faces). The zeroed
 * buffer costs nothing until written: its pages are mapped as they are touched.
 */
export function readFont(path: string): Buffer {
  const file = openSync(path, 'r');
  try {
    const { size, mtimeMs } = fstatSync(file);
    const bytes = Buffer.alloc(size);
    readFully(file, bytes, 0, Math.min(bytes.length, 12));
    const count = bytes.length >= 12 ? bytes.readUInt16BE(4) : 0;
    const directoryEnd = Math.min(bytes.length, 12 + count * 16);
    readFully(file, bytes, 12, directoryEnd - 12);
    const tables: TableRecord[] = [];
    let glyf: TableRecord | undefined;
    for (let record = 12; record + 16 <= directoryEnd; record += 16) {
      const table = { offset: bytes.readUInt32BE(record + 8), length: bytes.readUInt32BE(record + 12) };
      if (bytes.toString('latin1', record, record + 4) === 'glyf') glyf = table;
      else tables.push(table);
    }
    if (!glyf || glyf.length <= largeOutlines || tables.some((table) => table.offset + table.length > bytes.length)) {
      readFully(file, bytes, directoryEnd, bytes.length - directoryEnd);
      return bytes;
    }
    for (const table of tables) readFully(file, bytes, table.offset, table.length);
    unreadOutlines.set(bytes, { path, size, modified: mtimeMs });
    return bytes;
  } finally {
    closeSync(file);
  }
}

/** Reads `length` bytes of the file at `position` into `bytes` at the same offset. */
function readFully(file: number, bytes: Uint8Array, position: number, length: number): void {
  for (let done = 0; done < length; ) {
    const read = readSync(file, bytes, position + done, length - done, position + done);
    if (read === 0) throw new Error(`The font file ends before its byte ${position + length}`);
    done += read;
  }
}

/** Reads in the outlines of `ids` not read yet (a file from `readFont`), those near each other in the file in one call. */
function readOutlines(source: SourceFont, ids: readonly number[]): void {
  const { outlines } = source;
  if (!outlines) return;
  const ranges: { start: number; end: number }[] = [];
  const unread = ids.filter((id) => id < source.glyphCount && outlines.read[id] !== 1);
  for (const id of unread) {
    const range = glyphRange(source, id);
    if (range.end > range.start) ranges.push(range);
  }
  // Marked read only once read: after a failed read (the file changed), the next subset fails too, and never takes zeros for outlines.
  const markRead = () => {
    for (const id of unread) outlines.read[id] = 1;
  };
  if (ranges.length === 0) {
    markRead();
    return;
  }
  ranges.sort((a, b) => a.start - b.start);
  const file = openSync(outlines.path, 'r');
  try {
    // Outlines of another version of the file would not match the tables read before (an npm install while watching).
    const { size, mtimeMs } = fstatSync(file);
    if (size !== outlines.size || mtimeMs !== outlines.modified) {
      throw new Error(`The font file ${outlines.path} changed while in use (its outlines are read as subsets need them): restart to read it anew`);
    }
    for (let index = 0; index < ranges.length; ) {
      const { start } = ranges[index] as { start: number };
      let { end } = ranges[index] as { end: number };
      // Outlines less than a page apart are read together: a call costs about what a page does.
      for (index++; index < ranges.length && (ranges[index] as { start: number }).start - end < 4096; index++) {
        end = Math.max(end, (ranges[index] as { end: number }).end);
      }
      readFully(file, source.bytes, start, end - start);
    }
    markRead();
  } finally {
    closeSync(file);
  }
}
const copiedTables = ['cvt ', 'fpgm', 'prep'] as const;

/** Composite glyph flags (OpenType glyf table). */
const argumentsAreWords = 0x0001;
const hasScale = 0x0008;
const moreComponents = 0x0020;
const hasXYScale = 0x0040;
const hasTwoByTwo = 0x0080;

function sourceOf(bytes: Uint8Array): SourceFont {
  const known = sources.get(bytes);
  if (known) return known;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const tables = new Map<string, TableRecord>();
  const count = view.getUint16(4);
  for (let index = 0; index < count; index++) {
    const record = 12 + index * 16;
    const tag = String.fromCharCode(bytes[record] ?? 0, bytes[record + 1] ?? 0, bytes[record + 2] ?? 0, bytes[record + 3] ?? 0);
    tables.set(tag, { offset: view.getUint32(record + 8), length: view.getUint32(record + 12) });
  }
  for (const required of ['head', 'hhea', 'hmtx', 'maxp', 'loca', 'glyf']) {
    if (!tables.has(required)) throw new Error(`The font has no ${required} table: only TrueType (glyf) fonts can be subset`);
  }
  const table = (tag: string) => tables.get(tag) as TableRecord;
  const glyphCount = view.getUint16(table('maxp').offset + 4);
  const unread = unreadOutlines.get(bytes);
  const source: SourceFont = {
    bytes,
    view,
    tables,
    glyphCount,
    longOffsets: view.getInt16(table('head').offset + 50) === 1,
    metricsCount: view.getUint16(table('hhea').offset + 34),
    unchanged: new Map(
      copiedTables.flatMap((tag) => {
        const record = tables.get(tag);
        return record ? [[tag, bytes.subarray(record.offset, record.offset + record.length)] as const] : [];
      }),
    ),
    outlines: unread && { ...unread, read: new Uint8Array(glyphCount) },
  };
  sources.set(bytes, source);
  return source;
}

/** Where glyph `id`'s outline lies in the font file (length 0 for an empty glyph). */
function glyphRange(source: SourceFont, id: number): { start: number; end: number } {
  const loca = (source.tables.get('loca') as TableRecord).offset;
  const glyf = (source.tables.get('glyf') as TableRecord).offset;
  const at = (index: number) => (source.longOffsets ? source.view.getUint32(loca + index * 4) : source.view.getUint16(loca + index * 2) * 2);
  return { start: glyf + at(id), end: glyf + at(id + 1) };
}

/** A glyph's advance width: glyphs past the last long metric share its advance. */
function advanceOf(source: SourceFont, id: number): number {
  const metrics = (source.tables.get('hmtx') as TableRecord).offset;
  return source.view.getUint16(metrics + Math.min(id, source.metricsCount - 1) * 4);
}

/** Sum of the big-endian 32-bit words of `length` bytes (a multiple of four) of `data` from `start`. */
function checksum(data: Uint8Array, start = 0, length = data.length): number {
  const view = new DataView(data.buffer, data.byteOffset + start, length);
  let sum = 0;
  for (let index = 0; index < length; index += 4) sum = (sum + view.getUint32(index)) >>> 0;
  return sum;
}

/** Checksums of the tables a subset copies unchanged from its font file (hinting programs): summed once per process, not per PDF. */
const unchangedChecksums = new WeakMap<Uint8Array, number>();

/** A table's checksum, zero-padded to four bytes. */
function tableChecksum(data: Uint8Array): number {
  let sum = unchangedChecksums.get(data);
  if (sum === undefined) {
    const whole = new Uint8Array(padded(data.length));
    whole.set(data);
    sum = checksum(whole);
    unchangedChecksums.set(data, sum);
  }
  return sum;
}

const padded = (length: number) => (length + 3) & ~3;

/** The glyphs the composites among `glyphs` are built of, at any depth, that `glyphs` lacks: the subset holds them too. */
export function missingComponents(file: Uint8Array, glyphs: readonly number[]): number[] {
  const source = sourceOf(file);
  const known = new Set(glyphs);
  const missing: number[] = [];
  const queue = [...known];
  readOutlines(source, queue);
  for (let id = queue.pop(); id !== undefined; id = queue.pop()) {
    if (id >= source.glyphCount) continue;
    readOutlines(source, [id]);
    const { start, end } = glyphRange(source, id);
    if (end - start < 10 || source.view.getInt16(start) >= 0) continue;
    let at = start + 10;
    let flags = moreComponents;
    while (flags & moreComponents && at + 4 <= end) {
      flags = source.view.getUint16(at);
      const component = source.view.getUint16(at + 2);
      if (!known.has(component)) {
        known.add(component);
        missing.push(component);
        queue.push(component);
      }
      at += 4 + (flags & argumentsAreWords ? 4 : 2) + (flags & hasScale ? 2 : flags & hasXYScale ? 4 : flags & hasTwoByTwo ? 8 : 0);
    }
  }
  return missing;
}

/**
 * A TrueType font holding `glyphs` of `file`, in that order (duplicates stay:
 * one glyph may stand for different characters), then the components of its
 * composite glyphs; with the tables a PDF reader needs of an embedded TrueType
 * font (ISO 32000-1, 9.9): glyf, loca, hmtx, head, hhea, maxp, and the hinting
 * tables if present.
 */
export function subsetTrueType(file: Uint8Array, glyphs: readonly number[]): Uint8Array {
  const source = sourceOf(file);
  const order = glyphs.map((id) => (id < source.glyphCount ? id : 0));
  const newIdOf = new Map<number, number>();
  order.forEach((id, index) => {
    if (!newIdOf.has(id)) newIdOf.set(id, index);
  });
  // Outlines, each padded to four bytes; composites get their components' new ids.
  const outlines: Uint8Array[] = [];
  readOutlines(source, order);
  for (let index = 0; index < order.length; index++) {
    // A component added below, after the glyphs asked for, may not be read yet.
    if (index >= glyphs.length) readOutlines(source, [order[index] ?? 0]);
    const { start, end } = glyphRange(source, order[index] ?? 0);
    let outline = file.subarray(start, end);
    if (outline.length >= 10 && source.view.getInt16(start) < 0) {
      outline = new Uint8Array(outline); // a copy: Buffer's slice() would share the font file's memory
      const view = new DataView(outline.buffer, outline.byteOffset, outline.byteLength);
      let at = 10;
      let flags = moreComponents;
      while (flags & moreComponents && at + 4 <= outline.length) {
        flags = view.getUint16(at);
        const component = view.getUint16(at + 2);
        let newId = newIdOf.get(component);
        if (newId === undefined) {
          newId = order.push(component) - 1;
          newIdOf.set(component, newId);
        }
        view.setUint16(at + 2, newId);
        at += 4 + (flags & argumentsAreWords ? 4 : 2) + (flags & hasScale ? 2 : flags & hasXYScale ? 4 : flags & hasTwoByTwo ? 8 : 0);
      }
    }
    outlines.push(outline);
  }

  const glyf = new Uint8Array(outlines.reduce((total, outline) => total + padded(outline.length), 0));
  // Offsets on four bytes are even: halved, they fit the short loca format up to 128 KB of outlines.
  const shortOffsets = glyf.length <= 0x1fffe;
  const loca = new DataView(new ArrayBuffer((order.length + 1) * (shortOffsets ? 2 : 4)));
  const setOffset = (index: number, value: number) => (shortOffsets ? loca.setUint16(index * 2, value / 2) : loca.setUint32(index * 4, value));
  const hmtx = new DataView(new ArrayBuffer(order.length * 4));
  let offset = 0;
  const metrics = (source.tables.get('hmtx') as TableRecord).offset;
  outlines.forEach((outline, index) => {
    glyf.set(outline, offset);
    setOffset(index, offset);
    offset += padded(outline.length);
    const id = order[index] ?? 0;
    const bearingAt = id < source.metricsCount ? metrics + id * 4 + 2 : metrics + source.metricsCount * 4 + (id - source.metricsCount) * 2;
    hmtx.setUint16(index * 4, advanceOf(source, id));
    hmtx.setInt16(index * 4 + 2, source.view.getInt16(bearingAt));
  });
  setOffset(order.length, offset);

  const copy = (tag: string) => {
    const record = source.tables.get(tag) as TableRecord;
    return new Uint8Array(file.subarray(record.offset, record.offset + record.length));
  };
  const head = copy('head');
  const headView = new DataView(head.buffer);
  headView.setUint32(8, 0); // checkSumAdjustment, set once the font is whole
  headView.setInt16(50, shortOffsets ? 0 : 1); // indexToLocFormat
  const hhea = copy('hhea');
  new DataView(hhea.buffer).setUint16(34, order.length);
  const maxp = copy('maxp');
  new DataView(maxp.buffer).setUint16(4, order.length);

  const tables = new Map<string, Uint8Array>([
    ['glyf', glyf],
    ['head', head],
    ['hhea', hhea],
    ['hmtx', new Uint8Array(hmtx.buffer)],
    ['loca', new Uint8Array(loca.buffer)],
    ['maxp', maxp],
  ]);
  for (const [tag, data] of source.unchanged) tables.set(tag, data);
  return assemble(tables, new Set(source.unchanged.values()));
}

/**
 * The font without its outlines (glyf, loca), for HarfBuzz: shaping reads the
 * cmap, metrics and layout tables only, and HarfBuzz keeps its own copy of what
 * it is given. Noto Serif SC's outlines are 14.3 of its 14.8 MB.
 */
export function withoutOutlines(file: Uint8Array): Uint8Array {
  const source = sourceOf(file);
  const tables = new Map<string, Uint8Array>();
  for (const [tag, { offset, length }] of source.tables) {
    if (tag !== 'glyf' && tag !== 'loca') tables.set(tag, file.subarray(offset, offset + length));
  }
  // HarfBuzz reads no checksum: summing the tables took 3 to 5 ms of a cold PDF's CPU (CPU profiles of the long-form and multi-script fixtures).
  return assemble(tables, new Set(), false);
}

/**
 * The font file: offset table, table records in tag order, then the tables, each on four bytes. The checksums of
 * `unchanged` tables are summed once per process; without `checksums`, every checksum is left at zero.
 */
function assemble(tables: Map<string, Uint8Array>, unchanged: ReadonlySet<Uint8Array>, checksums = true): Uint8Array {
  const tags = [...tables.keys()].sort();
  const power = 2 ** Math.floor(Math.log2(tags.length));
  let offset = 12 + tags.length * 16;
  const size = tags.reduce((total, tag) => total + padded(tables.get(tag)?.length ?? 0), offset);
  const font = new Uint8Array(size);
  const view = new DataView(font.buffer);
  view.setUint32(0, 0x00010000);
  view.setUint16(4, tags.length);
  view.setUint16(6, power * 16);
  view.setUint16(8, Math.log2(power));
  view.setUint16(10, tags.length * 16 - power * 16);
  let headAt = 0;
  let tablesSum = 0;
  tags.forEach((tag, index) => {
    const data = tables.get(tag) as Uint8Array;
    const record = 12 + index * 16;
    for (let letter = 0; letter < 4; letter++) view.setUint8(record + letter, tag.charCodeAt(letter));
    font.set(data, offset);
    if (checksums) {
      // Each table starts on four bytes and is zero-padded: summed where it lies in the font.
      const sum = unchanged.has(data) ? tableChecksum(data) : checksum(font, offset, padded(data.length));
      tablesSum = (tablesSum + sum) >>> 0;
      view.setUint32(record + 4, sum);
    }
    view.setUint32(record + 8, offset);
    view.setUint32(record + 12, data.length);
    if (tag === 'head') headAt = offset;
    offset += padded(data.length);
  });
  if (!checksums) return font;
  // The whole font's checksum, made to come out at the magic number: the directory's sum and the tables'.
  const adjustment = (0xb1b0afba - ((checksum(font, 0, 12 + tags.length * 16) + tablesSum) >>> 0)) >>> 0;
  view.setUint32(headAt + 8, adjustment);
  return font;
}

/** What pdfkit's EmbeddedFont reads of a font: its names and metrics for the font descriptor, and a subset. */
export interface EmbeddableFont {
  readonly postscriptName: string;
  readonly unitsPerEm: number;
  readonly ascent: number;
  readonly descent: number;
  readonly lineGap: number;
  /** 0 and the ascent when the OS/2 table (before version 2) does not say, as fontkit has it. */
  readonly xHeight: number;
  readonly capHeight: number;
  readonly italicAngle: number;
  readonly bbox: { readonly minX: number; readonly minY: number; readonly maxX: number; readonly maxY: number };
  readonly head: { readonly macStyle: { readonly italic: boolean } };
  readonly post: { readonly isFixedPitch: boolean };
  readonly 'OS/2': { readonly sFamilyClass: number } | undefined;
  getGlyph(id: number): { readonly advanceWidth: number };
  createSubset(): { glyphs: number[]; encode(): Uint8Array };
  /** See `missingComponents`. */
  missingComponents(glyphs: readonly number[]): number[];
  /** pdfkit takes an object with `layout` for a font it need not parse; text is shaped by HarfBuzz, never by pdfkit. */
  layout(): never;
}

/** The font pdfkit embeds, read from the file's head, hhea, hmtx, OS/2, post and name tables. */
export function embeddableFont(file: Uint8Array): EmbeddableFont {
  const source = sourceOf(file);
  const { view } = source;
  const at = (tag: string) => source.tables.get(tag)?.offset;
  const head = at('head') as number;
  const hhea = at('hhea') as number;
  const post = at('post');
  const os2 = at('OS/2');
  const os2Version = os2 === undefined ? -1 : view.getUint16(os2);
  const ascent = view.getInt16(hhea + 4);
  return {
    postscriptName: postscriptName(source),
    unitsPerEm: view.getUint16(head + 18),
    ascent,
    descent: view.getInt16(hhea + 6),
    lineGap: view.getInt16(hhea + 8),
    xHeight: os2Version >= 2 ? view.getInt16((os2 as number) + 86) : 0,
    capHeight: os2Version >= 2 ? view.getInt16((os2 as number) + 88) : ascent,
    italicAngle: post === undefined ? 0 : view.getInt32(post + 4) / 65536,
    bbox: { minX: view.getInt16(head + 36), minY: view.getInt16(head + 38), maxX: view.getInt16(head + 40), maxY: view.getInt16(head + 42) },
    head: { macStyle: { italic: (view.getUint16(head + 44) & 2) !== 0 } },
    post: { isFixedPitch: post !== undefined && view.getUint32(post + 12) !== 0 },
    'OS/2': os2 === undefined ? undefined : { sFamilyClass: view.getInt16(os2 + 30) },
    getGlyph: (id) => ({ advanceWidth: advanceOf(source, id) }),
    missingComponents: (glyphs) => missingComponents(file, glyphs),
    createSubset() {
      const subset = { glyphs: [0], encode: () => subsetTrueType(file, subset.glyphs) };
      return subset;
    },
    layout() {
      throw new Error('The PDF edition shapes text with HarfBuzz: pdfkit is not asked to lay text out');
    },
  };
}

/** Name ID 6 in English: the PostScript name. */
function postscriptName(source: SourceFont): string {
  const name = source.tables.get('name');
  return name ? nameRecord(source.bytes, name.offset, 6) : '';
}

/** A `name` table record in English (Windows Unicode, UTF-16BE, first; then Macintosh Roman), or '' when it has none. */
export function nameRecord(bytes: Uint8Array, nameTable: number, nameId: number): string {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const count = view.getUint16(nameTable + 2);
  const strings = nameTable + view.getUint16(nameTable + 4);
  let found = '';
  for (let index = 0; index < count; index++) {
    const record = nameTable + 6 + index * 12;
    const [platform, encoding, language, id, length, offset] = [0, 2, 4, 6, 8, 10].map((field) => view.getUint16(record + field));
    if (id !== nameId) continue;
    const text = bytes.subarray(strings + (offset ?? 0), strings + (offset ?? 0) + (length ?? 0));
    if (platform === 3 && encoding === 1 && language === 0x409) return new TextDecoder('utf-16be').decode(text);
    if (platform === 1 && encoding === 0 && language === 0) found = String.fromCharCode(...text);
  }
  return found;
}
