import type { Worker } from 'node:worker_threads';
import type { VFile } from 'vfile';
import type { Told } from '../publish/render.js';
import type { Article, Renderer } from '../types.js';
import {
  addMessages,
  claims,
  type HelperEditions,
  type HelperRelease,
  type HelperReply,
  type HelperRequest,
  type HelperSetup,
  rendererFailed,
  type ThreadConfig,
} from './protocol.js';
import { startHelper, takeEarlyHelper } from './start.js';

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

/** Editions of an article sent to the helper thread: `reply` resolves with what it rendered and wrote, or with undefined once this thread has taken them back. */
export interface Sent {
  readonly id: number;
  readonly reply: Promise<HelperEditions | undefined>;
}

/**
 * A worker thread that renders editions of articles the main thread has parsed
 * (the PDFs, mostly), while the main thread parses the next and renders the
 * others. It loads the modules and fonts of the renderers it mostly takes while
 * the main thread is still parsing the first article: even one article gets
 * both cores.
 *
 * Each article sent has a slot in a shared buffer of claims, and whichever
 * thread claims it first (`Atomics.compareExchange`) renders it: the helper as
 * it starts it, the main thread when it takes it back (`takeBack`). So the
 * helper can be sent every article as soon as it is parsed, and go from one to
 * the next without waiting for the main thread's event loop, while the main
 * thread can still take any it has not started. The thread renders one article at a time, in the
 * order sent, so when it dies (out of memory on one huge article, say) the one
 * article it had claimed and not answered is the one that killed it: that one
 * fails, and those it had not started go to a new thread.
 */
export class EditionHelper {
  private worker: Worker | undefined;
  /** Requests sent and neither answered nor taken back, oldest first (a Map keeps insertion order). */
  private readonly waiting = new Map<number, { request: HelperRequest; resolve(reply: HelperReply | undefined): void; reject(error: Error): void }>();
  /** One slot per request, by id: see `claims`. */
  private readonly claimed: Int32Array;
  private requests = 0;
  private closed = false;
  /** Whether a thread has answered a request: see `answered`. */
  private replied = false;

  /** `capacity`: the most requests this helper will be sent (articles in the batch). */
  constructor(
    private readonly setup: ThreadConfig,
    private readonly warmed: ReadonlySet<string>,
    capacity: number,
  ) {
    this.claimed = new Int32Array(new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT * Math.max(1, capacity)));
    this.start(takeEarlyHelper());
  }

  /** Sends these editions of the article (and what their renderers are told of it) now; their messages are added to `file` when the reply comes. Its reply never rejects. */
  send(article: Article, told: Told, renderers: readonly Renderer[], file: VFile): Sent {
    const request: HelperRequest = { id: this.requests++, article, told, renderers: renderers.map((renderer) => renderer.name) };
    if (request.id >= this.claimed.length) throw new RangeError(`the helper thread was sent more articles than the ${this.claimed.length} it was made for`);
    const failed = (error: Error): HelperReply => ({
      id: request.id,
      rendered: [],
      written: [],
      messages: request.renderers.map((name) => rendererFailed(name, article.slug, error)),
    });
    const answered = this.closed
      ? Promise.resolve(failed(new Error('the helper thread was closed')))
      : new Promise<HelperReply | undefined>((resolve, reject) => {
          this.waiting.set(request.id, { request, resolve, reject });
          const worker = this.worker ?? this.start();
          worker.ref();
          worker.postMessage(request);
        }).catch(failed);
    const reply = answered.then((answer) => {
      if (!answer) return undefined;
      addMessages(file, answer.messages);
      return { rendered: answer.rendered, written: answer.written };
    });
    return { id: request.id, reply };
  }

  /**
   * Whether the helper has answered a request, so that it is set up: until then it is loading what it needs to set the article,
   * which this thread would have to load too, and this thread leaves it its articles.
   */
  get answered(): boolean {
    return this.replied;
  }

  /** Claims a sent article for this thread: true when the helper has not started it (its reply then resolves with undefined), and this thread is to render it. */
  takeBack(sent: Sent): boolean {
    if (Atomics.compareExchange(this.claimed, sent.id, claims.open, claims.main) !== claims.open) return false;
    this.waiting.get(sent.id)?.resolve(undefined);
    this.waiting.delete(sent.id);
    this.holdWhileWaiting();
    return true;
  }

  /**
   * The thread keeps this one's event loop alive only while it owes a reply: idle, it holds nothing, so a render of this
   * thread that nothing can settle empties the loop, and is failed (the CLI's 'beforeExit') instead of waiting for ever.
   */
  private holdWhileWaiting(): void {
    if (this.waiting.size === 0) this.worker?.unref();
  }

  /**
   * Ends the thread's part in the publish. Once it owes nothing it is released, not stopped: it ends when what its renderers'
   * code left pending (a timer) has run, as this thread does with `--jobs 1`, so that a late throw there is reported, and this
   * thread's event loop waits for it. One still owed replies (the publish failed of an error of its own) is stopped at once.
   */
  async close(): Promise<void> {
    this.closed = true;
    if (this.waiting.size > 0) {
      await this.worker?.terminate();
      return;
    }
    this.worker?.postMessage({ release: true } satisfies HelperRelease);
    this.worker?.ref();
  }

  /** Takes the early thread or starts one; its first message is its setup, requests follow. */
  private start(early?: Worker): Worker {
    const worker = early ?? startHelper();
    // Held by send(), while it owes a reply.
    worker.unref();
    worker.postMessage({ ...this.setup, renderers: [...this.warmed], claims: this.claimed.buffer as SharedArrayBuffer } satisfies HelperSetup);
    worker.on('message', (reply: HelperReply) => {
      this.replied = true;
      this.waiting.get(reply.id)?.resolve(reply);
      this.waiting.delete(reply.id);
      this.holdWhileWaiting();
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

  /**
   * A dead thread costs the article it had claimed and not answered; those it had not started go to a new thread. One that
   * died with none claimed (in its start-up, say) costs the oldest waiting, as each death must cost one: a thread that cannot
   * start would otherwise be started again for ever.
   */
  private lose(worker: Worker, error: Error): void {
    if (this.worker !== worker) return;
    this.worker = undefined;
    const ids = [...this.waiting.keys()];
    const culprit = ids.find((id) => Atomics.load(this.claimed, id) === claims.helper) ?? ids[0];
    // Claimed for the dead thread, if it was not: this thread may no longer take it back.
    if (culprit !== undefined) Atomics.compareExchange(this.claimed, culprit, claims.open, claims.helper);
    for (const [id, { reject }] of this.waiting) {
      if (this.closed) reject(new Error('the helper thread was closed'));
      else if (id === culprit) reject(error);
      else continue;
      this.waiting.delete(id);
    }
    if (this.waiting.size === 0) return;
    const next = this.start();
    next.ref();
    for (const { request } of this.waiting.values()) next.postMessage(request);
  }
}
