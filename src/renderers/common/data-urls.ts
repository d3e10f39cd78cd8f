import { randomUUID } from 'node:crypto';

const extensions: Readonly<Record<string, string>> = {
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'image/gif': 'gif',
  'image/webp': 'webp',
  'image/svg+xml': 'svg',
  'font/ttf': 'ttf',
};

/**
 * A file's name by its content (the first 16 hex digits of its SHA-256) and type: the same bytes share one file, changed ones
 * take a new name; `variant` tells a file made from it apart (`-480w`, its copy 480 pixels wide).
 */
export function contentFileName(hash: string, mediaType: string, variant = ''): string {
  return `${hash.slice(0, 16)}${variant}.${extensions[mediaType] ?? 'bin'}`;
}

/** A file as a `data:` URI. */
export function dataUri(mediaType: string, bytes: Uint8Array): string {
  return `data:${mediaType};base64,${Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64')}`;
}

/**
 * `data:` URIs set into a page once it is serialized. hast-util-to-html escapes an attribute character by character:
 * 50 pages embedding a 1.7 MB PNG each (2.2 MB of base64) took 9.0 s, against 2.6–3.1 s with the tree carrying a
 * short stand-in instead, unique to the render (so no article's text can hold it), of characters no serializer
 * escapes; base64 needs no escaping in an attribute either.
 */
export class LateDataUris {
  readonly #prefix = `data-uri-${randomUUID()}-`;
  readonly #uris: string[] = [];

  /** The stand-in for the file's URI. */
  of(mediaType: string, bytes: Uint8Array): string {
    this.#uris.push(dataUri(mediaType, bytes));
    return `${this.#prefix}${this.#uris.length - 1}-`;
  }

  /** The serialized page with each stand-in replaced by its URI. */
  fill(page: string): string {
    if (this.#uris.length === 0) return page;
    // Split by a capturing expression: the text between stand-ins, then each stand-in's number, in turn.
    const parts = page.split(new RegExp(`${this.#prefix}(\\d+)-`));
    return parts.map((part, index) => (index % 2 === 0 ? part : (this.#uris[Number(part)] ?? ''))).join('');
  }
}
