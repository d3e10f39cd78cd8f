import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { VFile } from 'vfile';
import type { Written } from '../publish/edition.js';
import type { Article, Renderer } from '../types.js';
import { addMessages, type HelperReply, type HelperRequest, type HelperSetup, rendererFailed, type ThreadConfig, threadFlags } from './protocol.js';

export const helperFile = new URL('./helper-worker.js', import.meta.url);

/**
 * The renderers a second thread mostly takes, by weight, so that both threads
 * finish together (the main thread also parses: it starts with a weight of 1);
 * the main thread takes their editions back when it runs out of work of its
 * own. Empty when a second thread would not pay: one light renderer.
 */
export function helperShare(renderers: readonly Renderer[]): Set<string> {
  const load = { main: 1, helper: 0 };
  const share = new Set<string>();
  for (const renderer of [...renderers].sort((a, b) => (b.weight ?? 1) - (a.weight ?? 1))) {
    if (load.helper < load.main) {
      load.helper += renderer.weight ?? 1;
      share.add(renderer.name);
    } else load.main += renderer.weight ?? 1;
  }
  return share.size < renderers.length || load.helper > 1 ? share : new Set();
}

/**
 * A young generation of 12 MB (semi-spaces of 4 MB) instead of V8's 48: the
 * objects of a PDF live either for a line or for the whole document, so the
 * larger one only held garbage. 300 of the largest READMEs: peak 37 MB lower, the same CPU time.
 * A function: each thread takes the flags this process has when it starts.
 */
const helperOptions = () => ({ execArgv: threadFlags(), resourceLimits: { maxYoungGenerationSizeMb: 12 } });

/** A helper thread started before the config and the articles are read; see `startHelperEarly`. */
let earlyWorker: Worker | undefined;

/**
 * Starts a helper thread now, while this thread loads its modules and reads the
 * config and the articles: Node's own start-up of a thread took a fifth of a
 * second, on the helper's critical path. The first EditionHelper takes it with
 * its setup; if none does, it does not keep the process alive.
 */
export function startHelperEarly(): void {
  if (earlyWorker || availableParallelism() < 2) return;
  const worker = new Worker(helperFile, helperOptions());
  worker.unref();
  // A thread that fails before it is taken is dropped: the EditionHelper starts another, and hears why.
  const drop = () => {
    if (earlyWorker === worker) earlyWorker = undefined;
  };
  worker.once('error', drop);
  worker.once('exit', drop);
  earlyWorker = worker;
}

/**
 * A worker thread that renders editions of articles the main thread has parsed
 * (the PDFs, mostly), while the main thread parses the next and renders the
 * others. It loads the modules and fonts of the renderers it mostly takes while
 * the main thread is still parsing the first article: even one article gets
 * both cores. The thread renders one article at a time, in the order sent, so
 * when it dies (out of memory on one huge article, say) the oldest article
 * waiting is the one that killed it: that one fails, and the others go to a new thread.
 */
export class EditionHelper {
  private worker: Worker | undefined;
  /** Requests sent and not yet answered, oldest first (a Map keeps insertion order). */
  private readonly waiting = new Map<number, { request: HelperRequest; resolve(reply: HelperReply): void; reject(error: Error): void }>();
  private requests = 0;
  private closed = false;

  constructor(
    private readonly setup: ThreadConfig,
    private readonly warmed: ReadonlySet<string>,
  ) {
    this.start(earlyWorker);
    earlyWorker = undefined;
  }

  /** Articles sent and not yet answered. */
  get pending(): number {
    return this.waiting.size;
  }

  /** Renders and writes these editions of the article (claimed first), their messages added to `file`; never rejects. */
  async render(article: Article, renderers: readonly Renderer[], file: VFile): Promise<Written[]> {
    const request: HelperRequest = { id: this.requests++, article, renderers: renderers.map((renderer) => renderer.name) };
    const failed = (error: Error): HelperReply => ({
      id: request.id,
      written: [],
      messages: request.renderers.map((name) => rendererFailed(name, article.slug, error)),
    });
    const reply = this.closed
      ? failed(new Error('the helper thread was closed'))
      : await new Promise<HelperReply>((resolve, reject) => {
          this.waiting.set(request.id, { request, resolve, reject });
          (this.worker ?? this.start()).postMessage(request);
        }).catch(failed);
    addMessages(file, reply.messages);
    return reply.written;
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.worker?.terminate();
  }

  /** Takes the early thread or starts one; its first message is its setup, requests follow. */
  private start(early?: Worker): Worker {
    const worker = early ?? new Worker(helperFile, helperOptions());
    worker.ref();
    worker.postMessage({ ...this.setup, renderers: [...this.warmed] } satisfies HelperSetup);
    worker.on('message', (reply: HelperReply) => {
      this.waiting.get(reply.id)?.resolve(reply);
      this.waiting.delete(reply.id);
    });
    // Judged at 'exit', not at 'error': the replies the thread sent before it died arrive first, so they are not blamed for it.
    let death: Error | undefined;
    worker.once('error', (error) => {
      death = error;
    });
    worker.once('exit', (code) => this.lose(worker, death ?? new Error(`the helper thread stopped (exit code ${code})`)));
    this.worker = worker;
    return worker;
  }

  /** A dead thread costs the article it was rendering; the articles queued behind it go to a new thread. */
  private lose(worker: Worker, error: Error): void {
    if (this.worker !== worker) return;
    this.worker = undefined;
    const [rendering, ...queued] = this.waiting.values();
    if (!rendering) return;
    this.waiting.delete(rendering.request.id);
    rendering.reject(error);
    if (this.closed) {
      for (const { reject } of queued) reject(new Error('the helper thread was closed'));
      this.waiting.clear();
      return;
    }
    const next = this.start();
    for (const { request } of queued) next.postMessage(request);
  }
}
