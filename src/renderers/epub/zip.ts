import { type Zippable, zipSync } from 'fflate';

/** The OCF container: where the package document is. */
const containerXml = `<?xml version="1.0" encoding="UTF-8"?>
<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
  <rootfiles>
    <rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/>
  </rootfiles>
</container>
`;

/** Zip dates cannot precede 1980. */
const zipEpoch = Date.UTC(1980, 0, 1);

/** Images are compressed already: deflating them again costs time and saves nothing. */
const compressedAlready = /\.(jpe?g|png|gif|webp|avif)$/i;

/**
 * Zips the book: `mimetype` first and stored, as OCF requires, then the
 * container, then the documents under `OEBPS/` in the given order. fflate
 * writes DOS times from a date's local fields: every entry gets noon of the
 * article's UTC day as local fields (no time zone changes its clocks at noon),
 * so rebuilds are byte-identical in any time zone.
 */
export function packageBook(files: readonly (readonly [string, string | Uint8Array])[], date: Date): Uint8Array {
  const day = new Date(Math.max(date.getTime(), zipEpoch));
  const mtime = new Date(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate(), 12);
  const entries: Zippable = {
    mimetype: [new TextEncoder().encode('application/epub+zip'), { level: 0, mtime }],
    'META-INF/container.xml': [new TextEncoder().encode(containerXml), { level: 9, mtime }],
  };
  for (const [name, data] of files) {
    const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : data;
    entries[`OEBPS/${name}`] = [bytes, { level: compressedAlready.test(name) ? 0 : 9, mtime }];
  }
  return zipSync(entries);
}
