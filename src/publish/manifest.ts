import { createHash } from 'node:crypto';
import { readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { ArticleMeta } from '../types.js';
import { manifestFile, manifestPrefix, type Shard } from './manifest-name.js';
import { byCodeUnits } from './order.js';
import { writeAtomically } from './write.js';

/** What an edition was made from; when all of it is unchanged, the edition is not made again. */
export interface ManifestEntry {
  /** The source folder, relative to the output folder: several source folders may publish into one. */
  readonly folder: string;
  /** The article's file name in the source folder. */
  readonly source: string;
  readonly sourceHash: string;
  /** Real paths of the article's images, relative to the source folder, with their hashes and files' stamps (`shownImageState`), or a refused one's file state. */
  readonly images: Readonly<Record<string, string>>;
  readonly configHash: string;
  readonly renderer: string;
  readonly rendererVersion: string;
  /** Files written beside the edition (its images), relative to the output folder. */
  readonly beside?: readonly string[];
  /** Of `beside`, those made from something costly (a picture's smaller copies), by path: the next edition may keep them while they are on disk as written. */
  readonly made?: Readonly<Record<string, MadeBeside>>;
  /** The edition's size in bytes. */
  readonly bytes?: number;
  /** For an edition of a renderer that uses the story's versions (the HTML page): their hash, as it was made with them. */
  readonly versionsHash?: string;
  /** The article's metadata as last read (also when only another edition was remade): collections are made from it without parsing. */
  readonly meta?: ArticleMeta;
  /** The article file as it was when `sourceHash` was taken: while it is the same, the next publish neither reads nor hashes it. */
  readonly sourceStamp?: SourceStamp;
}

/** A file beside an edition as written: what it was made from (`BesideFile.madeFrom`), and its file's stamp then (`imageStamp`). */
export interface MadeBeside {
  readonly madeFrom: string;
  readonly stamp: string;
}

/**
 * What `stat` says of an article file, and the slug it claimed. Size, modification
 * and change times and inode, as git's index keeps them: a file written again
 * (even with its old bytes and time, `cp -p`) gets a new change time, so a
 * stamp that matches is a file that was not written to.
 */
export interface SourceStamp {
  readonly size: number;
  readonly mtimeMs: number;
  readonly ctimeMs: number;
  readonly ino: number;
  readonly slug: string;
  readonly slugPlace?: { readonly line: number; readonly column: number };
}

/**
 * An article held by its embargo: it has no edition, so no entry, and is recorded apart, with its file's stamp, so that while
 * its file is unchanged and its embargo not yet passed the next publish neither reads it nor takes it for a new article.
 */
export interface HeldEntry {
  readonly folder: string;
  readonly source: string;
  readonly sourceHash: string;
  readonly sourceStamp: SourceStamp;
  /** Its front matter's `embargo`, as written (with its zone). */
  readonly embargo: string;
  /**
   * Recorded by a shard, which makes no collection: the collections may list it still (a story pulled back). The next full
   * publish that makes the collections makes them all, whatever `--only` names, and drops the mark.
   */
  readonly byShard?: true;
}

/** Held articles by `heldKey`. */
export type HeldArticles = Map<string, HeldEntry>;

/** The key of an article file in `HeldArticles`: its source folder and name. */
export function heldKey(folder: string, source: string): string {
  return `${folder}\0${source}`;
}

/** What a collection renderer's files were made from: when the hash is unchanged and the files exist, they are not made again. */
export interface CollectionRecord {
  readonly inputHash: string;
  /** The files it wrote, relative to the output folder. */
  readonly files: readonly string[];
  /**
   * The files beside the editions it read (their pictures and copies), which its files may name: kept while it does, though the
   * editions no longer refer to them (an `--only html` run that changed a page's pictures left the feeds naming removed files).
   */
  readonly named?: readonly string[];
}

/** Collection records by renderer name; kept by full publishes only (a shard sees part of the articles). */
export type CollectionRecords = Map<string, CollectionRecord>;

/** Entries by edition file name (`slug.extension`), unique in an output folder. */
export type Manifest = Map<string, ManifestEntry>;

export { manifestFile, type Shard } from './manifest-name.js';

export function hash(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** The shard an article belongs to: a hash of its file name, so adding articles moves no other. */
export function shardOf(source: string, count: number): number {
  return (Number.parseInt(hash(source).slice(0, 8), 16) % count) + 1;
}

/** An article's part of its editions' entries: written once per article, not once per edition. */
type ArticlePart = Omit<ManifestEntry, EditionField>;
type EditionField = 'renderer' | 'rendererVersion' | 'beside' | 'made' | 'bytes' | 'versionsHash';

/**
 * The file: version 2 groups the entries by article (what they share, then each
 * edition's own fields), since an article's metadata repeated in each of its
 * editions' entries made most of it: 1,000 articles' manifest went from 4.5 MB
 * (version 1, still read) to 1.3 MB, and a republish spent most of its time reading it.
 */
interface ManifestFile {
  readonly version: 1 | 2;
  /** Version 1. */
  readonly entries?: Record<string, ManifestEntry>;
  /** Version 2. */
  readonly articles?: (ArticlePart & { readonly editions: Record<string, Pick<ManifestEntry, EditionField>> })[];
  readonly collections?: Record<string, CollectionRecord>;
  readonly held?: readonly HeldEntry[];
}

/** A map that knows whether anything was set or deleted since it was loaded: saving an unchanged manifest writes nothing. */
class Loaded<Key, Value> extends Map<Key, Value> {
  changed = false;
  /** The manifest files it was read from. */
  readonly files: string[] = [];

  override set(key: Key, value: Value): this {
    this.changed = true;
    return super.set(key, value);
  }

  override delete(key: Key): boolean {
    this.changed = true;
    return super.delete(key);
  }
}

/**
 * An edition's entry from its article's part and its own fields, named one by one: spreading both into one object took
 * 50 ms for 4,000 editions (V8 defines each property on a slow path), this 13 ms, an eighth of a 1,000-article republish.
 */
function entryOf(article: ArticlePart, edition: Pick<ManifestEntry, EditionField>): ManifestEntry {
  const { folder, source, sourceHash, images, configHash, meta, sourceStamp } = article;
  const { renderer, rendererVersion, beside, made, bytes, versionsHash } = edition;
  return { folder, source, sourceHash, images, configHash, meta, sourceStamp, renderer, rendererVersion, beside, made, bytes, versionsHash };
}

/**
 * Reads and merges every manifest in the output folder: the full build's and each shard's (their editions and held articles);
 * the collection records are the full build's.
 */
export async function loadManifest(outDir: string): Promise<{ manifest: Manifest; records: CollectionRecords; held: HeldArticles }> {
  const manifest = new Loaded<string, ManifestEntry>();
  const records = new Loaded<string, CollectionRecord>();
  const held = new Loaded<string, HeldEntry>();
  const names = await readdir(outDir).catch(() => [] as string[]);
  for (const name of names.filter((item) => item.startsWith(manifestPrefix) && item.endsWith('.json')).sort()) {
    try {
      const text = (await readFile(join(outDir, name))).toString();
      const file = JSON.parse(text) as ManifestFile;
      manifest.files.push(name);
      for (const [path, entry] of Object.entries(file.entries ?? {})) manifest.set(path, entry);
      for (const article of file.articles ?? []) {
        for (const [path, edition] of Object.entries(article.editions)) manifest.set(path, entryOf(article, edition));
      }
      for (const entry of file.held ?? []) held.set(heldKey(entry.folder, entry.source), entry);
      if (name === manifestFile()) for (const [renderer, record] of Object.entries(file.collections ?? {})) records.set(renderer, record);
    } catch {
      // A manifest that cannot be read only costs a rebuild of what it described.
    }
  }
  manifest.changed = records.changed = held.changed = false;
  return { manifest, records, held };
}

/**
 * Writes this run's manifest, unless it is the one loaded, unchanged. A full run's
 * manifest describes everything, so shard manifests it has absorbed are removed;
 * a shard writes only its own.
 */
export async function saveManifest(
  outDir: string,
  manifest: Manifest,
  shard?: Shard,
  collections?: CollectionRecords,
  held: HeldArticles = new Map(),
): Promise<void> {
  const unchanged = (map: Map<string, unknown> | undefined) => !map || (map instanceof Loaded && !map.changed);
  const readFromItsFile = manifest instanceof Loaded && manifest.files.length === 1 && manifest.files[0] === manifestFile(shard);
  if (readFromItsFile && unchanged(manifest) && unchanged(collections) && unchanged(held)) return;
  const articles = new Map<string, NonNullable<ManifestFile['articles']>[number]>();
  for (const [path, entry] of [...manifest].sort(([a], [b]) => byCodeUnits(a, b))) {
    if (shard && shardOf(entry.source, shard.count) !== shard.index) continue;
    const { renderer, rendererVersion, beside, made, bytes, versionsHash, ...article } = entry;
    const key = JSON.stringify(article);
    const group = articles.get(key) ?? { ...article, editions: {} };
    group.editions[path] = { renderer, rendererVersion, beside, made, bytes, versionsHash };
    articles.set(key, group);
  }
  const records = collections && !shard ? { collections: Object.fromEntries([...collections].sort(([a], [b]) => byCodeUnits(a, b))) } : {};
  const ownHeld = [...held.values()].filter((entry) => !shard || shardOf(entry.source, shard.count) === shard.index);
  const heldPart = ownHeld.length > 0 ? { held: ownHeld.sort((a, b) => byCodeUnits(heldKey(a.folder, a.source), heldKey(b.folder, b.source))) } : {};
  const text = `${JSON.stringify({ version: 2, articles: [...articles.values()], ...records, ...heldPart } satisfies ManifestFile)}\n`;
  await writeAtomically(outDir, manifestFile(shard), text);
  if (!shard) {
    const names = await readdir(outDir);
    await Promise.all(names.filter((name) => name.startsWith(`${manifestPrefix}.shard-`)).map((name) => rm(join(outDir, name), { force: true })));
  }
}
