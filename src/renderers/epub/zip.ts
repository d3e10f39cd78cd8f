import { worthDeflating, type ZipEntry, zip } from '../common/zip.js';

/** The OCF container: where the package document is. */
const containerXml = `<?xml version="1.0" encoding="UTF-8"?>
<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
  <rootfiles>
    <rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/>
  </rootfiles>
</container>
`;

/**
 * Zips the book: `mimetype` first and stored, as OCF requires, then the
 * container, then the documents under `OEBPS/` in the given order, with the
 * article's date (renderers/common/zip.ts).
 */
export function packageBook(files: readonly (readonly [string, string | Uint8Array])[], date: Date): Uint8Array {
  const entries: ZipEntry[] = [
    ['mimetype', 'application/epub+zip', false],
    ['META-INF/container.xml', containerXml, true],
    ...files.map(([name, data]): ZipEntry => [`OEBPS/${name}`, data, worthDeflating(name)]),
  ];
  return zip(entries, date);
}
