import { type FontKey, font } from './fonts.js';
import type { ShapedGlyph, ShapedRun } from './shape.js';

/** The parts of pdfkit's embedded font this writer drives: the subset, widths and ToUnicode entries. */
interface EmbeddedFont {
  readonly id: string;
  readonly subset: { glyphs: number[]; encode(): Uint8Array };
  readonly widths: (number | undefined)[];
  readonly unicode: (readonly number[] | undefined)[];
  ref(): unknown;
}

/** pdfkit's document as this writer uses it, beyond its public types. */
export type WritableDocument = PDFKit.PDFDocument & {
  _font: EmbeddedFont;
  page: PDFKit.PDFPage & { fonts: Record<string, unknown>; xobjects: Record<string, unknown>; width: number; height: number };
  addContent(operators: string | Uint8Array): unknown;
  appendXML(xml: string): unknown;
};

/**
 * A number rounded to thousandths, as `(Math.round(value * 1000) / 1000).toString()` writes it: put together from
 * its whole part and a table of the thousandths, which is exact below a million (where doubles keep every
 * thousandth apart) and skips the shortest-double printing, once for every position and shift drawn.
 */
export function number(value: number): string {
  const thousandths = Math.round(value * 1000);
  const magnitude = Math.abs(thousandths);
  if (!(magnitude < 1e9)) return (thousandths / 1000).toString();
  const whole = Math.trunc(magnitude / 1000);
  return `${thousandths < 0 ? '-' : ''}${whole}${fractions[magnitude - whole * 1000]}`;
}

/** '', '.001' … '.999', trailing zeros left out. */
const fractions = Array.from({ length: 1000 }, (_, index) => (index === 0 ? '' : `.${String(index).padStart(3, '0').replace(/0+$/, '')}`));

/**
 * Writes shaped glyphs straight into the page's content stream: pdfkit's `text()`
 * shapes again per document and, when justifying, drops the spaces from the text
 * layer. Each (glyph, characters) pair gets its own CID, so the ToUnicode map can
 * say which letter a shared glyph stands for.
 */
export class GlyphWriter {
  /** CIDs by font, then by the glyph key's number (glyph id and characters; see `ShapedGlyph.key`). */
  private readonly cids = new Map<FontKey, (string | undefined)[]>();
  private readonly registered = new Set<FontKey>();
  private selected: { key: FontKey; page: unknown; embedded: EmbeddedFont } | undefined;
  /** pdfkit's embedded font of each face this document uses. */
  private readonly embedded = new Map<FontKey, EmbeddedFont>();
  /**
   * The TJ array being written: its text so far, in parts joined once it closes (`<cids` left open while glyphs
   * follow each other unshifted), and where its pen is.
   */
  private open: { key: FontKey; size: number; y: number; x: number; parts: string[]; inHex: boolean } | undefined;
  private operators: string[] = [];

  constructor(private readonly doc: WritableDocument) {}

  /** Draws a run with its left edge at x and its baseline at y (top-down page coordinates). */
  draw(key: FontKey, size: number, run: ShapedRun, x: number, y: number): void {
    const embedded = this.select(key);
    let known = this.cids.get(key);
    if (!known) {
      known = [];
      this.cids.set(key, known);
    }
    for (const glyph of run.glyphs) {
      let cid = known[glyph.key];
      if (cid === undefined) {
        cid = this.newCid(embedded, glyph);
        // Filled up to the key's number (not left with holes): the array's elements stay in a fast, contiguous store.
        while (known.length < glyph.key) known.push(undefined);
        known[glyph.key] = cid;
      }
      const glyphX = x + glyph.x * size;
      const glyphY = y - glyph.y * size;
      if (glyph.invisible) {
        this.invisibleGlyph(size, glyphX, glyphY, cid);
        continue;
      }
      // Most glyphs continue the open TJ array (same font, size and baseline): written here, where the positions
      // need no boxing as arguments of a call.
      const open = this.open;
      if (!open || open.key !== key || open.size !== size || !(Math.abs(open.y - glyphY) < 1e-3)) {
        this.glyph(key, size, glyphX, glyphY, cid, glyph.advance * size);
        continue;
      }
      const shift = glyphX - open.x;
      // TJ numbers are thousandths of the size, subtracted from the pen position.
      if (Math.abs(shift) > 1e-3) {
        open.parts.push(`${open.inHex ? '>' : ''} ${number((-shift * 1000) / size)} `);
        open.inHex = false;
      }
      if (!open.inHex) open.parts.push('<');
      open.parts.push(cid);
      open.inHex = true;
      open.x = glyphX + glyph.advance * size;
    }
  }

  /**
   * Gives the glyphs composites are built of a CID of their own before the
   * fonts are embedded: the subset holds them, so the CIDSet and widths must
   * name them (PDF/UA-1 via ISO 32000-1, 9.8.3.3; Matterhorn 31-014). They are
   * never shown, so they map to no text.
   */
  completeSubsets(): void {
    for (const [key, embedded] of this.embedded) {
      const face = font(key);
      for (const id of face.missingComponents(embedded.subset.glyphs)) {
        const index = embedded.subset.glyphs.push(id) - 1;
        embedded.widths[index] = (face.getGlyph(id).advanceWidth / face.unitsPerEm) * 1000;
        embedded.unicode[index] = [];
      }
    }
  }

  /** Ends the text object: call before any other drawing or marked-content operator. */
  flush(): void {
    this.closeArray();
    if (this.operators.length > 0) {
      this.doc.addContent(`BT ${this.operators.join(' ')} ET`);
      this.operators = [];
    }
  }

  /** Starts a TJ array with this glyph. */
  private glyph(key: FontKey, size: number, x: number, y: number, cid: string, advance: number): void {
    this.closeArray();
    // pdfkit's pages use top-down coordinates: the text matrix flips glyphs back upright.
    this.operators.push(`/${this.selected?.embedded.id ?? this.doc._font.id} ${number(size)} Tf 1 0 0 -1 ${number(x)} ${number(y)} Tm`);
    this.open = { key, size, y, x: x + advance, parts: ['<', cid], inHex: true };
  }

  /** A glyph that only carries text (render mode 3), in a text array of its own. */
  private invisibleGlyph(size: number, x: number, y: number, cid: string): void {
    this.closeArray();
    this.operators.push(`/${this.selected?.embedded.id ?? this.doc._font.id} ${number(size)} Tf 3 Tr 1 0 0 -1 ${number(x)} ${number(y)} Tm [<${cid}>] TJ 0 Tr`);
  }

  private closeArray(): void {
    if (!this.open) return;
    this.operators.push(`[${this.open.parts.join('')}${this.open.inHex ? '>' : ''}] TJ`);
    this.open = undefined;
  }

  private select(key: FontKey): EmbeddedFont {
    const selected = this.selected;
    if (selected && selected.key === key && selected.page === this.doc.page) return selected.embedded;
    if (!this.registered.has(key)) {
      this.doc.registerFont(key, font(key) as unknown as ArrayBuffer);
      this.registered.add(key);
    }
    if (this.open && this.open.key !== key) this.closeArray();
    this.doc.font(key);
    const embedded = this.doc._font;
    this.doc.page.fonts[embedded.id] = embedded.ref();
    this.selected = { key, page: this.doc.page, embedded };
    this.embedded.set(key, embedded);
    return embedded;
  }

  private newCid(embedded: EmbeddedFont, glyph: ShapedGlyph): string {
    embedded.subset.glyphs.push(glyph.id);
    const index = embedded.subset.glyphs.length - 1;
    embedded.widths[index] = glyph.advance * 1000;
    embedded.unicode[index] = glyph.codePoints;
    return index.toString(16).padStart(4, '0');
  }
}
