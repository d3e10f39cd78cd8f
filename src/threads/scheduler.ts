import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { type ArticleOutcome, type ArticleTask, renderArticle } from '../publish/render.js';
import type { Renderer, ResolvedConfig } from '../types.js';
import { EditionHelper, helperFile, helperShare } from './helper.js';
import { fromOutcomeData, type OutcomeData, type ThreadConfig, threadConfigOf, threadFlags, type WorkerTask } from './protocol.js';

/** An article to publish and the renderers whose editions of it must be made. */
export interface Job extends ArticleTask {
  needed: Renderer[];
}

/** Below this many articles to publish, starting worker threads costs more than it saves. */
const poolThreshold = 24;

/**
 * Publishes the jobs and calls `record` after each, in one of three ways: this
 * thread alone (`jobs` 0 or 1, or one core); this thread and a helper thread
 * taking the heaviest editions (the default on two cores: each thread loads and
 * warms up only its own part); or a pool of `jobs` threads (forced by `jobs`,
 * or the default on more cores once the batch pays for them).
 */
export async function publishJobs<Item extends Job>(
  work: Item[],
  config: ResolvedConfig,
  renderers: readonly Renderer[],
  jobs: number | undefined,
  record: (job: Item, outcome: ArticleOutcome) => void,
): Promise<void> {
  const cores = availableParallelism();
  const setup = threadSetup(config, renderers);
  const threads = jobs ?? (cores > 2 && work.length >= poolThreshold ? Math.min(cores, Math.ceil(work.length / poolThreshold)) : 0);
  if (threads > 1 && setup) return publishInPool(work, config, setup, threads, record);
  const share = jobs === undefined && cores > 1 && setup ? helperShare(neededBy(work)) : new Set<string>();
  const helper = setup && share.size > 0 ? new EditionHelper(setup, share) : undefined;
  try {
    await publishInOrder(work, config, record, helper);
  } finally {
    await helper?.close();
  }
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

/**
 * Publishes article after article in this thread. With a helper, this thread
 * parses the next articles while the helper renders its editions of the last
 * ones. At most 64 are in flight: enough that neither thread waits for the
 * other while the helper sets a 30-page PDF or this thread warms up (16 left
 * both idle a tenth of the time). Long articles are bounded by their bytes too:
 * a parsed article takes about 38 times its source in each thread.
 */
async function publishInOrder<Item extends Job>(
  work: Item[],
  config: ResolvedConfig,
  record: (job: Item, outcome: ArticleOutcome) => void,
  helper?: EditionHelper,
): Promise<void> {
  const inFlight = new Set<Promise<void>>();
  const ahead = helper ? 64 : 1;
  // 300 of the largest READMEs (10–70 kB): 256 kB of source in flight (some 10 MB of trees per thread) peaked 29 MB below 1 MB, in the same CPU time.
  const aheadBytes = 256 * 1024;
  let bytesInFlight = 0;
  for (const job of work) {
    const article = renderArticle(job, job.needed, config, helper).then((outcome) => record(job, outcome));
    inFlight.add(article);
    bytesInFlight += job.bytes.byteLength;
    const settled = () => {
      inFlight.delete(article);
      bytesInFlight -= job.bytes.byteLength;
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
async function publishInPool<Item extends Job>(
  work: Item[],
  config: ResolvedConfig,
  setup: ThreadConfig,
  threads: number,
  record: (job: Item, outcome: ArticleOutcome) => void,
): Promise<void> {
  const { Tinypool } = await import('tinypool');
  const workers = threads - 1;
  const pool = new Tinypool({ filename: workerFile, minThreads: workers, maxThreads: workers, isolateWorkers: false, execArgv: threadFlags() });
  let next = 0;
  const inWorker = async () => {
    for (let job = work[next++]; job; job = work[next++]) {
      const task: WorkerTask = {
        name: job.name,
        path: job.path,
        bytes: job.bytes,
        ...setup,
        renderers: job.needed.map((renderer) => renderer.name),
      };
      record(job, fromOutcomeData((await pool.run(task)) as OutcomeData));
    }
  };
  const inThisThread = async () => {
    for (let job = work[next++]; job; job = work[next++]) record(job, await renderArticle(job, job.needed, config));
  };
  try {
    await Promise.all([...Array.from({ length: workers }, inWorker), inThisThread()]);
  } finally {
    await pool.destroy();
  }
}
