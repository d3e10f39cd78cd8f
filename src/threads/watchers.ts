import { Worker } from 'node:worker_threads';
import type { WatchReport, WatchRequest } from './protocol.js';
import { threadFlags } from './start.js';

const watcherFile = new URL('./watcher-worker.js', import.meta.url);

/** Paths watched in the watchers' thread, until closed. */
export interface Watching {
  close(): Promise<void>;
}

/**
 * The main thread's side of the watchers' thread (watcher-thread.ts): each change comes as a call, in the order seen. To this
 * thread's event loop the thread is one handle, which `ref` and `unref` make hold the loop or let it go.
 */
export class WatcherThread {
  private readonly worker = new Worker(watcherFile, { execArgv: threadFlags() });
  private readonly changes = new Map<number, (path: string) => void>();
  /** The requests waiting for their answer ('ready', 'closed'), by id. */
  private readonly answers = new Map<number, { resolve: () => void; reject: (error: Error) => void }>();
  private nextId = 0;

  constructor(onError: (error: Error) => void) {
    this.worker.on('message', (report: WatchReport) => {
      if (report.kind === 'change') this.changes.get(report.id)?.(report.path);
      else if (report.kind === 'error') onError(new Error(report.message));
      else {
        this.answers.get(report.id)?.resolve();
        this.answers.delete(report.id);
      }
    });
    this.worker.on('error', onError);
    // A thread that stopped answers nothing any more: what waits for it fails instead of waiting for ever.
    this.worker.once('exit', (code) => {
      for (const answer of this.answers.values()) answer.reject(new Error(`the thread watching the files stopped (exit code ${code})`));
      this.answers.clear();
    });
  }

  /** Watches `paths`, hidden files and folders under `hiddenUnder` left out; resolves once they are listed: from then on every change is a call. */
  async watch(what: { readonly paths: readonly string[]; readonly hiddenUnder?: string }, onChange: (path: string) => void): Promise<Watching> {
    const id = this.nextId++;
    this.changes.set(id, onChange);
    await this.ask({ kind: 'watch', id, ...what });
    return {
      close: () => {
        this.changes.delete(id);
        return this.ask({ kind: 'close', id });
      },
    };
  }

  ref(): void {
    this.worker.ref();
  }

  unref(): void {
    this.worker.unref();
  }

  /** Stops the thread and every watcher in it. */
  async stop(): Promise<void> {
    await this.worker.terminate();
  }

  private ask(request: WatchRequest): Promise<void> {
    return new Promise((resolve, reject) => {
      this.answers.set(request.id, { resolve, reject });
      this.worker.postMessage(request);
    });
  }
}
