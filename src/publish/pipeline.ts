import { existsSync, realpathSync, statSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { VFile } from 'vfile';
import { meantName } from '../config/meant.js';
import { themeHash } from '../config/theme.js';
import { imageStamp, isRefusedImageState, refusedImageState, shownImageState } from '../read/image-state.js';
import { type Job, publishJobs } from '../threads/scheduler.js';
import type { ArticleMeta, CollectionRenderer, Renderer, ResolvedConfig } from '../types.js';
import { buildHash } from './build-hash.js';
import { publishCollections } from './collections.js';
import type { Written } from './edition.js';
import {
  declaredEmbargo,
  embargoEnd,
  embargoTime,
  type HeldArticle,
  heldByShards,
  heldChanged,
  heldCollected,
  recordHeld,
  showUnreadableEmbargo,
  type UnreadableEmbargo,
} from './embargo.js';
import { OutputFolderError, UnknownRendererError } from './errors.js';
import { articleNames, type Listing, outputFiles } from './listing.js';
import {
  type CollectionRecords,
  hash,
  heldKey,
  loadManifest,
  type Manifest,
  type ManifestEntry,
  type Shard,
  type SourceStamp,
  saveManifest,
  shardOf,
} from './manifest.js';
import { articleDone } from './memory.js';
import type { ArticleOutcome } from './render.js';
import {
  articleSlug,
  claimedSlugs,
  declaredSlug,
  type SlugClaim,
  withoutCaseClashes,
  withoutDuplicateSlugs,
  withoutSlugsInEditionFolders,
  withoutSlugsOfCollectionFiles,
  withoutSlugsOfOtherFolders,
} from './slugs.js';
import {
  declaredStory,
  hasPage,
  namesVersions,
  publishedVersions,
  type Story,
  storyOfMeta,
  storyVersions,
  versionsHash,
  warnOfSameLanguageVersions,
} from './translations.js';
import { assertWritable, isKeptUnderAnotherCase, keptByFoldedName, removeStaleTemporaries, removeWithEmptyFolders } from './write.js';

export interface PublishOptions {
  /** Renderer names to run; all when absent. */
  readonly only?: readonly string[];
  /** Rebuild every edition, even those the manifest says are up to date. */
  readonly force?: boolean;
  /** Publish only this stable part of the articles. */
  readonly shard?: Shard;
  /** Threads publishing at once, this one included; 0 or 1: this thread only. Default: one per core, once the batch is large enough to pay for workers. */
  readonly jobs?: number;
  /** Called after each article, for progress display. */
  readonly onArticle?: (outcome: ArticleOutcome, done: number, total: number) => void;
  /** Called once the collection renderers' files are written. */
  readonly onCollections?: (written: readonly Written[]) => void;
  /**
   * Once aborted (a Ctrl-C), no article is started: the editions begun are finished (or, not started, dropped), the manifest is
   * saved with every edition written, and the run ends there, `interrupted`, without removing stale editions or making the collections.
   */
  readonly signal?: AbortSignal;
}

declare module 'vfile' {
  interface DataMap {
    /** The article was not read in this run, its editions being up to date: its messages are those of the run that read it. */
    upToDate: boolean;
  }
}

export interface PublishResult {
  readonly written: readonly Written[];
  /** One vfile per article, carrying its messages (warnings and errors), then one per collection renderer that reported something. */
  readonly files: readonly VFile[];
  /** Articles with at least one error (not published, or an edition failed). */
  readonly failed: number;
  /** Collection renderers that failed (their previous files are left in place). */
  readonly collectionsFailed: number;
  /** Articles in this run (this shard's, when sharded). */
  readonly articles: number;
  /** Editions the manifest showed to be up to date. */
  readonly skipped: number;
  /** Of `written`, the collection renderers' files (the index, the feeds and their pictures, the sitemap). */
  readonly collectionFiles: number;
  /** The collection renderers' files the manifest showed to be up to date (their renderer not run). */
  readonly collectionFilesUpToDate: number;
  /** The collection renderers' files made again (their input changed, or --force) with the bytes the output folder held: left as they were. */
  readonly collectionFilesUnchanged: number;
  /** Folders under the source folder that could not be read: their articles neither published nor removed, the collections not made. */
  readonly unreadableFolders: number;
  /** Editions removed because their article was deleted, now publishes under another slug, or is held by its embargo. */
  readonly removed: readonly string[];
  /** Of `removed`, the editions of articles held by their embargo (stories pulled back). */
  readonly withdrawn: number;
  /** Articles changed (or new) since their editions were made, which `--only` left out: the collections made list them as last published, new ones not at all. */
  readonly changedOutsideCollections: number;
  /**
   * Articles not published for their embargo is not yet passed, without errors (one with an error is counted as failed), and
   * those held because their embargo cannot be read (failed too), with no known end, last.
   */
  readonly held: readonly HeldArticle[];
  /** Stopped by `signal` before every edition was made: the manifest records those written, and the next publish goes on from there. */
  readonly interrupted: boolean;
  /** `--only` named collection renderers alone (`--only feed`): no article's edition was asked for. */
  readonly collectionsOnly: boolean;
}

/**
 * How long a publish goes, at least, between two saves of the manifest with the editions written so far (checkpoints), so that
 * a publish killed outright (kill -9, a crash) is resumed, not started over: a second, and 2 ms for each edition the manifest
 * holds, a hundred times what a save costs, so that they take 1 % of the run at most. A save on its own took 13 ms for 600
 * editions' manifest (150 articles), 63 ms for 4,000 (1,000 articles; medians of 21). Its time in a run says nothing of its
 * cost: it waits there for the renders this thread runs (0.3–0.7 s).
 */
const checkpointSpacing = { least: 1000, perEdition: 2 };

/** Part of every renderer's version (so that changed renderer code remakes its editions): the build's hash, or the package version when running from source. */
const engineVersion = buildHash ?? (JSON.parse(await readFile(new URL('../../package.json', import.meta.url), 'utf8')).version as string);

/** An article of the source folder as listed: what its bytes or, while its file is unchanged, the manifest say of it. */
interface Listed extends SlugClaim {
  readonly hash: string;
  readonly stamp: SourceStamp;
  /** Read only when the manifest does not know the file as it is, or an edition of it is to be made. */
  readonly bytes?: Uint8Array;
  /** The story it is a version of, as its front matter tells it: read with its slug, or known from the manifest. */
  readonly story?: Story;
  /** Its front matter's `embargo` as written, or how it cannot be read, read with its slug: known only of an article read, or recorded as held. */
  readonly embargo?: string | UnreadableEmbargo;
  needed: Renderer[];
}

interface Input extends Listed, Job {
  readonly bytes: Uint8Array;
}

/** Reads every article of the source folder (or shard) once and writes the editions that are not up to date. */
export async function runPipeline(config: ResolvedConfig, options: PublishOptions = {}): Promise<PublishResult> {
  const { renderers, collections } = selectRenderers(config, options.only);
  await assertWritable(config.outDir);
  await removeStaleTemporaries(config.outDir);
  const { names: allNames, unreadable } = articleNames(config.source, config.outDir);
  const names = options.shard ? allNames.filter((name) => shardOf(name, options.shard?.count ?? 1) === options.shard?.index) : allNames;
  const { manifest, records, held: heldBefore } = await loadManifest(config.outDir);
  // The run's one reading of the clock: an article is held while its embargo is after it, or cannot be read.
  const now = Date.now();
  const isHeld = (input: Listed) => input.embargo !== undefined && embargoEnd(input.embargo) > now;
  const folder = relative(config.outDir, config.source);
  const known = knownSources(manifest, folder);
  const recordedBeside = besideFiles(manifest, records);

  const listArticle = async (name: string): Promise<Listed> => {
    const path = join(config.source, name);
    const { size, mtimeMs, ctimeMs, ino } = statSync(path);
    const unchanged = (was: SourceStamp | undefined) => was?.size === size && was.mtimeMs === mtimeMs && was.ctimeMs === ctimeMs && was.ino === ino;
    const same = (known.get(name) ?? []).find(({ sourceStamp }) => unchanged(sourceStamp));
    if (same?.sourceStamp) {
      const { slug, slugPlace } = same.sourceStamp;
      return { name, path, hash: same.sourceHash, slug, slugPlace, stamp: same.sourceStamp, story: storyOfMeta(same.meta), needed: [] };
    }
    // Held when last read, and still: not read again. Once its embargo has passed it is read, and published.
    const wasHeld = heldBefore.get(heldKey(folder, name));
    if (wasHeld && unchanged(wasHeld.sourceStamp) && embargoTime(wasHeld.embargo) > now) {
      const { slug, slugPlace } = wasHeld.sourceStamp;
      return { name, path, hash: wasHeld.sourceHash, slug, slugPlace, stamp: wasHeld.sourceStamp, embargo: wasHeld.embargo, needed: [] };
    }
    const bytes = await readFile(path);
    const declared = await declaredSlug(bytes);
    const slug = articleSlug(name, declared?.slug);
    return {
      name,
      path,
      bytes,
      hash: hash(bytes),
      slug,
      slugPlace: declared?.place,
      story: await declaredStory(bytes, recordedMeta(manifest, folder, config, { name, path, slug })),
      embargo: await declaredEmbargo(bytes),
      stamp: { size, mtimeMs, ctimeMs, ino, slug, slugPlace: declared?.place },
      needed: [],
    };
  };
  // A few files open at a time: a folder of thousands of articles must not run out of file descriptors (EMFILE).
  const listed = await mapConcurrently(names, 16, listArticle);
  // The other shards' articles by their slugs and stories (their files' front matter, or the manifest): a shard warns of its
  // versions in a language another shard's version has, and its pages name those of them the manifest shows published.
  const ownNames = new Set(names);
  const inOtherShards = options.shard
    ? await mapConcurrently(
        allNames.filter((name) => !ownNames.has(name)),
        16,
        async (name) => {
          const there = await listArticle(name);
          // A held version is named by no page.
          return { name, path: there.path, slug: there.slug, story: isHeld(there) ? undefined : there.story };
        },
      )
    : [];
  const files = new Map<string, VFile>();
  // Every renderer of the config, not only those selected: an edition named like a collection's file clashes in any run.
  const slugsChecked = withoutSlugsOfOtherFolders(
    withoutDuplicateSlugs(withoutSlugsOfCollectionFiles(withoutSlugsInEditionFolders(listed, files, config), files, config), files, (slug) =>
      publishedUnder(manifest, folder, config, slug),
    ),
    files,
    (slug) => publishedFromElsewhere(manifest, folder, config, slug),
  );
  // Slugs that differ only in case also clash with the slugs of the articles not checked here whose editions stay: of other shards
  // and source folders, of unreadable folders, and refused before.
  const claimants = new Set([...allNames, ...sourcesUnder(manifest, folder, unreadable)]);
  for (const { name } of slugsChecked) claimants.delete(name);
  const publishable = withoutCaseClashes(
    slugsChecked,
    files,
    claimedSlugs(manifest, config, (entry) =>
      entry.folder === folder ? (claimants.has(entry.source) ? entry.source : undefined) : articleElsewhere(entry, folder, config),
    ),
    (input) => publishedUnder(manifest, folder, config, input.slug) === input.name,
  );
  // Held articles claim their slugs (a clash shows now, not once they are published), and are read and checked, but not published.
  const due = publishable.filter((input) => !isHeld(input));

  // A config object's labels and address (html() links its pages there) count too: a config file's are in its text. The theme's files are in no config text.
  const configHash = hash(
    `${engineVersion}\0${config.fileHash ?? 'built-in'}\0${JSON.stringify(config.labels)}\0${config.baseUrl ?? ''}\0${themeHash(config.theme)}`,
  );
  const present = outputFiles(config.outDir);
  let skipped = 0;
  const checkedImages = new Map<string, Promise<boolean>>();
  /** Shown images found unchanged by their bytes though their stamp changed (a checkout, a copy): their new manifest value, by path and old value. */
  const restampedImages = new Map<string, string>();
  // Every version of each story, for the editions that name them (the HTML pages): made again when they change. Another shard's
  // version is named once the manifest shows its page published, as another source folder's is: a new one may fail in its shard.
  const isOtherFolder = otherFolderTest(config, folder);
  const told = [
    ...due,
    ...inOtherShards.filter((other) => hasPage(manifest, folder, other, present)),
    ...publishedVersions(manifest, config.outDir, present, isOtherFolder),
  ];
  let versions = storyVersions(told);
  // A version whose page is not published yet may fail (its body, its HTML renderer): its story's other pages are made once
  // that is known, so that none names a page that does not exist. Only a story with such a version waits.
  const unpaged = renderers.some(namesVersions) ? due.filter((input) => versions.has(input) && !hasPage(manifest, folder, input, present)) : [];
  const waiting = new Set(unpaged.map((input) => versions.get(input)));
  const afterUnpaged = new Set(due.filter((input) => waiting.has(versions.get(input)) && !unpaged.includes(input)));
  /** Finds which of `checked`'s editions of the articles are to be made; an article read again only because its file was touched (a checkout, a copy) has its up-to-date editions' entries take its new stamp, so the next publish reads it no more, and so do pictures hashed again for the same reason. */
  const plan = async (inputs: readonly Listed[], checked: readonly Renderer[]) => {
    for (const input of inputs) {
      const withVersions = { ...input, versionsHash: versionsHash(versions.get(input)) };
      for (const renderer of checked) {
        if (!options.force && (await upToDate(manifest, withVersions, renderer, configHash, config, present, checkedImages, restampedImages))) skipped++;
        else input.needed.push(renderer);
      }
    }
    for (const input of inputs) {
      if (!input.bytes && restampedImages.size === 0) continue;
      for (const renderer of renderers) {
        const file = `${input.slug}${renderer.extension}`;
        const entry = manifest.get(file);
        if (input.needed.includes(renderer) || !entry) continue;
        const images = Object.fromEntries(
          Object.entries(entry.images).map(([image, recorded]) => [image, restampedImages.get(`${join(config.source, image)}\0${recorded}`) ?? recorded]),
        );
        manifest.set(file, { ...entry, images, ...(input.bytes ? { sourceStamp: input.stamp } : {}) });
      }
    }
  };
  await plan(
    due.filter((input) => !afterUnpaged.has(input)),
    renderers,
  );
  // A story pulled back (a held article whose page is published, to be removed) leaves its versions' pages in any run, as it
  // leaves every collection: with --only pdf they went on naming the removed page, and the held story's address with it.
  const pulledBack = new Set(listed.flatMap((input) => (isHeld(input) && input.story && hasPage(manifest, folder, input, present) ? [input.story.key] : [])));
  const unselectedPages = pulledBack.size > 0 ? config.renderers.filter((renderer) => namesVersions(renderer) && !renderers.includes(renderer)) : [];
  await plan(
    due.filter((input) => input.story && pulledBack.has(input.story.key) && !afterUnpaged.has(input)),
    unselectedPages,
  );
  const making = [...renderers, ...unselectedPages];
  const readWork = (inputs: readonly Listed[]) =>
    mapConcurrently(
      inputs,
      16,
      async (input): Promise<Input> => ({
        ...input,
        bytes: input.bytes ?? (await readFile(input.path)),
        versions: versions.get(input),
        besideOnDisk: options.force ? undefined : await besideOnDisk(manifest, input, config.outDir),
      }),
    );
  // The articles to publish are read now, those the manifest knew included (their stamp says they are unchanged: the hash stays theirs);
  // and the held ones read in this run, for no edition: their errors show now, not when their embargo ends.
  const work = await readWork(publishable.filter((input) => input.needed.length > 0 || (input.bytes && isHeld(input))));
  const written: Written[] = [];
  let done = 0;
  let total = work.length;
  // The manifest as it stands, with the pictures no edition refers to any more removed first: saved in between, it records no
  // edition that is not on disk (an entry is set once its edition is written) and forgets no picture that is.
  const saveProgress = async () => {
    await removeUnreferencedBeside(recordedBeside, besideFiles(manifest, records), config.outDir);
    await saveManifest(config.outDir, manifest, options.shard, records, heldBefore);
  };
  const spacing = () => Math.max(checkpointSpacing.least, checkpointSpacing.perEdition * manifest.size);
  let nextCheckpoint = performance.now() + spacing();
  let checkpoint: Promise<void> | undefined;
  const checkpointIfDue = () => {
    if (checkpoint || performance.now() < nextCheckpoint) return;
    // A checkpoint that fails costs only a resume: the manifest's save at the end reports why it cannot be written.
    checkpoint = saveProgress()
      .catch(() => undefined)
      .finally(() => {
        checkpoint = undefined;
        nextCheckpoint = performance.now() + spacing();
      });
  };
  /** Records the editions of an article of `inFolder` written. */
  const recordEditions = (input: Input, outcome: ArticleOutcome, inFolder: string) => {
    written.push(...outcome.written);
    for (const edition of outcome.written) {
      const renderer = input.needed.find((item) => item.name === edition.renderer) as Renderer;
      manifest.set(`${input.slug}${renderer.extension}`, {
        folder: inFolder,
        source: input.name,
        sourceHash: input.hash,
        images: outcome.images,
        configHash,
        renderer: renderer.name,
        rendererVersion: rendererVersion(renderer),
        beside: edition.beside,
        made: Object.keys(edition.made).length > 0 ? edition.made : undefined,
        bytes: edition.bytes,
        versionsHash: renderer.uses?.includes('versions') ? versionsHash(input.versions) : undefined,
        meta: outcome.meta,
        sourceStamp: input.stamp,
      });
    }
  };
  const record = (input: Input, outcome: ArticleOutcome) => {
    files.set(input.name, outcome.file);
    recordEditions(input, outcome, folder);
    // The article's other editions, up to date or not selected, carry its metadata as now read: the collections list that.
    for (const { extension } of outcome.meta && !isHeld(input) ? config.renderers : []) {
      const file = `${input.slug}${extension}`;
      const entry = manifest.get(file);
      if (entry?.folder === folder && entry.source === input.name) manifest.set(file, { ...entry, meta: outcome.meta });
    }
    showUnreadableEmbargo(outcome.file, input.embargo);
    options.onArticle?.(outcome, ++done, total);
    articleDone();
    checkpointIfDue();
  };
  await publishJobs(work, config, making, options.jobs, record, options.signal);
  if (waiting.size > 0 && !options.signal?.aborted) {
    // A version whose page was not made is named by no page: the pages made naming it are made again without it.
    const failed = new Set<unknown>(unpaged.filter((input) => !hasPage(manifest, folder, input, (file) => existsSync(join(config.outDir, file)))));
    const failedStories = new Set(unpaged.filter((input) => failed.has(input)).map((input) => versions.get(input)));
    const remade = unpaged.filter((input) => !failed.has(input) && failedStories.has(versions.get(input)));
    if (failed.size > 0) versions = storyVersions(told.filter((input) => !failed.has(input)));
    for (const input of remade) input.needed = [];
    await plan([...afterUnpaged], renderers);
    await plan(remade, renderers.filter(namesVersions));
    const pages = await readWork([...afterUnpaged, ...remade].filter((input) => input.needed.length > 0));
    // A page made again keeps the messages of its article's first making, which made all its editions.
    const firstFiles = remade.map((input) => [input.name, files.get(input.name)] as const);
    total += pages.length;
    await publishJobs(pages, config, making, options.jobs, record, options.signal);
    for (const [name, file] of firstFiles) if (file) files.set(name, file);
  }
  await checkpoint;
  if (options.signal?.aborted) {
    // The held articles' records and the collections' stay as they were: the next publish finds what changed, and remakes the collections.
    await saveProgress().catch(manifestUnwritable(config.outDir));
    const articleFiles = [...files.values()];
    return {
      ...nothingElse,
      written,
      files: articleFiles,
      failed: articleFiles.filter(fatal).length,
      articles: names.length,
      skipped,
      held: [],
      interrupted: true,
      collectionsOnly: renderers.length === 0,
    };
  }
  await warnOfSameLanguageVersions(
    [
      ...due.map((input) => ({ ...input, story: storyOfMeta(recordedMeta(manifest, folder, config, input)) })),
      ...inOtherShards.map((other) => ({ ...other, elsewhere: true })),
    ],
    files,
  );

  // One refused for its slug is held too: no edition of it stays.
  const heldListed = listed.filter(isHeld);
  const heldNames = new Set(heldListed.map(({ name }) => name));
  const heldSetChanged = heldChanged(heldBefore, folder, names, heldNames);
  // Read before this run's records replace theirs.
  const heldInShards = heldByShards(heldBefore);
  const holding = recordHeld(heldBefore, folder, heldListed, names, allNames, files, options.shard !== undefined);
  const heldEditions = new Set(
    [...manifest].flatMap(([file, entry]) => (entry.folder === folder && heldNames.has(entry.source) ? [join(config.outDir, file)] : [])),
  );
  // A held story's pictures go with its editions, though a collection not made again names them: an embargo outranks a feed's link.
  const heldBeside = new Set([...manifest.values()].flatMap((entry) => (entry.folder === folder && heldNames.has(entry.source) ? (entry.beside ?? []) : [])));
  // A held article's editions go as a deleted article's do: a story published, then given an embargo, is pulled back.
  const removed = await removeStaleEditions(
    manifest,
    folder,
    listed.filter(({ name }) => !heldNames.has(name)),
    // A folder that could not be read keeps what it published: its articles are not known to be gone.
    new Set([...allNames.filter((name) => !heldNames.has(name)), ...sourcesUnder(manifest, folder, unreadable)]),
    config,
    options.shard,
  );
  await removeUnreferencedBeside(recordedBeside, besideFiles(manifest, records, heldBeside), config.outDir);
  // Pages published or removed here change the versions other source folders' pages name: those are made again now. A shard
  // records only its own articles' editions; it leaves them to their folders' publishes.
  const elsewhereFiles: VFile[] = [];
  if (!options.shard && (written.length > 0 || removed.length > 0) && !options.signal?.aborted) {
    for (const { source, work } of await stalePagesElsewhere(config, manifest, folder, isOtherFolder, configHash)) {
      total += work.length;
      await publishJobs(
        work,
        { ...config, source },
        config.renderers.filter(namesVersions),
        options.jobs,
        (input, outcome) => {
          recordEditions(input, outcome, relative(config.outDir, source));
          if (fatal(outcome.file)) elsewhereFiles.push(outcome.file);
          options.onArticle?.(outcome, ++done, total);
        },
        options.signal,
      );
    }
  }
  const withdrawn = removed.filter((path) => heldEditions.has(path)).length;
  // An article whose editions went (deleted, renamed, or a story pulled back) or came back (released) leaves or joins every
  // collection, not only those --only names (they went on linking its removed page); and so does a story a shard pulled back,
  // since a shard makes no collection.
  const collecting = removed.length > 0 || heldSetChanged || heldInShards ? config.collections : collections;
  // A shard sees only part of the articles: the collections are made by full publishes.
  const collected =
    collecting.length > 0 && !options.shard && unreadable.length === 0
      ? await publishCollections(config, collecting, manifest, records, {
          folder,
          articles: due,
          configHash,
          versionOf: rendererVersion,
          force: options.force,
        })
      : undefined;
  if (collected && collecting === config.collections) heldCollected(heldBefore);
  if (collected) {
    written.push(...collected.written);
    options.onCollections?.(collected.written);
    // The files beside editions that only the collections' files named before they were made again.
    await removeUnreferencedBeside(recordedBeside, besideFiles(manifest, records, heldBeside), config.outDir);
  }
  await saveManifest(config.outDir, manifest, options.shard, records, heldBefore).catch(manifestUnwritable(config.outDir));

  const articleFiles = [...listed.map((input) => files.get(input.name) ?? new VFile({ path: input.path, data: { upToDate: true } })), ...elsewhereFiles];
  const collectionFiles = collected?.files ?? [];
  const folderFiles = unreadable.map(({ folder: unread, code }) => unreadableFolder(join(config.source, unread), code));
  // An article made in this run is published as it is, or has its error; with --only, a changed article may have had no edition selected.
  const changedOutsideCollections =
    collected && options.only ? due.filter((input) => !files.has(input.name) && !publishedAsItIs(manifest, folder, config, input)).length : 0;
  return {
    written,
    files: [...articleFiles, ...folderFiles, ...collectionFiles],
    failed: articleFiles.filter(fatal).length,
    unreadableFolders: unreadable.length,
    collectionsFailed: collectionFiles.filter(fatal).length,
    articles: names.length,
    skipped,
    collectionFiles: collected?.written.length ?? 0,
    collectionFilesUpToDate: collected?.skipped ?? 0,
    collectionFilesUnchanged: collected?.unchanged ?? 0,
    removed,
    withdrawn,
    changedOutsideCollections,
    held: holding,
    interrupted: false,
    collectionsOnly: renderers.length === 0,
  };
}

/** An interrupted run's result but for its articles: no stale edition removed, no collection made. */
const nothingElse = {
  collectionsFailed: 0,
  collectionFiles: 0,
  collectionFilesUpToDate: 0,
  collectionFilesUnchanged: 0,
  unreadableFolders: 0,
  removed: [],
  withdrawn: 0,
  changedOutsideCollections: 0,
} as const;

const fatal = (file: VFile) => file.messages.some((message) => message.fatal);

/** The error a manifest that cannot be saved throws. */
function manifestUnwritable(outDir: string): (error: NodeJS.ErrnoException) => never {
  return (error) => {
    throw new OutputFolderError(
      `${outDir}: the manifest could not be written (${error.code ?? error.message}); the editions written are complete, but the next publish will remake them`,
    );
  };
}

/** Maps items with at most `limit` calls of `map` pending at once; the results keep the items' order. */
async function mapConcurrently<Item, Result>(items: readonly Item[], limit: number, map: (item: Item) => Promise<Result>): Promise<Result[]> {
  const results: Result[] = new Array(items.length);
  let next = 0;
  const lane = async () => {
    for (let index = next++; index < items.length; index = next++) results[index] = await map(items[index] as Item);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  return results;
}

function selectRenderers(config: ResolvedConfig, only: readonly string[] | undefined): Pick<ResolvedConfig, 'renderers' | 'collections'> {
  if (!only) return config;
  const all = [...config.renderers, ...config.collections];
  const unknown = only.filter((name) => !all.some((renderer) => renderer.name === name));
  if (unknown.length > 0) {
    const names = all.map((renderer) => renderer.name);
    const named = (name: string) => {
      const meant = meantName(name, names);
      return meant === undefined ? `"${name}"` : `"${name}" (did you mean "${meant}"?)`;
    };
    throw new UnknownRendererError(`Unknown renderer ${unknown.map(named).join(', ')} in --only; the config has ${names.join(', ')}`);
  }
  return {
    renderers: config.renderers.filter((renderer) => only.includes(renderer.name)),
    collections: config.collections.filter((renderer) => only.includes(renderer.name)),
  };
}

function rendererVersion(renderer: Renderer | CollectionRenderer): string {
  return `${engineVersion}+${renderer.version ?? '0'}`;
}

/** True when the manifest shows this edition was made from these very bytes, images, config and renderer (and story's versions, for a renderer that uses them). */
async function upToDate(
  manifest: Manifest,
  input: Listed & { readonly versionsHash?: string },
  renderer: Renderer,
  configHash: string,
  config: ResolvedConfig,
  present: (file: string) => boolean,
  checked: Map<string, Promise<boolean>>,
  restamped: Map<string, string>,
): Promise<boolean> {
  const file = `${input.slug}${renderer.extension}`;
  const entry = manifest.get(file);
  if (
    // An entry made before the manifest kept the article's metadata is made again, so the collections can list it.
    !entry?.meta ||
    entry.folder !== relative(config.outDir, config.source) ||
    entry.source !== input.name ||
    entry.sourceHash !== input.hash ||
    entry.configHash !== configHash ||
    entry.rendererVersion !== rendererVersion(renderer) ||
    (renderer.uses?.includes('versions') && entry.versionsHash !== input.versionsHash)
  )
    return false;
  if (!present(file) || entry.beside?.some((path) => !existsSync(join(config.outDir, path)))) return false;
  for (const [image, recorded] of Object.entries(entry.images)) {
    const path = join(config.source, image);
    // A refused image (missing, too large, unreadable) whose file was mended since: the edition can show it now.
    if (isRefusedImageState(recorded)) {
      if (refusedImageState(path) !== recorded) return false;
      continue;
    }
    if (!(await imageUnchanged(path, recorded, checked, restamped))) return false;
  }
  return true;
}

/**
 * Whether a shown image's file is as the manifest recorded it (`shownImageState`): by its stamp, or when the stamp
 * differs (or an older manifest has none), by its bytes' hash. Asked once per image and run: an article's editions share it.
 */
function imageUnchanged(path: string, recorded: string, checked: Map<string, Promise<boolean>>, restamped: Map<string, string>): Promise<boolean> {
  const key = `${path}\0${recorded}`;
  let unchanged = checked.get(key);
  if (!unchanged) {
    unchanged = sameImage(path, recorded, (state) => restamped.set(key, state));
    checked.set(key, unchanged);
  }
  return unchanged;
}

/** Whether an image is as recorded; one found so by its bytes, its stamp changed, gets its new state from `restamp`. */
async function sameImage(path: string, recorded: string, restamp: (state: string) => void): Promise<boolean> {
  const [digest = '', ...stamp] = recorded.split(' ');
  const stats = statSync(path, { throwIfNoEntry: false });
  if (!stats) return false;
  if (imageStamp(stats) === stamp.join(' ')) return true;
  const bytes = await readFile(path).catch(() => undefined);
  const same = bytes !== undefined && hash(bytes).slice(0, 16) === digest;
  if (same) restamp(shownImageState(digest, imageStamp(stats)));
  return same;
}

/** The article file of this source folder whose editions the manifest records under this slug; undefined when none is, or several are. */
function publishedUnder(manifest: Manifest, folder: string, config: ResolvedConfig, slug: string): string | undefined {
  const sources = new Set(
    config.renderers.flatMap(({ extension }) => {
      const entry = manifest.get(`${slug}${extension}`);
      return entry?.folder === folder ? [entry.source] : [];
    }),
  );
  return sources.size === 1 ? [...sources][0] : undefined;
}

/** The article of another source folder whose editions the manifest records under this slug, while its file is still there. */
function publishedFromElsewhere(manifest: Manifest, folder: string, config: ResolvedConfig, slug: string): string | undefined {
  for (const { extension } of config.renderers) {
    const entry = manifest.get(`${slug}${extension}`);
    const other = entry && articleElsewhere(entry, folder, config);
    if (other) return other;
  }
  return undefined;
}

/** Whether a source folder the manifest records (relative to the output folder) is another than this run's, not this one by another path (a symlink). */
function otherFolderTest(config: ResolvedConfig, folder: string): (other: string) => boolean {
  const answers = new Map<string, boolean>();
  // A folder gone since its editions were published is not this one.
  const real = (path: string) => {
    try {
      return realpathSync(path);
    } catch {
      return path;
    }
  };
  return (other) => {
    if (other === folder) return false;
    let answer = answers.get(other);
    if (answer === undefined) {
      answer = real(join(config.outDir, other)) !== real(config.source);
      answers.set(other, answer);
    }
    return answer;
  };
}

/**
 * The pages of other source folders' articles whose story's versions are no longer those they name (a version published or
 * removed by this run), by source folder, ready to be made again: only those made with this run's config (the same config
 * file and engine) from their files as they still are. One edited since its folder published it is left to that folder's
 * publish, which would publish the edit: it names the versions as they were until then.
 */
async function stalePagesElsewhere(
  config: ResolvedConfig,
  manifest: Manifest,
  folder: string,
  isOtherFolder: (other: string) => boolean,
  configHash: string,
): Promise<{ source: string; work: Input[] }[]> {
  const pages = config.renderers.filter(namesVersions);
  const all = publishedVersions(
    manifest,
    config.outDir,
    (file) => existsSync(join(config.outDir, file)),
    (other) => other === folder || isOtherFolder(other),
  );
  const now = storyVersions(all);
  const byFolder = new Map<string, Input[]>();
  for (const version of all) {
    if (version.folder === folder) continue;
    const versions = now.get(version);
    const entryOf = (renderer: Renderer) => {
      const entry = manifest.get(`${version.slug}${renderer.extension}`);
      return entry?.folder === version.folder && entry.source === version.name ? entry : undefined;
    };
    const needed = pages.filter((renderer) => {
      const entry = entryOf(renderer);
      return entry && entry.configHash === configHash && entry.versionsHash !== versionsHash(versions);
    });
    const entry = needed[0] && entryOf(needed[0]);
    if (!entry?.sourceStamp) continue;
    const path = join(config.outDir, version.folder, version.name);
    const bytes = await readFile(path).catch(() => undefined);
    if (!bytes || hash(bytes) !== entry.sourceHash) continue;
    const work = byFolder.get(version.folder) ?? [];
    const { slug } = version;
    work.push({
      name: version.name,
      path,
      bytes,
      hash: entry.sourceHash,
      slug,
      slugPlace: entry.sourceStamp.slugPlace,
      stamp: entry.sourceStamp,
      story: version.story,
      versions,
      needed,
    });
    byFolder.set(version.folder, work);
  }
  return [...byFolder].map(([other, work]) => ({ source: join(config.outDir, other), work }));
}

/** The path of the article of another source folder an entry records, while its file is still there. */
function articleElsewhere(entry: ManifestEntry, folder: string, config: ResolvedConfig): string | undefined {
  if (entry.folder === folder) return undefined;
  const other = join(config.outDir, entry.folder, entry.source);
  // The same folder by another path (a symlink to it) is not another folder.
  return existsSync(other) && realpathSync(join(config.outDir, entry.folder)) !== realpathSync(config.source) ? other : undefined;
}

/** True when an edition the manifest records of this article was made from its bytes as they are now (and carries its metadata as now read). */
function publishedAsItIs(manifest: Manifest, folder: string, config: ResolvedConfig, input: Listed): boolean {
  return config.renderers.some(({ extension }) => {
    const entry = manifest.get(`${input.slug}${extension}`);
    return entry?.folder === folder && entry.source === input.name && entry.sourceHash === input.hash;
  });
}

/** The article's metadata as the manifest records it (as the collections list it): from this run when it was read. */
function recordedMeta(manifest: Manifest, folder: string, config: ResolvedConfig, input: SlugClaim): ArticleMeta | undefined {
  for (const { extension } of config.renderers) {
    const entry = manifest.get(`${input.slug}${extension}`);
    if (entry?.folder === folder && entry.source === input.name && entry.meta) return entry.meta;
  }
  return undefined;
}

/** The manifest's entries with a stamp of each article of this source folder, by file name (an article's editions may have been made from different versions). */
function knownSources(manifest: Manifest, folder: string): Map<string, ManifestEntry[]> {
  const known = new Map<string, ManifestEntry[]>();
  for (const entry of manifest.values()) {
    if (entry.folder === folder && entry.sourceStamp) known.set(entry.source, [...(known.get(entry.source) ?? []), entry]);
  }
  return known;
}

/**
 * Removes the editions the manifest recorded that no article publishes any more, and nothing else: those of deleted articles, and
 * those an article left under its old slug once it has an edition under its new one (while its new version has none, its last
 * good editions stay). A file an article of the folder claims is that article's to remake, not to remove: an `--only html` run
 * after an article file was renamed under the same slug keeps its other editions. A shard sees only its own articles, and removes only theirs.
 */
async function removeStaleEditions(
  manifest: Manifest,
  folder: string,
  listed: readonly SlugClaim[],
  present: ReadonlySet<string>,
  config: ResolvedConfig,
  shard?: Shard,
): Promise<string[]> {
  const removed: string[] = [];
  const filesOf = (slug: string) => config.renderers.map(({ extension }) => `${slug}${extension}`);
  const claimed = new Set(listed.flatMap(({ slug }) => filesOf(slug)));
  const isEditionOf = (file: string, name: string) => {
    const entry = manifest.get(file);
    return entry?.folder === folder && entry.source === name;
  };
  const publishedUnderItsSlug = new Set(listed.filter(({ name, slug }) => filesOf(slug).some((file) => isEditionOf(file, name))).map(({ name }) => name));
  const gone = [...manifest].filter(
    ([file, entry]) =>
      entry.folder === folder &&
      (!shard || shardOf(entry.source, shard.count) === shard.index) &&
      !claimed.has(file) &&
      // A renderer no longer in the config: its editions go with their article only.
      (!present.has(entry.source) || (publishedUnderItsSlug.has(entry.source) && config.renderers.some(({ name }) => name === entry.renderer))),
  );
  for (const [file] of gone) manifest.delete(file);
  const kept = keptByFoldedName(claimed);
  for (const [file] of gone) {
    const path = join(config.outDir, file);
    if ((await stat(path).catch(() => undefined))?.isFile() && !(await isKeptUnderAnotherCase(config.outDir, file, kept))) {
      // A nested article's folders go with its last edition, as its pictures' folder goes with its last picture.
      await removeWithEmptyFolders(config.outDir, file);
      removed.push(path);
    }
  }
  return removed;
}

/** The articles the manifest knows in these folders of the source folder (`locked/`). */
function sourcesUnder(manifest: Manifest, folder: string, folders: Listing['unreadable']): string[] {
  if (folders.length === 0) return [];
  return [...manifest.values()].flatMap((entry) =>
    entry.folder === folder && folders.some((unread) => entry.source.startsWith(unread.folder)) ? [entry.source] : [],
  );
}

/** A folder the listing could not read: an error at it, which fails the run and says the fix. */
function unreadableFolder(path: string, code: string): VFile {
  const file = new VFile({ path });
  const message = file.message(
    `This folder, or the link to it, cannot be read (${code}): its articles are not published, their editions published before are kept, and the collections are not made. Let the publish read it, or move it out of the source folder`,
    { ruleId: 'folder-unreadable', source: 'editions' },
  );
  message.fatal = true;
  return file;
}

/**
 * By renderer, the files beside its last edition of the article made from something costly (`BesideFile.madeFrom`) that are on
 * disk as that publish wrote them (by their stamp: a file written again since, or replaced, is made again), with what they were made from.
 */
async function besideOnDisk(manifest: Manifest, input: Listed, outDir: string): Promise<Map<string, Map<string, string>>> {
  const onDisk = new Map<string, Map<string, string>>();
  for (const renderer of input.needed) {
    const made = Object.entries(manifest.get(`${input.slug}${renderer.extension}`)?.made ?? {});
    const files = new Map<string, string>();
    for (const [path, { madeFrom, stamp }] of made) {
      const stats = await stat(join(outDir, path)).catch(() => undefined);
      if (stats?.isFile() && imageStamp(stats) === stamp) files.set(path, madeFrom);
    }
    if (files.size > 0) onDisk.set(renderer.name, files);
  }
  return onDisk;
}

/**
 * Every file the manifest's editions refer to beside them (their images), and those the collections' files may name but `held`
 * (a held story's), relative to the output folder.
 */
function besideFiles(manifest: Manifest, records: CollectionRecords, held: ReadonlySet<string> = new Set()): Set<string> {
  const named = [...records.values()].flatMap((record) => record.named ?? []).filter((file) => !held.has(file));
  return new Set([...[...manifest.values()].flatMap((entry) => entry.beside ?? []), ...named]);
}

/**
 * Removes the files beside editions that the manifest recorded and no edition refers to any more (an image replaced, an
 * edition removed), and their folders once empty. A file the manifest never recorded is not ours: it stays.
 */
async function removeUnreferencedBeside(recorded: ReadonlySet<string>, referenced: ReadonlySet<string>, outDir: string): Promise<void> {
  const kept = keptByFoldedName(referenced);
  for (const file of recorded) if (!referenced.has(file) && !(await isKeptUnderAnotherCase(outDir, file, kept))) await removeWithEmptyFolders(outDir, file);
}
