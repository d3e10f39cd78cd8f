import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';

/*
 * How a helper thread is started, in a module of its own with no dependency
 * beyond Node's: the CLI starts one before it loads anything else.
 */

export const helperFile = new URL('./helper-worker.js', import.meta.url);

/** What an early helper thread is given at its start, before any setup: the renderer it sets up while it waits. */
export interface HelperStart {
  readonly warm?: 'pdf';
}

/**
 * The Node flags a thread is started with: none given, so that it inherits the
 * parent's, which is the only way V8's own (`--max-old-space-size`) reach a
 * thread without stopping it; unless the main thread took one for its own input
 * (`--input-type` with `-e`), which stops a thread that inherits it. Then the
 * others are given, and a V8 flag among them would still stop the thread.
 */
export function threadFlags(): string[] | undefined {
  const args = process.execArgv;
  if (!args.some((flag) => /^(-e|--eval|-p|--print|--input-type)(=|$)/.test(flag))) return undefined;
  const flags: string[] = [];
  for (let index = 0; index < args.length; index++) {
    const flag = args[index] ?? '';
    if (/^(-e|--eval|-p|--print)$/.test(flag)) index++;
    else if (!/^(--input-type|--eval|--print)(=|$)/.test(flag)) flags.push(flag);
  }
  return flags;
}

/**
 * Starts a helper thread, with this process's flags as they are now, and a young
 * generation of 12 MB (semi-spaces of 4 MB) instead of V8's 48: the objects of a
 * PDF live either for a line or for the whole document, so the larger one only
 * held garbage. 300 of the largest READMEs: peak 37 MB lower, the same CPU time.
 */
export function startHelper(start: HelperStart = {}): Worker {
  return new Worker(helperFile, { execArgv: threadFlags(), resourceLimits: { maxYoungGenerationSizeMb: 12 }, workerData: start });
}

/** A helper thread started before the config and the articles are read; see `startHelperEarly`. */
let earlyWorker: Worker | undefined;

/**
 * Starts a helper thread now, before this thread loads its own modules, the
 * config and the articles: Node's start-up of a thread, the PDF renderer's
 * modules, HarfBuzz, fonts and hyphenation patterns then load on the other core
 * while this thread parses the first article. The first EditionHelper takes it
 * with its setup; if none does, it does not keep the process alive.
 */
export function startHelperEarly(): void {
  if (earlyWorker || availableParallelism() < 2) return;
  const worker = startHelper({ warm: 'pdf' });
  worker.unref();
  // A thread that fails before it is taken is dropped: the EditionHelper starts another, and hears why.
  const drop = () => {
    if (earlyWorker === worker) earlyWorker = undefined;
  };
  worker.once('error', drop);
  worker.once('exit', drop);
  earlyWorker = worker;
}

/** Stops the early thread, if one was started and not taken: the publish turned out to need none (a republish). */
export function dropEarlyHelper(): void {
  void earlyWorker?.terminate();
  earlyWorker = undefined;
}

/** The early thread, for the EditionHelper that takes it (once). */
export function takeEarlyHelper(): Worker | undefined {
  const worker = earlyWorker;
  earlyWorker = undefined;
  return worker;
}
