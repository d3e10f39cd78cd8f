import { existsSync } from 'node:fs';
import { readdir, readFile, rm, rmdir, stat } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { basename, dirname, extname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { VFile } from 'vfile';
import { buildHash } from './build.js';
import type { DeclaredSlug } from './front-matter-slug.js';
import { EditionHelper, helperFile, helperShare } from './helper.js';
import { hash, loadManifest, type Manifest, type Shard, saveManifest, shardOf } from './manifest.js';
import { articleDone } from './memory.js';
import { type ArticleOutcome, type ArticleTask, fromOutcomeData, type OutcomeData, renderArticle, type Written } from './render.js';
import { type ThreadConfig, threadConfigOf, threadFlags } from './thread-config.js';
import type { Renderer, ResolvedConfig } from './types.js';
import type { WorkerTask } from './worker.js';
import { assertWritable, OutputFolderError, removeStaleTemporaries } from './write.js';

export type { Written } from './render.js';

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
}

export interface PublishResult {
  readonly written: readonly Written[];
  /** One vfile per article, carrying its messages (warnings and errors). */
  readonly files: readonly VFile[];
  /** Articles with at least one error (not published, or an edition failed). */
  readonly failed: number;
  /** Articles in this run (this shard's, when sharded). */
  readonly articles: number;
  /** Editions the manifest showed to be up to date. */
  readonly skipped: number;
  /** Editions removed because their article was deleted. */
  readonly removed: readonly string[];
}

const markdownFile = /\.(md|markdown)$/i;

/** Below this many articles to publish, starting worker threads costs more than it saves. */
const poolThreshold = 24;

/** Part of every renderer's version (so that changed renderer code remakes its editions): the build's hash, or the package version when running from source. */
const engineVersion = buildHash ?? (JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8')).version as string);

interface Input extends ArticleTask {
  readonly slug: string;
  /** Where front matter sets the slug; absent when it comes from the file name. */
  readonly slugPlace?: DeclaredSlug['place'];
  readonly hash: string;
  /** Renderers whose edition of this article must be made. */
  needed: Renderer[];
}

/** Reads every article of the source folder (or shard) once and writes the editions that are not up to date. */
export async function runPipeline(config: ResolvedConfig, options: PublishOptions = {}): Promise<PublishResult> {
  const renderers = selectRenderers(config.renderers, options.only);
  await assertWritable(config.outDir);
  await removeStaleTemporaries(config.outDir);
  const allNames = (await readdir(config.source, { withFileTypes: true }))
    .filter((entry) => entry.isFile() && markdownFile.test(entry.name))
    .map((entry) => entry.name)
    .sort();
  const names = options.shard ? allNames.filter((name) => shardOf(name, options.shard?.count ?? 1) === options.shard?.index) : allNames;

  // A few files open at a time: a folder of thousands of articles must not run out of file descriptors (EMFILE).
  const inputs = await mapConcurrently(names, 16, async (name): Promise<Input> => {
    const path = join(config.source, name);
    const bytes = await readFile(path);
    const declared = await declaredSlug(bytes);
    return { name, path, bytes, hash: hash(bytes), slug: declared?.slug ?? basename(name, extname(name)), slugPlace: declared?.place, needed: [] };
  });
  const files = new Map<string, VFile>();
  const publishable = withoutDuplicateSlugs(inputs, files);

  const manifest = await loadManifest(config.outDir);
  const folder = relative(config.outDir, config.source);
  const configHash = hash(`${engineVersion}\0${config.file ? await readFile(config.file, 'utf8') : 'built-in'}`);
  let skipped = 0;
  for (const input of publishable) {
    for (const renderer of renderers) {
      if (!options.force && (await upToDate(manifest, input, renderer, configHash, config))) skipped++;
      else input.needed.push(renderer);
    }
  }

  const work = publishable.filter((input) => input.needed.length > 0);
  const written: Written[] = [];
  let done = 0;
  const record = (input: Input, outcome: ArticleOutcome) => {
    files.set(input.name, outcome.file);
    written.push(...outcome.written);
    for (const edition of outcome.written) {
      const renderer = input.needed.find((item) => item.name === edition.renderer) as Renderer;
      manifest.set(basename(edition.path), {
        folder,
        source: input.name,
        sourceHash: input.hash,
        images: outcome.images,
        configHash,
        renderer: renderer.name,
        rendererVersion: rendererVersion(renderer),
        beside: edition.beside,
      });
    }
    options.onArticle?.(outcome, ++done, work.length);
    articleDone();
  };
  const cores = availableParallelism();
  const setup = threadSetup(config, renderers);
  // On two cores, a helper thread beats a pool: each thread loads and warms up only its own part (parsing, or the PDFs).
  const jobs = options.jobs ?? (cores > 2 && work.length >= poolThreshold ? Math.min(cores, Math.ceil(work.length / poolThreshold)) : 0);
  if (jobs > 1 && setup) await publishInPool(work, config, setup, jobs, record);
  else {
    const share = options.jobs === undefined && cores > 1 && setup ? helperShare(neededBy(work)) : new Set<string>();
    const helper = setup && share.size > 0 ? new EditionHelper(setup, share) : undefined;
    try {
      await publishInOrder(work, config, record, helper);
    } finally {
      await helper?.close();
    }
  }

  const removed = await removeEditionsOfDeletedArticles(manifest, folder, new Set(allNames), config, options.shard);
  await saveManifest(config.outDir, manifest, options.shard).catch((error: NodeJS.ErrnoException) => {
    throw new OutputFolderError(
      `${config.outDir}: the manifest could not be written (${error.code ?? error.message}); the editions written are complete, but the next publish will remake them`,
    );
  });

  const fileList = inputs.map((input) => files.get(input.name) ?? new VFile({ path: input.path }));
  const failed = fileList.filter((file) => file.messages.some((message) => message.fatal)).length;
  return { written, files: fileList, failed, articles: names.length, skipped, removed };
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

/** `--only` named a renderer the config does not have. */
export class UnknownRendererError extends Error {}

function selectRenderers(renderers: readonly Renderer[], only: readonly string[] | undefined): readonly Renderer[] {
  if (!only) return renderers;
  const unknown = only.filter((name) => !renderers.some((renderer) => renderer.name === name));
  if (unknown.length > 0) {
    throw new UnknownRendererError(
      `Unknown renderer ${unknown.map((name) => `"${name}"`).join(', ')} in --only; the config has ${renderers.map((renderer) => renderer.name).join(', ')}`,
    );
  }
  return renderers.filter((renderer) => only.includes(renderer.name));
}

/**
 * The slug front matter sets, read before parsing so that two articles that
 * would write the same files are caught before either is written (and an
 * incremental run knows an article's editions without parsing it). Only the
 * front matter block is parsed here, as YAML, with the reader's library and
 * options, so `"slug": x` and `'slug': x` count as the reader counts them.
 */
async function declaredSlug(bytes: Uint8Array): Promise<DeclaredSlug | undefined> {
  const text = Buffer.from(bytes.subarray(0, 64 * 1024))
    .toString('utf8')
    .replace(/^\uFEFF/, '');
  // The fences as remark-frontmatter reads them: `---` lines, spaces or tabs after them allowed, the closing one possibly last in the file.
  const opening = /^---[ \t]*\r?\n/.exec(text);
  if (!opening) return undefined;
  const closing = /^---[ \t]*(?:\r?\n|$)/m.exec(text.slice(opening[0].length));
  const block = closing ? text.slice(opening[0].length, opening[0].length + closing.index) : undefined;
  // A key spells "slug" in the text or escapes some of it (`"\x73lug"`); other blocks cannot set one, and are not parsed twice.
  if (block === undefined || !/slug|\\/.test(block)) return undefined;
  // yaml is loaded only for the articles that may set their slug: the reader loads it anyway, but later, in parallel with the helper thread.
  const declared = (await import('./front-matter-slug.js')).slugOf(block);
  // The block starts on the line after the opening fence.
  return declared && { slug: declared.slug, place: { line: declared.place.line + 1, column: declared.place.column } };
}

/** Two articles with one slug: both get an error naming the other, and neither is published. */
function withoutDuplicateSlugs(inputs: Input[], files: Map<string, VFile>): Input[] {
  const bySlug = new Map<string, Input[]>();
  for (const input of inputs) bySlug.set(input.slug, [...(bySlug.get(input.slug) ?? []), input]);
  const clashing = new Set<Input>();
  for (const [slug, group] of bySlug) {
    if (group.length < 2) continue;
    for (const input of group) {
      const file = new VFile({ path: input.path });
      const message = file.message(
        `Slug "${slug}" is used by ${group.map((item) => item.name).join(' and ')}, which would write the same files; none of them is published. Give each article its own \`slug\` in front matter or rename a file`,
        {
          place: input.slugPlace ?? { line: 1, column: 1 },
          ruleId: 'duplicate-slug',
          source: 'editions',
        },
      );
      message.fatal = true;
      files.set(input.name, file);
      clashing.add(input);
    }
  }
  return inputs.filter((input) => !clashing.has(input));
}

function rendererVersion(renderer: Renderer): string {
  return `${engineVersion}+${renderer.version ?? '0'}`;
}

/** True when the manifest shows this edition was made from these very bytes, images, config and renderer. */
async function upToDate(manifest: Manifest, input: Input, renderer: Renderer, configHash: string, config: ResolvedConfig): Promise<boolean> {
  const file = `${input.slug}${renderer.extension}`;
  const entry = manifest.get(file);
  if (
    !entry ||
    entry.folder !== relative(config.outDir, config.source) ||
    entry.source !== input.name ||
    entry.sourceHash !== input.hash ||
    entry.configHash !== configHash ||
    entry.rendererVersion !== rendererVersion(renderer)
  )
    return false;
  if (!existsSync(join(config.outDir, file)) || entry.beside?.some((path) => !existsSync(join(config.outDir, path)))) return false;
  for (const [image, imageHash] of Object.entries(entry.images)) {
    const bytes = await readFile(join(config.source, image)).catch(() => undefined);
    if (!bytes || hash(bytes).slice(0, 16) !== imageHash) return false;
  }
  return true;
}

/** Removes the editions the manifest recorded for articles that are gone, and nothing else. */
async function removeEditionsOfDeletedArticles(
  manifest: Manifest,
  folder: string,
  present: Set<string>,
  config: ResolvedConfig,
  shard?: Shard,
): Promise<string[]> {
  const removed: string[] = [];
  const gone = [...manifest].filter(
    ([, entry]) => entry.folder === folder && !present.has(entry.source) && (!shard || shardOf(entry.source, shard.count) === shard.index),
  );
  for (const [file] of gone) manifest.delete(file);
  // Files beside an edition go with it, unless an edition that stays still refers to them.
  const stillUsed = new Set([...manifest.values()].flatMap((entry) => entry.beside ?? []));
  for (const [file, entry] of gone) {
    const path = join(config.outDir, file);
    if ((await stat(path).catch(() => undefined))?.isFile()) {
      await rm(path, { force: true });
      removed.push(path);
    }
    for (const beside of (entry.beside ?? []).filter((name) => !stillUsed.has(name))) {
      await rm(join(config.outDir, beside), { force: true });
      // Its folder goes when it is left empty (rmdir refuses otherwise).
      if (dirname(beside) !== '.') await rmdir(join(config.outDir, dirname(beside))).catch(() => undefined);
    }
  }
  return removed;
}

const workerFile = fileURLToPath(new URL('./worker.js', import.meta.url));

/** Every renderer some article of the batch needs, in the config's order. */
function neededBy(work: readonly Input[]): Renderer[] {
  return [...new Set(work.flatMap((input) => input.needed))];
}

/** How threads rebuild the config, when they can: from compiled code, for a config file or renderers the registry made. */
function threadSetup(config: ResolvedConfig, renderers: readonly Renderer[]): ThreadConfig | undefined {
  return existsSync(workerFile) && existsSync(helperFile) ? threadConfigOf(config, renderers) : undefined;
}

/**
 * Publishes article after article in this thread. With a helper, this thread
 * parses the next articles while the helper renders its editions of the last
 * ones. At most 64 are in flight: enough that neither thread waits for the
 * other while the helper sets a 30-page PDF or this thread warms up (16 left
 * both idle a tenth of the time). Long articles are bounded by their bytes too:
 * a parsed article takes about 38 times its source in each thread.
 */
async function publishInOrder(
  work: Input[],
  config: ResolvedConfig,
  record: (input: Input, outcome: ArticleOutcome) => void,
  helper?: EditionHelper,
): Promise<void> {
  const inFlight = new Set<Promise<void>>();
  const ahead = helper ? 64 : 1;
  // 300 of the largest READMEs (10–70 kB): 256 kB of source in flight (some 10 MB of trees per thread) peaked 29 MB below 1 MB, in the same CPU time.
  const aheadBytes = 256 * 1024;
  let bytesInFlight = 0;
  for (const input of work) {
    const article = renderArticle(input, input.needed, config, helper).then((outcome) => record(input, outcome));
    inFlight.add(article);
    bytesInFlight += input.bytes.byteLength;
    const settled = () => {
      inFlight.delete(article);
      bytesInFlight -= input.bytes.byteLength;
    };
    article.then(settled, settled);
    while (inFlight.size >= ahead || (inFlight.size > 1 && bytesInFlight >= aheadBytes)) await Promise.race(inFlight);
  }
  await Promise.all(inFlight);
}

/**
 * Publishes with `threads` threads: this one and `threads - 1` workers, each
 * taking the next article as it finishes one. This thread works too, so a
 * two-core machine holds one extra copy of the fonts and processors, not two.
 */
async function publishInPool(
  work: Input[],
  config: ResolvedConfig,
  setup: ThreadConfig,
  threads: number,
  record: (input: Input, outcome: ArticleOutcome) => void,
): Promise<void> {
  const { Tinypool } = await import('tinypool');
  const workers = threads - 1;
  const pool = new Tinypool({ filename: workerFile, minThreads: workers, maxThreads: workers, isolateWorkers: false, execArgv: threadFlags() });
  let next = 0;
  const inWorker = async () => {
    for (let input = work[next++]; input; input = work[next++]) {
      const task: WorkerTask = {
        name: input.name,
        path: input.path,
        bytes: input.bytes,
        ...setup,
        renderers: input.needed.map((renderer) => renderer.name),
      };
      record(input, fromOutcomeData((await pool.run(task)) as OutcomeData));
    }
  };
  const inThisThread = async () => {
    for (let input = work[next++]; input; input = work[next++]) record(input, await renderArticle(input, input.needed, config));
  };
  try {
    await Promise.all([...Array.from({ length: workers }, inWorker), inThisThread()]);
  } finally {
    await pool.destroy();
  }
}
