import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError, defaultConfigFile } from '../config/load.js';
import { blameRender, settledRenderThrew, strayThrew } from '../publish/edition.js';
import { OutputFolderError, UnknownRendererError } from '../publish/errors.js';
import { manifestFile, type Shard } from '../publish/manifest.js';
import type { PublishOptions } from '../publish/pipeline.js';
import { dropEarlyHelper, startHelperEarly } from '../threads/start.js';
import { type Arguments, parseArguments } from './arguments.js';
import { exitCodes } from './report.js';
import { cliConfig, publishUntilStopped } from './session.js';

const usage = `Usage: npm run publish -- [options]

  --config FILE   config file (default: ${defaultConfigFile}, or .mts, .js or .mjs, when present)
  --source DIR    folder of Markdown articles (overrides the config)
  --out DIR       folder for the editions (overrides the config)
  --only LIST     renderer names to run, comma-separated, e.g. html,pdf
  --force         remake every edition, even those that are up to date
  --shard I/N     publish only part I of N of the articles (for CI matrices, indexed jobs)
  --jobs N        a pool of N threads, this one included (default: on two cores, a second
                  thread for the heaviest editions; on more, one per core for batches of
                  24 articles or more; 1 or 0: this thread only)
  --watch         publish, then republish what changes until stopped
  --preview       watch, and serve the output folder on http://127.0.0.1:PORT with pages
                  that reload when republished and show their article's messages
  --port N        the preview's port (default 4173; a free one when it is taken)
  --stats         print the CPU time and peak memory of the publish
  --help          show this text`;

class UsageError extends Error {}

function parseShard(value: string | undefined): Shard | undefined {
  if (value === undefined) return undefined;
  const match = /^(\d+)\/(\d+)$/.exec(value);
  const [index, count] = [Number(match?.[1]), Number(match?.[2])];
  if (!match || count < 1 || index < 1 || index > count) throw new UsageError(`--shard takes I/N with 1 ≤ I ≤ N, e.g. --shard 2/4; got "${value}"`);
  return { index, count };
}

function parseJobs(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value)) throw new UsageError(`--jobs takes a whole number of worker threads, e.g. --jobs 2; got "${value}"`);
  return Number(value);
}

/** The renderers `--only` names; naming none (an empty variable in a CI script) is a mistake, not a publish of nothing that succeeds. */
function parseOnly(value: string | undefined): string[] | undefined {
  const names = value
    ?.split(',')
    .map((name) => name.trim())
    .filter(Boolean);
  if (names?.length === 0) throw new UsageError(`--only takes renderer names, comma-separated, e.g. --only html,pdf; got "${value}"`);
  return names;
}

export async function main(argv: string[]): Promise<number> {
  let values: Arguments;
  let options: PublishOptions;
  try {
    values = parseArguments(argv);
    options = {
      only: parseOnly(values.only),
      force: values.force,
      shard: parseShard(values.shard),
      jobs: parseJobs(values.jobs),
    };
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${usage}\n`);
    return exitCodes.usage;
  }
  if (values.help) {
    process.stdout.write(`${usage}\n`);
    return exitCodes.ok;
  }
  try {
    const config = await cliConfig(values);
    // Without --jobs a publish may take a helper thread: it starts now (if the entry has not started it already), while the articles are
    // read, unless the output folder has a manifest: a republish mostly finds its editions up to date, and a thread started for nothing
    // cost 1,000 unchanged articles 0.54 s of CPU against 0.44 s, and 0.91–1.00 s of wall time against 0.72–0.77 s (three runs each, in turn).
    if (options.jobs === undefined && !existsSync(join(config.outDir, manifestFile()))) startHelperEarly();
    else dropEarlyHelper();
    if (!existsSync(config.source)) throw new UsageError(`${config.source}: source folder not found; create it or pass --source DIR`);
    if (!statSync(config.source).isDirectory())
      throw new UsageError(`${config.source}: not a folder; pass the folder of the articles as --source DIR (every article in it is published)`);
    if (values.port !== undefined && !(/^\d{1,5}$/.test(values.port) && Number(values.port) <= 65535))
      throw new UsageError(`--port takes a port number from 0 to 65535, e.g. --port 4173; got "${values.port}"`);
    if (values.preview) {
      const { preview } = await import('./preview.js');
      return await preview(values, options, config);
    }
    if (values.watch) {
      const { watch } = await import('./watch.js');
      return await watch(values, options, config);
    }
    return await publishUntilStopped(config, options, values.stats);
  } catch (error) {
    if (error instanceof OutputFolderError) {
      process.stderr.write(`${error.message}\n`);
      return exitCodes.failed;
    }
    if (error instanceof ConfigError || error instanceof UsageError || error instanceof UnknownRendererError) {
      process.stderr.write(`${error.message}\n`);
      return exitCodes.usage;
    }
    throw error;
  }
}

/**
 * Why the process is ending before the publish did: Node ends a process whose event loop is empty, and a promise the publish
 * waits for that never settles, and is no render's (those fail, and the publish goes on: see main.ts), left it so, exiting 0
 * with the editions unwritten.
 */
export function unfinishedPublish(): string {
  return 'editions: the publish stopped before it ended: a promise it waited for never settled, and nothing else was left to run; nothing more was written\n';
}

/**
 * An uncaught exception or unhandled rejection in this thread. A renderer's code that threw it (a timer's callback, a promise
 * nobody awaited) fails that render, and the publish goes on: undefined. Otherwise what to report, and the run is to exit 1:
 * a render that had already settled, or an error no render's code threw (a bug in Editions), never swallowed.
 */
export function uncaughtInPublish(error: unknown): string | undefined {
  const blamed = blameRender(error);
  if (blamed === 'failed') return undefined;
  if (blamed) return settledRenderThrew(blamed, error);
  return strayThrew(error);
}
