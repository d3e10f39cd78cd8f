#!/usr/bin/env node
// V8's tiering for the whole publish, set before any of it runs.
import './tiering.js';
import { startHelperEarly } from '../threads/start.js';
import { helperLikely } from './arguments.js';

/*
 * The entry: it starts the helper thread before it loads the rest of the CLI, so that the thread's start-up and its
 * PDF set-up run on the other core while this one loads, reads the config and parses the first article.
 */
const argv = process.argv.slice(2);
if (helperLikely(argv)) startHelperEarly();
const [{ main }, { exitCodes }] = await Promise.all([import('./command.js'), import('./report.js')]);

main(argv).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`editions: ${(error as Error).stack ?? String(error)}\n`);
    process.exitCode = exitCodes.failed;
  },
);
