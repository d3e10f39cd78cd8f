import { MessagePort } from 'node:worker_threads';
import { blameRender, failExitInRenders, failStrandedRenders, settledRenderThrew, strayThrew } from '../publish/edition.js';
import { reportUncaughtInThread } from './protocol.js';

/*
 * A worker thread's guard against its user renderers' faults, as the CLI's entry guards the main thread. Imported by the
 * worker threads' entries only.
 *
 * A render that nothing can settle. The thread's message ports, open for its next article, keep its event loop alive, so such
 * a render waited for ever, and the run with it. While the thread renders, its ports no longer hold the loop (unref: their
 * messages still arrive whenever anything else keeps it turning); when it empties, nothing left in the thread can settle the
 * renders still waiting, and 'beforeExit' fails them (failStrandedRenders): the thread replies, its ports hold the loop again,
 * and it takes its next article. No clock is involved: a render that runs, or waits for I/O, a timer or another thread, keeps
 * the loop busy however long it takes. Chosen over checking process.getActiveResourcesInfo() on a timer: that list omits V8's
 * background work (a WebAssembly compile), which Node finishes before it calls the loop empty, and the timer would be a
 * resource of its own.
 *
 * A render's code that throws outside its promise (a timer's callback, a promise nobody awaited) fails that render, and the
 * thread lives on. Once its render has settled, such a throw had killed the thread, and with it the article the thread had
 * gone on to, which was not at fault: it is now reported against its own article and renderer, and the run exits 1. Its
 * process.exit() fails it too (failExitInRenders).
 *
 * At the end of its publish the thread is released (releaseThread), not stopped: it ends when what its renderers' code left
 * pending has run, so a throw after the run's other work is reported too, as in the main thread, which waits for it.
 */

/** Set once the thread's publish has ended (releaseThread): its ports never hold its loop again. */
let released = false;

process.on('beforeExit', failStrandedRenders);
failExitInRenders();

const uncaught = (error: unknown) => {
  const blamed = blameRender(error);
  if (blamed === 'failed') return;
  if (blamed) return reportUncaughtInThread(settledRenderThrew(blamed, error));
  // Released (releaseThread), the thread has no article left to cost: it reports the error as the main thread does, and runs on.
  if (released) return reportUncaughtInThread(strayThrew(error));
  // No render's code threw it: Editions' own error, which the thread dies of, as without this guard (its article fails).
  process.off('uncaughtException', uncaught);
  process.off('unhandledRejection', uncaught);
  setImmediate(() => {
    throw error;
  });
};
process.on('uncaughtException', uncaught);
process.on('unhandledRejection', uncaught);

let renders = 0;
let held: MessagePort[] = [];

/** Every message port holding the thread's event loop: its own, and Tinypool's, which its entry keeps to itself (undocumented, in Node since 0.x). */
function heldPorts(): MessagePort[] {
  const handles = (process as unknown as { _getActiveHandles(): unknown[] })._getActiveHandles();
  return handles.filter((handle): handle is MessagePort => handle instanceof MessagePort);
}

/** Runs `work` (renders and writes) with this thread's message ports not holding its event loop. */
export async function withPortsLoose<T>(work: () => Promise<T>): Promise<T> {
  if (renders++ === 0) {
    held = heldPorts();
    for (const port of held) port.unref();
  }
  try {
    return await work();
  } finally {
    if (--renders === 0 && !released) for (const port of held) port.ref();
  }
}

/**
 * Lets the thread go at the end of its publish, instead of its being stopped: its message ports, the only handles Editions
 * keeps here, no longer hold its event loop, so it lives on while its user renderers' code has something pending (a timer, a
 * socket), as the main thread does with `--jobs 1`, and a throw there is still reported against its article; the main thread
 * waits for it. Resolves once the loop is empty ('beforeExit').
 */
export function releaseThread(): Promise<void> {
  released = true;
  for (const port of heldPorts()) port.unref();
  return new Promise((resolve) => process.once('beforeExit', () => resolve()));
}
