import { createHash } from 'node:crypto';
import { readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { ArticleMeta } from '../types.js';
import { writeAtomically } from './write.js';

/** What an edition was made from; when all of it is unchanged, the edition is not made again. */
export interface ManifestEntry {
  /** The source folder, relative to the output folder: several source folders may publish into one. */
  readonly folder: string;
  /** The article's file name in the source folder. */
  readonly source: string;
  readonly sourceHash: string;
  /** Real paths of the article's images, relative to the source folder, and their hashes. */
  readonly images: Readonly<Record<string, string>>;
  readonly configHash: string;
  readonly renderer: string;
  readonly rendererVersion: string;
  /** Files written beside the edition (its images), relative to the output folder. */
  readonly beside?: readonly string[];
  /** The edition's size in bytes. */
  readonly bytes?: number;
  /** The article's metadata as last read (also when only another edition was remade): collections are made from it without parsing. */
  readonly meta?: ArticleMeta;
}

/** What a collection renderer's files were made from: when the hash is unchanged and the files exist, they are not made again. */
export interface CollectionRecord {
  readonly inputHash: string;
  /** The files it wrote, relative to the output folder. */
  readonly files: readonly string[];
}

/** Collection records by renderer name; kept by full publishes only (a shard sees part of the articles). */
export type CollectionRecords = Map<string, CollectionRecord>;

/** Entries by edition file name (`slug.extension`), unique in an output folder. */
export type Manifest = Map<string, ManifestEntry>;

export interface Shard {
  /** 1-based, as `--shard 2/4` is written. */
  readonly index: number;
  readonly count: number;
}

const manifestPrefix = '.editions-manifest';

export function manifestFile(shard?: Shard): string {
  return shard ? `${manifestPrefix}.shard-${shard.index}-of-${shard.count}.json` : `${manifestPrefix}.json`;
}

export function hash(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** The shard an article belongs to: a hash of its file name, so adding articles moves no other. */
export function shardOf(source: string, count: number): number {
  return (Number.parseInt(hash(source).slice(0, 8), 16) % count) + 1;
}

/** The collection records of the full build's manifest. */
export async function loadCollectionRecords(outDir: string): Promise<CollectionRecords> {
  try {
    const { collections } = JSON.parse(await readFile(join(outDir, manifestFile()), 'utf8')) as { collections?: Record<string, CollectionRecord> };
    return new Map(Object.entries(collections ?? {}));
  } catch {
    return new Map();
  }
}

/** Reads and merges every manifest in the output folder: the full build's and each shard's. */
export async function loadManifest(outDir: string): Promise<Manifest> {
  const manifest: Manifest = new Map();
  const names = await readdir(outDir).catch(() => [] as string[]);
  for (const name of names.filter((item) => item.startsWith(manifestPrefix) && item.endsWith('.json')).sort()) {
    try {
      const entries = JSON.parse(await readFile(join(outDir, name), 'utf8')).entries as Record<string, ManifestEntry>;
      for (const [file, entry] of Object.entries(entries)) manifest.set(file, entry);
    } catch {
      // A manifest that cannot be read only costs a rebuild of what it described.
    }
  }
  return manifest;
}

/**
 * Writes this run's manifest. A full run's manifest describes everything, so
 * shard manifests it has absorbed are removed; a shard writes only its own.
 */
export async function saveManifest(outDir: string, manifest: Manifest, shard?: Shard, collections?: CollectionRecords): Promise<void> {
  const entries = Object.fromEntries(
    [...manifest].filter(([, entry]) => !shard || shardOf(entry.source, shard.count) === shard.index).sort(([a], [b]) => a.localeCompare(b)),
  );
  const records = collections && !shard ? { collections: Object.fromEntries([...collections].sort(([a], [b]) => a.localeCompare(b))) } : {};
  await writeAtomically(outDir, manifestFile(shard), `${JSON.stringify({ version: 1, entries, ...records }, null, 1)}\n`);
  if (!shard) {
    const names = await readdir(outDir);
    await Promise.all(names.filter((name) => name.startsWith(`${manifestPrefix}.shard-`)).map((name) => rm(join(outDir, name), { force: true })));
  }
}
