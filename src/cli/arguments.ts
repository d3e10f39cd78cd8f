import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { meantName } from '../config/meant.js';
import { manifestFile } from '../publish/manifest-name.js';

/*
 * The command line's options, parsed twice: first by the CLI's entry, before
 * anything else is loaded, to decide whether to start the helper thread, then
 * by the command itself.
 */

export const cliOptions = {
  config: { type: 'string' },
  source: { type: 'string' },
  out: { type: 'string' },
  only: { type: 'string' },
  force: { type: 'boolean' },
  shard: { type: 'string' },
  jobs: { type: 'string' },
  watch: { type: 'boolean' },
  preview: { type: 'boolean' },
  port: { type: 'string' },
  stats: { type: 'boolean' },
  help: { type: 'boolean' },
} as const;

export function parseArguments(argv: string[]) {
  try {
    return parseArgs({ args: argv, options: cliOptions, strict: true, allowPositionals: false }).values;
  } catch (error) {
    // Node names the unknown option, not the one meant (`--watc`, `--preveiw`).
    const unknown =
      (error as { code?: string }).code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' ? /^Unknown option '--([^'=]+)/.exec((error as Error).message)?.[1] : undefined;
    const meant = unknown && meantName(unknown, Object.keys(cliOptions));
    if (meant) throw new Error(`Unknown option '--${unknown}' (did you mean --${meant}?)`);
    throw error;
  }
}

/** The options as parsed: their types follow `cliOptions`. */
export type Arguments = ReturnType<typeof parseArguments>;

/**
 * Whether a helper thread for the PDFs is likely to pay, judged from the command line alone: no `--jobs`, PDFs among the
 * editions, and a first publish (no manifest in `--out`, or in `outputs` beside the config when there is no `--out`).
 * The command checks again once it has the config, and stops the thread if the guess was wrong.
 */
export function helperLikely(argv: string[]): boolean {
  let values: Arguments;
  try {
    values = parseArguments(argv);
  } catch {
    return false;
  }
  const only = values.only?.split(',').map((name) => name.trim());
  const out = values.out ?? join(values.config ? dirname(values.config) : '.', 'outputs');
  return !values.help && values.jobs === undefined && (only === undefined || only.includes('pdf')) && !existsSync(join(out, manifestFile()));
}
