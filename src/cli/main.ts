#!/usr/bin/env node
// V8's tiering for the whole publish, set before any of it runs.
import './tiering.js';
import { startHelperEarly } from '../threads/start.js';
import { helperLikely } from './arguments.js';

/*
 * The entry: it starts the helper thread before it loads the rest of the CLI, so that the thread's start-up and its
 * PDF set-up run on the other core while this one loads, reads the config and parses the first article. Measured on one
 * article, cold, all four editions (each thread's CPU time from /proc/thread-self/schedstat, medians of 11 runs taken in
 * turn): the helper started at 145 ms of this thread's CPU instead of 319, was set up (its start, the PDF renderer,
 * HarfBuzz, the fonts and patterns, the config) at 301 ms of its own, and this thread handed the article over at 429 ms
 * instead of 511 (string-width and vfile-reporter no longer loaded first): the PDF, 130 ms, would start at about 446 ms of
 * a quiet two-core machine's time instead of 592 (under a load of 5 to 8, wall time showed no gain: README, Speed).
 */
const argv = process.argv.slice(2);
if (helperLikely(argv)) startHelperEarly();
const [{ main, uncaughtInPublish, unfinishedPublish }, { failExitInRenders, failStrandedRenders }, { exitCodes }, { onUncaughtInThreads }] = await Promise.all([
  import('./command.js'),
  import('../publish/edition.js'),
  import('./report.js'),
  import('../threads/protocol.js'),
]);

let ended = false;
/** Errors reported outside any article: the exit code is 1 whatever the publish gave. */
let strays = 0;
process.on('beforeExit', () => {
  if (ended) return;
  // The event loop emptied with renders waiting: nothing left can settle them. They fail, and the publish goes on (under --watch and
  // --preview too, whose handles let the loop go while a publish runs: watch.ts; the session then goes on watching).
  if (failStrandedRenders() > 0) return;
  // Still waiting, for something else that never settles: never a silent exit 0 (nor a session that would never publish again).
  ended = true;
  process.stderr.write(unfinishedPublish());
  process.exitCode = exitCodes.failed;
});
// A renderer's asynchronous throw fails its render, not the run (see uncaughtInPublish).
const uncaught = (error: unknown) => {
  const report = uncaughtInPublish(error);
  if (report === undefined) return;
  strays++;
  process.stderr.write(report);
  process.exitCode = exitCodes.failed;
};
process.on('uncaughtException', uncaught);
process.on('unhandledRejection', uncaught);
failExitInRenders();
// The same in a worker thread, which reports it itself (see threads/render-faults.ts).
onUncaughtInThreads(() => {
  strays++;
  process.exitCode = exitCodes.failed;
});
main(argv).then(
  (code) => {
    ended = true;
    process.exitCode = strays > 0 && code === exitCodes.ok ? exitCodes.failed : code;
  },
  (error: unknown) => {
    ended = true;
    process.stderr.write(`editions: ${(error as Error).stack ?? String(error)}\n`);
    process.exitCode = exitCodes.failed;
  },
);
