import type { ArticleMeta } from '../../types.js';

/** The part of JSZip (inside epub-gen-memory) that Editions uses. */
interface BookZip {
  file(name: string, data: string | Uint8Array, options?: { date?: Date; createFolders?: boolean }): void;
  file(name: string): { date: Date; async(type: 'string'): Promise<string> } | null;
  remove(name: string): void;
  generateAsync(options: { type: 'uint8array'; compression: 'DEFLATE'; compressionOptions: { level: number }; mimeType: string }): Promise<Uint8Array>;
}

/** What epub-gen-memory contributes besides `mimetype` (first and stored): the container, pointing at `OEBPS/content.opf`. */
const containerXml = 'META-INF/container.xml';

/** Zip dates cannot precede 1980. */
const zipEpoch = Date.UTC(1980, 0, 1);

/**
 * epub-gen-memory makes the container; every document it generates is
 * removed, and ours are added under `OEBPS/` in the given order, so the entry
 * order is fixed. Every entry gets the article's date (JSZip writes DOS time
 * from the UTC fields), so rebuilds are byte-identical in any time zone.
 */
export async function packageBook(meta: ArticleMeta, files: readonly (readonly [string, string | Uint8Array])[], date: Date): Promise<Uint8Array> {
  const { EPub } = await loadContainerMaker();
  const book = new EPub({ title: meta.title, lang: meta.lang, verbose: false, ignoreFailedDownloads: true, version: 3 }, [
    { title: meta.title, content: '<p></p>' },
  ]);
  await book.render();
  const zip = (book as unknown as { zip: BookZip }).zip;
  const container = await zip.file(containerXml)?.async('string');
  if (container === undefined) throw new Error(`epub-gen-memory made no ${containerXml}`);
  // Removing a folder removes its files: everything but `mimetype` goes, and the container comes back.
  for (const folder of ['OEBPS', 'META-INF']) zip.remove(folder);

  const zipDate = new Date(Math.max(date.getTime(), zipEpoch));
  // No folder entries: the container needs none.
  zip.file(containerXml, container, { date: zipDate, createFolders: false });
  for (const [name, data] of files) zip.file(`OEBPS/${name}`, data, { date: zipDate, createFolders: false });
  const mimetype = zip.file('mimetype');
  if (!mimetype) throw new Error('epub-gen-memory made no mimetype');
  mimetype.date = zipDate;
  return zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE', compressionOptions: { level: 9 }, mimeType: 'application/epub+zip' });
}

/** epub-gen-memory, loaded on first use only: a publish without EPUBs does not pay for it. */
export function loadContainerMaker() {
  return import('epub-gen-memory');
}
