import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { VFile } from 'vfile';
import { declares, isPlainRelativePath, placeInConfig } from '../config/load.js';
import { deepFreeze } from '../read/freeze.js';
import { imageContent } from '../read/image-state.js';
import { articleDate } from '../renderers/common/dates.js';
import type { Collection, CollectionArticle, CollectionContext, CollectionFile, CollectionRenderer, ResolvedConfig } from '../types.js';
import { kindOf, tracked, type Written } from './edition.js';
import { type CollectionRecords, hash, loadManifest, type Manifest, type ManifestEntry } from './manifest.js';
import { byCodeUnits } from './order.js';
import { holdsBytes, removeWithEmptyFolders, writeAtomically } from './write.js';

/** An article of this run's source folder that was not set aside (a duplicate slug). */
export interface PresentArticle {
  readonly name: string;
  readonly slug: string;
}

export interface CollectionsRun {
  readonly folder: string;
  readonly articles: readonly PresentArticle[];
  /** The config's hash, as the editions record it. */
  readonly configHash: string;
  /** The renderer's version, as the editions record it. */
  readonly versionOf: (renderer: CollectionRenderer) => string;
  readonly force?: boolean;
}

export interface CollectionsOutcome {
  readonly written: Written[];
  /** One file per collection renderer that reported something. */
  readonly files: VFile[];
  /** Collection files found up to date: their renderer's input unchanged, it was not run. */
  readonly skipped: number;
  /** Collection files made again (the input changed, or --force) that the output folder already held byte for byte: not written again. */
  readonly unchanged: number;
}

/**
 * Makes the collection renderers' files from the manifest (each article's
 * metadata as last read, its editions and their sizes), after the article
 * editions are written: articles whose editions were up to date are not parsed
 * for it. A renderer's files are remade only when what it was given changed.
 */
export async function publishCollections(
  config: ResolvedConfig,
  renderers: readonly CollectionRenderer[],
  manifest: Manifest,
  records: CollectionRecords,
  run: CollectionsRun,
): Promise<CollectionsOutcome> {
  const collection = collectionOf(config, manifest, [...folderArticles(config, manifest, run), ...otherFolders(config, manifest, run.folder)]);
  // What the editions were made from counts too: an edited body, or a picture replaced by one of the same size, changes the HTML a feed carries.
  const madeFrom = collection.articles.map((article) => article.editions.map((edition) => madeFromOf(manifest.get(edition.path))));
  // The front pages the config's renderers declare count too: a feed links its language's (a config object's renderers are in no config file's hash).
  const frontPages = config.collections.map((renderer) => renderer.frontPage ?? null);
  const collectionHash = hash(JSON.stringify([run.configHash, config.baseUrl ?? '', frontPages, collection, madeFrom]));
  const outcome = { written: [] as Written[], files: [] as VFile[], skipped: 0, unchanged: 0 };
  for (const renderer of renderers) {
    const inputHash = hash(`${collectionHash}\0${run.versionOf(renderer)}`);
    const record = records.get(renderer.name);
    if (!run.force && record?.inputHash === inputHash && record.files.every((path) => existsSync(join(config.outDir, path)))) {
      outcome.skipped += record.files.length;
      continue;
    }
    const file = new VFile({ path: join(config.outDir, renderer.files[0] ?? renderer.name) });
    const made = await renderCollection(renderer, collection, config, manifest, file);
    if (file.messages.length > 0) outcome.files.push(file);
    if (!made) continue;
    outcome.written.push(...made.written);
    outcome.unchanged += made.paths.length - made.written.length;
    // Files the renderer made last time and not now are its own to remove (a picture of an article no longer in the feed).
    for (const old of record?.files ?? []) if (!made.paths.includes(old)) await removeWithEmptyFolders(config.outDir, old);
    records.set(renderer.name, { inputHash, files: made.paths, ...(made.named.length > 0 ? { named: made.named } : {}) });
  }
  return outcome;
}

/** The article and pictures an edition was made from, by their contents: a picture whose file was only touched remakes no collection. */
function madeFromOf(entry: ManifestEntry | undefined): [string, [string, string][]] | undefined {
  return entry && [entry.sourceHash, Object.entries(entry.images).map(([path, value]) => [path, imageContent(value)])];
}

/**
 * Renders and writes one collection renderer's files: all its files' paths (relative to the output folder), and those written,
 * the others holding their bytes already; undefined when it failed (its previous files are left in place).
 */
async function renderCollection(
  renderer: CollectionRenderer,
  collection: Collection,
  config: ResolvedConfig,
  manifest: Manifest,
  file: VFile,
): Promise<{ paths: string[]; written: Written[]; named: string[] } | undefined> {
  const started = performance.now();
  const editions = new Set(collection.articles.flatMap((article) => article.editions.map((edition) => edition.path)));
  const read = new Set<string>();
  const context: CollectionContext = Object.freeze({
    config,
    async readEdition(path: string) {
      if (!editions.has(path)) throw new Error(`"${path}" is not an edition of the collection`);
      read.add(path);
      return readFile(join(config.outDir, path));
    },
    warn(reason: string, options: { ruleId?: string } = {}) {
      file.message(reason, { ruleId: options.ruleId ?? renderer.name, source: 'editions' });
    },
  });
  // The reason carries the error's message: a collection's failure is one line, not a stack trace.
  const fail = (reason: string, ruleId: string) => {
    const message = file.message(`${reason}; the previous files, if any, are left in place`, { ruleId, source: 'editions' });
    message.fatal = true;
    return undefined;
  };
  let files: readonly CollectionFile[];
  try {
    // Tracked as an article's render is: a throw of its code outside its promise, or a promise nothing can settle, fails it.
    files = await tracked(renderer, file, async () => renderer.render(collection, context));
    // Anything else failed at the write, which blamed the disk, or as a TypeError from inside the pipeline.
    if (!Array.isArray(files)) throw new Error(`it returned ${kindOf(files)}; return a list of files, [{ path: '${renderer.files[0]}', bytes }]`);
    const returned = new Set<string>();
    for (const output of files) {
      if (typeof output !== 'object' || output === null || typeof output.path !== 'string') {
        throw new Error(`it returned ${kindOf(output)} among its files; return each as { path: '${renderer.files[0]}', bytes }`);
      }
      if (typeof output.bytes !== 'string' && !(output.bytes instanceof Uint8Array)) {
        throw new Error(`it returned "${output.path}" with bytes that are ${kindOf(output.bytes)}; return them as a string or a Uint8Array`);
      }
      if (!isPlainRelativePath(output.path) || !declares(renderer, output.path)) {
        throw new Error(`it returned "${output.path}", which is not among the files it declares (${renderer.files.join(', ')})`);
      }
      // Written twice, the last bytes would have been kept without a word.
      if (returned.has(output.path)) throw new Error(`it returned "${output.path}" twice; return each file once`);
      returned.add(output.path);
      // An article's edition made before the collection renderer was listed: the publish refuses the article's slug, and keeps it as a failing article's.
      const edition = manifest.get(output.path);
      if (edition)
        throw new Error(
          `"${output.path}" is still an edition of ${edition.source}, from an earlier publish; give that article another \`slug\` in its front matter`,
        );
    }
  } catch (error) {
    const place = placeInConfig(error);
    return fail(`The ${renderer.name} renderer failed: ${(error as Error).message}${place ? ` (at ${place})` : ''}`, 'renderer-failed');
  }
  const written: Written[] = [];
  for (const output of files) {
    try {
      const bytes = typeof output.bytes === 'string' ? Buffer.from(output.bytes) : output.bytes;
      // Not written again: a feed's picture is named by its content, so one already there is these bytes; a file left alone keeps its date for mirrors and caches.
      if (await holdsBytes(config.outDir, output.path, bytes)) continue;
      const path = await writeAtomically(config.outDir, output.path, bytes);
      written.push({ slug: '', renderer: renderer.name, path, bytes: bytes.byteLength, milliseconds: performance.now() - started, beside: [], made: {} });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
      return fail(`Could not write ${output.path} (${code}); check that the output folder is writable and its disk has space`, 'write-failed');
    }
  }
  const named = [...new Set([...read].flatMap((path) => manifest.get(path)?.beside ?? []))].sort(byCodeUnits);
  return { paths: files.map((output) => output.path), written, named };
}

/** The collection as the output folder's manifest records it, for the articles still in the source folder (the preview's index). */
export async function publishedCollection(config: ResolvedConfig): Promise<Collection> {
  const { manifest } = await loadManifest(config.outDir);
  return collectionOf(
    config,
    manifest,
    publishedArticles(config, manifest, (folder) => folder === relative(config.outDir, config.source)),
  );
}

/** An article of a source folder publishing into the output folder. */
interface FolderArticle extends PresentArticle {
  /** Its source folder, relative to the output folder, as the manifest records it. */
  readonly folder: string;
}

/**
 * The articles of the source folders the `inFolder` test accepts, as the manifest records them, whose files are
 * still there: a run lists those other folders published into the same output folder beside its own, so that the
 * front page and the feed no longer flip from one folder's articles to the other's with each run.
 */
function publishedArticles(config: ResolvedConfig, manifest: Manifest, inFolder: (folder: string) => boolean): FolderArticle[] {
  const articles = new Map<string, FolderArticle>();
  for (const [file, entry] of manifest) {
    const renderer = config.renderers.find((item) => item.name === entry.renderer);
    const key = `${entry.folder}\0${entry.source}`;
    if (!inFolder(entry.folder) || !renderer || !file.endsWith(renderer.extension) || articles.has(key)) continue;
    if (existsSync(join(config.outDir, entry.folder, entry.source)))
      articles.set(key, { folder: entry.folder, name: entry.source, slug: file.slice(0, -renderer.extension.length) });
  }
  return [...articles.values()];
}

/**
 * This run's articles under the slug their editions are published under: the one each claims, or, while a version claiming a
 * new slug has no edition (it failed), the one it was last published under, whose editions stay.
 */
function folderArticles(config: ResolvedConfig, manifest: Manifest, run: Pick<CollectionsRun, 'folder' | 'articles'>): FolderArticle[] {
  let recorded: Map<string, FolderArticle> | undefined;
  return run.articles.map(({ name, slug }) => {
    const claimed = config.renderers.some(({ extension }) => {
      const entry = manifest.get(`${slug}${extension}`);
      return entry?.folder === run.folder && entry.source === name;
    });
    if (claimed) return { folder: run.folder, name, slug };
    recorded ??= new Map(publishedArticles(config, manifest, (folder) => folder === run.folder).map((article) => [article.name, article]));
    return recorded.get(name) ?? { folder: run.folder, name, slug };
  });
}

const otherFolders = (config: ResolvedConfig, manifest: Manifest, folder: string) => publishedArticles(config, manifest, (other) => other !== folder);

/** Every article given with its metadata and editions, newest first, frozen. */
function collectionOf(config: ResolvedConfig, manifest: Manifest, listed: readonly FolderArticle[]): Collection {
  const articles: CollectionArticle[] = [];
  for (const { folder, name, slug } of listed) {
    const entries = config.renderers.map((renderer) => {
      const path = `${slug}${renderer.extension}`;
      const entry = manifest.get(path);
      return entry?.folder === folder && entry.source === name ? { renderer: renderer.name, path, entry } : undefined;
    });
    const meta = entries.find((item) => item?.entry.meta)?.entry.meta;
    if (!meta) continue;
    const editions = entries.flatMap((item) =>
      item && item.entry.bytes !== undefined && existsSync(join(config.outDir, item.path))
        ? [{ renderer: item.renderer, path: item.path, bytes: item.entry.bytes }]
        : [],
    );
    articles.push({ slug, source: name, meta, editions });
  }
  const time = (article: CollectionArticle) => (article.meta.date ? articleDate(article.meta.date).getTime() : Number.NEGATIVE_INFINITY);
  articles.sort((a, b) => time(b) - time(a) || byCodeUnits(a.slug, b.slug));
  return deepFreeze({ articles });
}
