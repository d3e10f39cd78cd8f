import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { VFile } from 'vfile';
import { renderEditions, renderOnly, writeEditions } from '../publish/edition.js';
import { type ArticleOutcome, type ArticleTask, loadReader, outcomeOf, type Reader, readSafely, renderArticle, type Told } from '../publish/render.js';
import type { Article, Renderer, ResolvedConfig } from '../types.js';
import { EditionHelper, helperShare, type Sent } from './helper.js';
import {
  addMessages,
  fromOutcomeData,
  type HelperEditions,
  type OutcomeData,
  rendererFailed,
  type ThreadConfig,
  threadConfigOf,
  type WorkerTask,
} from './protocol.js';
import { dropEarlyHelper, helperFile, threadFlags } from './start.js';

/** An article to publish and the renderers whose editions of it must be made. */
export interface Job extends ArticleTask {
  /** The slug it claims before it is parsed (the file's name, or its front matter's `slug`). */
  readonly slug: string;
  needed: Renderer[];
}

/** Below this many articles to publish, starting worker threads costs more than it saves. */
const poolThreshold = 24;

/**
 * Publishes the jobs and calls `record` after each, in one of three ways: this
 * thread alone (`jobs` 0 or 1, or one core); this thread and a helper thread
 * taking the heaviest editions (the default on two cores: each thread loads and
 * warms up only its own part); or a pool of `jobs` threads (forced by `jobs`,
 * or the default on more cores once the batch pays for them). Once `stop` is aborted no article is started: those begun
 * are finished and recorded (but for the helper's editions it has not started, dropped), and it resolves.
 */
export async function publishJobs<Item extends Job>(
  work: Item[],
  config: ResolvedConfig,
  renderers: readonly Renderer[],
  jobs: number | undefined,
  record: (job: Item, outcome: ArticleOutcome) => void,
  stop?: AbortSignal,
): Promise<void> {
  const cores = availableParallelism();
  const setup = threadSetup(config, renderers);
  const threads = jobs ?? (cores > 2 && work.length >= poolThreshold ? Math.min(cores, Math.ceil(work.length / poolThreshold)) : 0);
  const share = jobs === undefined && cores > 1 && setup ? helperShare(neededBy(work)) : new Set<string>();
  // A helper thread the CLI started early, on a guess, is stopped when this batch takes none: it would set up the PDFs for nothing.
  if (!setup || threads > 1 || share.size === 0) dropEarlyHelper();
  if (threads > 1 && setup) return publishInPool(work, config, setup, threads, record, stop);
  if (!setup || share.size === 0) return publishInOrder(work, config, record, stop);
  const helper = new EditionHelper(setup, share, work.length);
  try {
    await publishWithHelper(work, config, record, helper, share, stop);
  } finally {
    await helper.close();
  }
}

/**
 * An article whose worker thread died (an uncaught exception in a renderer's callback, running out of memory) or failed it:
 * each of its editions fails, and Tinypool starts a new thread for the articles after it, as the helper thread's death costs
 * only the article it had claimed.
 */
function lostWith(job: Job, error: Error): ArticleOutcome {
  // Its thread took every edition of it down: each says so, not that its own renderer threw.
  const lost = Object.assign(new Error(`its worker thread failed: ${error.message}`), { stack: error.stack });
  const file = new VFile({ path: job.path });
  addMessages(
    file,
    job.needed.map((renderer) => rendererFailed(renderer.name, job.slug, lost)),
  );
  return outcomeOf(file, undefined, []);
}

/** The pool's entry, beside the compiled bundle (`dist/worker.js`); under a test runner there is none, and no thread starts. */
const workerFile = fileURLToPath(new URL('./worker.js', import.meta.url));

/** Every renderer some article of the batch needs, in the config's order. */
function neededBy(work: readonly Job[]): Renderer[] {
  return [...new Set(work.flatMap((job) => job.needed))];
}

/** How threads rebuild the config, when they can: from compiled code, for a config file or renderers the registry made. */
function threadSetup(config: ResolvedConfig, renderers: readonly Renderer[]): ThreadConfig | undefined {
  return existsSync(workerFile) && existsSync(helperFile) ? threadConfigOf(config, renderers) : undefined;
}

/** Publishes article after article in this thread alone. */
async function publishInOrder<Item extends Job>(
  work: Item[],
  config: ResolvedConfig,
  record: (job: Item, outcome: ArticleOutcome) => void,
  stop: AbortSignal | undefined,
): Promise<void> {
  for (const job of work) {
    if (stop?.aborted) return;
    record(job, await renderArticle(job, job.needed, config));
  }
}

/** Editions of a parsed article, sent to the helper, that this thread may still take back. */
interface Untaken {
  readonly article: Article;
  readonly told: Told;
  readonly file: VFile;
  readonly renderers: readonly Renderer[];
  readonly sent: Sent;
  /** Settles with what the thread that renders them rendered, and wrote if it was the helper. */
  readonly done: (rendering: Promise<HelperEditions>) => void;
}

/**
 * This thread and a helper thread, working from one queue. This thread parses
 * each article once and renders the light editions at once; the editions in the
 * helper's share (the PDFs) are sent to the helper as soon as the article is
 * parsed, and queued here too. Whichever thread claims them first renders them
 * (see EditionHelper): the helper as it starts them, oldest first, this thread,
 * newest first, whenever it has nothing else to do: when every article is
 * parsed, or while it may not parse more. So the helper never waits for this
 * thread's event loop (a long parse, or a PDF this thread is setting, holds it),
 * with `--only pdf` both threads set PDFs, and neither waits while the other has
 * work it has not started. 50 articles `--only pdf`, CPU profiles of three runs each,
 * the threads' idle time (main, helper): sent two ahead and taken back only if not sent,
 * 229/1085, 335/513, 458/573 ms; six ahead 269/440, 130/442, 166/382 ms; all at once 222/253,
 * 250/164, 95/110 ms. Taken longest first (so that a batch ends on short ones), the
 * helper waited for the first, long parse: 226/1044, 499/557, 449/281 ms; the articles keep their order.
 * At most 64 articles are parsed and unpublished: enough that neither thread waits for the
 * other while the helper sets a 30-page PDF or this thread warms up (16 left
 * both idle a tenth of the time). Long articles are bounded by their bytes too:
 * a parsed article takes about 38 times its source in each thread (and is copied to the helper).
 */
async function publishWithHelper<Item extends Job>(
  work: Item[],
  config: ResolvedConfig,
  record: (job: Item, outcome: ArticleOutcome) => void,
  helper: EditionHelper,
  share: ReadonlySet<string>,
  stop: AbortSignal | undefined,
): Promise<void> {
  const queue: Untaken[] = [];

  /** Parses the article here, sends and queues its shared editions, renders the others here; resolves once it is recorded. */
  const publishOne = async (job: Item, reader: Reader) => {
    const { file, article } = readSafely(reader, job, config);
    if (!article) return record(job, outcomeOf(file, undefined, []));
    const shared = job.needed.filter((renderer) => share.has(renderer.name));
    const taken =
      shared.length === 0
        ? Promise.resolve({ rendered: [], written: [] })
        : new Promise<HelperEditions>((resolve, reject) => {
            const untaken: Untaken = {
              article,
              told: job,
              file,
              renderers: shared,
              sent: helper.send(article, { versions: job.versions, besideOnDisk: job.besideOnDisk }, shared, file),
              done: (rendering) => rendering.then(resolve, reject),
            };
            queue.push(untaken);
            untaken.sent.reply.then((editions) => {
              // Undefined: this thread took them back, and renders them.
              if (!editions) return;
              // Still queued unless this thread, looking for work, found them claimed.
              if (queue.includes(untaken)) queue.splice(queue.indexOf(untaken), 1);
              untaken.done(Promise.resolve(editions));
            });
          });
    const local = job.needed.filter((renderer) => !share.has(renderer.name));
    // The shared editions are written here as soon as they are rendered, whichever thread rendered them (but the helper's largest).
    const writing = taken.then(async ({ rendered, written }) => [...written, ...(await writeEditions(rendered, file, config))]);
    const [mine, theirs] = await Promise.all([renderEditions(article, file, local, config, job), writing]);
    record(job, outcomeOf(file, article, [...mine, ...theirs]));
  };

  /** Renders here the newest queued editions the helper has not started; false when it has started them all, or is not set up yet. */
  const takeNewest = async (): Promise<boolean> => {
    if (!helper.answered) return false;
    for (let newest = queue.pop(); newest; newest = queue.pop()) {
      // Claimed by the helper: its reply settles them.
      if (!helper.takeBack(newest.sent)) continue;
      // Rendered, not written: the next is taken while these are flushed to disk.
      const rendering = renderOnly(newest.article, newest.file, newest.renderers, config, newest.told);
      newest.done(rendering.then((rendered) => ({ rendered, written: [] })));
      await rendering;
      return true;
    }
    return false;
  };

  /** Once stopped: the queued editions the helper has not started are not made (their article is recorded without them), so that a stop waits only for the editions begun. */
  const dropUnstarted = () => {
    for (let newest = queue.pop(); newest; newest = queue.pop()) if (helper.takeBack(newest.sent)) newest.done(Promise.resolve({ rendered: [], written: [] }));
  };

  const inFlight = new Set<Promise<void>>();
  // 300 of the largest READMEs (10–70 kB): 256 kB of source in flight (some 10 MB of trees per thread) peaked 29 MB below 1 MB, in the same CPU time.
  const aheadBytes = 256 * 1024;
  let bytesInFlight = 0;
  const full = () => inFlight.size >= 64 || (inFlight.size > 1 && bytesInFlight >= aheadBytes);
  const waitOrTake = async () => {
    if (!(await takeNewest())) await Promise.race(inFlight);
  };
  const reader = await loadReader();
  for (const job of work) {
    while (full() && !stop?.aborted) await waitOrTake();
    if (stop?.aborted) break;
    const article = publishOne(job, reader);
    inFlight.add(article);
    bytesInFlight += job.bytes.byteLength;
    const settled = () => {
      inFlight.delete(article);
      bytesInFlight -= job.bytes.byteLength;
    };
    article.then(settled, settled);
    // A turn of the event loop between two articles: the helper's replies come in, and its articles are recorded.
    await new Promise(setImmediate);
  }
  while (inFlight.size > 0) {
    if (stop?.aborted) {
      dropUnstarted();
      await Promise.race(inFlight);
    } else await waitOrTake();
  }
}

/**
 * Publishes with `threads` threads: this one and `threads - 1` workers, each
 * taking the next article as it finishes one. This thread works too, so a
 * two-core machine holds one extra copy of the fonts and processors, not two.
 */
async function publishInPool<Item extends Job>(
  work: Item[],
  config: ResolvedConfig,
  setup: ThreadConfig,
  threads: number,
  record: (job: Item, outcome: ArticleOutcome) => void,
  stop: AbortSignal | undefined,
): Promise<void> {
  const { Tinypool } = await import('tinypool');
  const workers = threads - 1;
  const pool = new Tinypool({
    filename: workerFile,
    minThreads: workers,
    maxThreads: workers,
    isolateWorkers: false,
    execArgv: threadFlags(),
    teardown: 'release',
  });
  const failOnSilentExit = silentExitsFailed(pool);
  let next = 0;
  const inWorker = async () => {
    for (let job = work[next++]; job && !stop?.aborted; job = work[next++]) {
      failOnSilentExit();
      const task: WorkerTask = {
        name: job.name,
        path: job.path,
        bytes: job.bytes,
        versions: job.versions,
        besideOnDisk: job.besideOnDisk,
        ...setup,
        renderers: job.needed.map((renderer) => renderer.name),
      };
      const outcome = await pool.run(task).then(
        (data: OutcomeData) => fromOutcomeData(data),
        (error: Error) => lostWith(job, error),
      );
      record(job, outcome);
    }
  };
  const inThisThread = async () => {
    for (let job = work[next++]; job && !stop?.aborted; job = work[next++]) record(job, await renderArticle(job, job.needed, config));
  };
  try {
    await Promise.all([...Array.from({ length: workers }, inWorker), inThisThread()]);
  } finally {
    failOnSilentExit.closing = true;
    // Each thread first runs what its renderers' code left pending (pool-worker.ts), as the helper thread does (EditionHelper.close):
    // the publish ends now, and this thread's event loop, held by the threads, waits for them to be stopped.
    for (const thread of pool.threads) thread.ref?.();
    void pool.destroy();
  }
}

/**
 * Tinypool hears a thread's 'error', not its exit: a thread that stopped without an error (a native module's exit()) left its
 * article waiting for ever, and the publish ended unfinished. Each of the pool's threads, when called (before each task: a
 * thread that replaced a dead one is watched before it is given one), is made to say such an exit as an error, which fails its
 * article and starts a new thread.
 */
function silentExitsFailed(pool: InstanceType<typeof import('tinypool').Tinypool>): (() => void) & { closing: boolean } {
  const watched = new WeakSet<object>();
  const watch = Object.assign(
    () => {
      for (const thread of pool.threads) {
        if (watched.has(thread)) continue;
        watched.add(thread);
        let erred = false;
        thread.once('error', () => {
          erred = true;
        });
        thread.once('exit', (code: number) => {
          if (!erred && !watch.closing) thread.emit('error', new Error(`its thread stopped (exit code ${code})`));
        });
      }
    },
    { closing: false },
  );
  return watch;
}
