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
const [{ main, unfinishedPublish }, { exitCodes }] = await Promise.all([import('./command.js'), import('./report.js')]);

let ended = false;
// The event loop emptied with the publish still waiting (a render that never settles): never a silent exit 0.
process.once('beforeExit', () => {
  if (ended) return;
  process.stderr.write(unfinishedPublish());
  process.exitCode = exitCodes.failed;
});
main(argv).then(
  (code) => {
    ended = true;
    process.exitCode = code;
  },
  (error: unknown) => {
    ended = true;
    process.stderr.write(`editions: ${(error as Error).stack ?? String(error)}\n`);
    process.exitCode = exitCodes.failed;
  },
);
