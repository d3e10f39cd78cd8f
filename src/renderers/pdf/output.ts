import { deflateSync } from 'node:zlib';
import type { WritableDocument } from './writer.js';

/**
 * The deflate level of content streams and fonts: zlib's default, as pdfkit had it. Measured 2026-12-05 on the
 * bench's 50 articles' PDFs (627 streams, 3.20 MB inflated; CPU, best of 21; the 50 PDFs take about 2.4 s of CPU):
 * level 1 1.228 MB in 36 ms, 3 1.164 MB in 41 ms, 4 1.125 MB in 50 ms, 5 1.089 MB in 58 ms, 6 1.080 MB in 70 ms,
 * 9 1.078 MB in 89 ms. A faster level saves at most 34 ms in 2.4 s (1.4 %) for files 14 % larger; 6 keeps the bytes.
 */
export const deflateLevel = 6;

/**
 * The PDF's bytes, in blocks that double up to 4 MB: written once, copied once when the document ends, never
 * regrown. Strings are pdfkit's binary strings (one byte a character), written by Node's native Latin-1 encoder.
 */
class ByteSink {
  private readonly blocks: Buffer[] = [];
  private block = Buffer.allocUnsafe(64 * 1024);
  private used = 0;
  length = 0;

  write(data: string | Uint8Array): number {
    const size = data.length;
    for (let written = 0; written < size; ) {
      if (this.used === this.block.length) this.next(size - written);
      let part: number;
      if (typeof data === 'string') part = this.block.write(written === 0 ? data : data.slice(written), this.used, 'latin1');
      else {
        const chunk = data.subarray(written, written + this.block.length - this.used);
        this.block.set(chunk, this.used);
        part = chunk.length;
      }
      this.used += part;
      written += part;
    }
    this.length += size;
    return size;
  }

  bytes(): Buffer {
    return Buffer.concat([...this.blocks, this.block.subarray(0, this.used)], this.length);
  }

  private next(wanted: number): void {
    this.blocks.push(this.block.subarray(0, this.used));
    this.block = Buffer.allocUnsafe(Math.max(wanted, Math.min(this.block.length * 2, 4 * 1024 * 1024)));
    this.used = 0;
  }
}

/** pdfkit's indirect object, as far as this module drives it. */
interface Reference {
  readonly document: unknown;
  readonly data: Record<string, unknown>;
  buffer: Uint8Array[];
  compress: boolean;
  write(chunk: string | Uint8Array): void;
  end(chunk?: string | Uint8Array): void;
  finalize(): void;
}
type ReferenceClass = new (document: unknown, id: number, data?: unknown) => Reference;

/** pdfkit's document internals this module replaces. */
interface DocumentInternals {
  _offsets: (number | null)[];
  _offset: number;
  _waiting: number;
  _write(data: string | Uint8Array): void;
  ref(data?: unknown): Reference;
}

/** A pdfkit document whose output is its bytes once `end()` has returned. */
export type StreamedDocument<Document> = Document & { bytes(): Uint8Array };

/**
 * pdfkit's document, writing into one growing buffer instead of through a stream
 * (pdfkit converts every line of every object to a new Uint8Array and pushes it
 * through a Readable): objects are converted to strings as pdfkit does, and written
 * straight into the buffer. A content stream keeps the operators written to it as
 * one string until it ends, then is encoded and deflated once; pdfkit made a
 * Uint8Array of each operator, a byte at a time. Same bytes as pdfkit's own output.
 */
export function streamedDocumentClass<Document extends new (options?: never) => object>(PDFDocument: Document): Document {
  const cached = streamedClasses.get(PDFDocument);
  if (cached) return cached as Document;
  // pdfkit exports neither its reference class nor its object conversion: the class is taken from the first reference made.
  let StreamReference: ReferenceClass | undefined;
  const Streamed = class extends (PDFDocument as unknown as new (options?: unknown) => DocumentInternals) {
    declare sink: ByteSink | undefined;

    override _write(data: string | Uint8Array): void {
      this.sink ??= new ByteSink();
      this._offset += this.sink.write(typeof data === 'string' ? `${data}\n` : data);
    }

    override ref(data?: unknown): Reference {
      if (!StreamReference) {
        const first = super.ref(data);
        StreamReference = streamReferenceClass(first.constructor as ReferenceClass);
        return first;
      }
      const reference = new StreamReference(this, this._offsets.length + 1, data);
      this._offsets.push(null);
      this._waiting++;
      return reference;
    }

    /** The document's bytes, after `end()`: pdfkit ends synchronously when no object is still open. */
    bytes(): Uint8Array {
      if (this._waiting !== 0 || !this.sink) throw new Error(`the PDF is not complete: ${this._waiting} objects are still open`);
      return this.sink.bytes();
    }
  };
  streamedClasses.set(PDFDocument, Streamed);
  return Streamed as unknown as Document;
}

const streamedClasses = new WeakMap<object, unknown>();

/**
 * pdfkit's reference, with content written as strings encoded (Latin-1, as pdfkit's binary strings are) into one
 * growing buffer as they come, then deflated at `deflateLevel`: a page's operators held as a string until the page
 * ended were a rope of a node or more per glyph, which lived through every young-generation collection of the page.
 */
function streamReferenceClass(Base: ReferenceClass): ReferenceClass {
  return class StreamReference extends Base {
    /** Operators written since the last binary chunk, each followed by a line break (as pdfkit writes them). */
    declare text: Buffer | undefined;
    declare textLength: number;
    /** The buffers of text written out as chunks: free again once the stream is finalized. */
    declare ended: Buffer[] | undefined;

    override write(chunk: string | Uint8Array): void {
      if (typeof chunk === 'string') {
        // Latin-1 is one byte a character: the operator and its line break take `chunk.length + 1` bytes.
        const needed = (this.textLength ?? 0) + chunk.length + 1;
        if (!this.text || needed > this.text.length) this.grow(needed);
        const text = this.text as Buffer;
        this.textLength += text.write(chunk, this.textLength, 'latin1');
        text[this.textLength++] = 0x0a;
        return;
      }
      this.endText();
      super.write(chunk);
    }

    override finalize(): void {
      this.endText();
      if (this.compress && this.buffer.length > 0) {
        const whole = this.buffer.length === 1 ? (this.buffer[0] as Uint8Array) : Buffer.concat(this.buffer);
        this.buffer = [deflateSync(whole, { level: deflateLevel })];
        this.compress = false;
        this.data.Filter = 'FlateDecode';
      }
      super.finalize();
      // The stream's bytes are in the document now (copied, or deflated): its text buffers can serve the next stream.
      for (const text of this.ended ?? []) spareText(text);
      this.ended = undefined;
    }

    private grow(needed: number): void {
      const size = Math.max(needed, (this.text?.length ?? 0) * 2, 4096);
      const grown = takeSpareText(size) ?? Buffer.allocUnsafe(size);
      if (this.text) {
        this.text.copy(grown, 0, 0, this.textLength);
        spareText(this.text);
      } else this.textLength = 0;
      this.text = grown;
    }

    private endText(): void {
      if (this.text === undefined) return;
      super.write(this.text.subarray(0, this.textLength));
      this.ended ??= [];
      this.ended.push(this.text);
      this.text = undefined;
      this.textLength = 0;
    }
  };
}

/**
 * Text buffers of finalized streams, for the next streams of the process: each page's content had grown in new
 * buffers from 4 kB, doubling, and their allocation alone took 7 ms of the long-form fixture's warm 480 (CPU profile,
 * 12 runs). At most 8 kept, none over 1 MB.
 */
const spareTexts: Buffer[] = [];

function spareText(text: Buffer): void {
  if (spareTexts.length < 8 && text.length <= 1024 * 1024) spareTexts.push(text);
}

/** A spare text buffer of at least `size` bytes, taken from the spares; undefined when none is that large. */
function takeSpareText(size: number): Buffer | undefined {
  const index = spareTexts.findIndex((text) => text.length >= size);
  return index === -1 ? undefined : spareTexts.splice(index, 1)[0];
}

/**
 * Content a page shows but cannot draw while it is set (the "N" of "n / N"): a form
 * XObject is drawn on the page now, and its content once the value is known, at
 * the end of the document. The page itself can be written out at once; what stays
 * in memory until the end is the form's small dictionary and how to draw it.
 */
export class DeferredForms<Value> {
  private readonly waiting: { form: Reference; draw: (value: Value) => void }[] = [];
  /** One resource dictionary for all the forms, which are drawn together: the fonts their content uses. */
  private resources: Reference | undefined;

  constructor(private readonly doc: WritableDocument) {}

  /** Draws a form on the current page, whose content `draw` draws once `drawAll` is called. */
  place(draw: (value: Value) => void): void {
    const { page } = this.doc;
    const document = this.doc as unknown as DocumentInternals;
    this.resources ??= document.ref({ Font: {} });
    // Form space is the page's user space where the form is drawn: content drawn into it lands where it would on the page.
    const form = document.ref({ Type: 'XObject', Subtype: 'Form', BBox: [0, 0, page.width, page.height], Resources: this.resources });
    // A form holds a line of text: deflated, it is no shorter, and the filter's name costs 21 bytes.
    form.compress = false;
    const name = `Fm${this.waiting.length + 1}`;
    page.xobjects[name] = form;
    this.doc.addContent(`/${name} Do`);
    this.waiting.push({ form, draw });
  }

  /** Draws every form's content, `value` now known, and writes the forms. */
  drawAll(value: Value): void {
    const page = this.doc.page;
    for (const { form, draw } of this.waiting) {
      // What draws on the page (the glyph writer) draws into the form: its content stream and its fonts.
      this.doc.page = {
        width: page.width,
        height: page.height,
        fonts: this.resources?.data.Font,
        markings: [],
        write: (chunk: string | Uint8Array) => form.write(chunk),
      } as unknown as WritableDocument['page'];
      draw(value);
      form.end();
    }
    this.doc.page = page;
    this.resources?.end();
    this.waiting.length = 0;
  }
}
