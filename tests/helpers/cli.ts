import { execFile, spawn } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { projectRoot } from './cases.js';

const execFileAsync = promisify(execFile);

/** The compiled CLI (`npm test` builds it first), as `npm run publish` runs it. */
export const cli = join(projectRoot, 'dist', 'cli.js');

/**
 * The ways the CLI runs an article's editions, by their flags: users' runs take
 * the default, so every test of a whole run goes through each of them.
 */
export const executionModes = {
  // On two cores: the main thread and a helper thread for the heaviest editions.
  default: [],
  'one thread (--jobs 1)': ['--jobs', '1'],
  // Forced on two cores, where the default would take the helper instead.
  'worker pool (--jobs 2)': ['--jobs', '2'],
} as const satisfies Record<string, readonly string[]>;

export type ExecutionMode = keyof typeof executionModes;
export const modeNames = Object.keys(executionModes) as ExecutionMode[];

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs the compiled CLI from the project's folder; resolves with its exit code and output, whatever they are. A run still going
 * after `timeout` ms is killed, and resolves with no exit code: a test of a run that could hang fails instead of hanging the suite.
 */
export function publish(args: readonly string[], env: NodeJS.ProcessEnv = {}, timeout = 0): Promise<CliRun> {
  return run(process.execPath, [cli, ...args], env, timeout);
}

/** The same, run from `folder` (a newsroom's project) rather than this one's: the CLI looks for its config there. */
export function publishIn(folder: string, args: readonly string[]): Promise<CliRun> {
  return run(process.execPath, [cli, ...args], {}, 0, folder);
}

/** The same, with the process's resident memory sampled (tests/helpers/peak-memory.mjs): the run, its peak and what it exited with, in megabytes. */
export async function publishSamplingMemory(args: readonly string[]): Promise<CliRun & { readonly peakMegabytes: number; readonly exitMegabytes: number }> {
  const result = await run(process.execPath, ['--import', join(projectRoot, 'tests', 'helpers', 'peak-memory.mjs'), cli, ...args], {});
  const megabytes = (name: string) => Number(new RegExp(`^${name} rss (\\d+)$`, 'm').exec(result.stderr)?.[1]) / 1024 / 1024;
  return { ...result, peakMegabytes: megabytes('peak'), exitMegabytes: megabytes('exit') };
}

/** The same, in a shell that allows the CLI at most `limit` open files (`ulimit -n`). */
export function publishWithOpenFiles(limit: number, args: readonly string[]): Promise<CliRun> {
  const quoted = [process.execPath, cli, ...args].map((word) => `'${word.replaceAll("'", "'\\''")}'`).join(' ');
  return run('sh', ['-c', `ulimit -n ${limit} && exec ${quoted}`], {});
}

/** The same under strace: the system calls in `calls` of every thread, written to `log`. */
export function publishUnderStrace(log: string, calls: string, args: readonly string[]): Promise<CliRun> {
  return run('strace', ['-f', '-qq', '-e', `trace=${calls}`, '-o', log, process.execPath, cli, ...args], {});
}

async function run(file: string, argv: readonly string[], env: NodeJS.ProcessEnv, timeout = 0, cwd = projectRoot): Promise<CliRun> {
  try {
    const { stdout, stderr } = await execFileAsync(file, argv, {
      cwd,
      env: { ...process.env, ...env },
      maxBuffer: 64 * 1024 * 1024,
      timeout,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

/** The compiled CLI as a long-running process (`--watch`, `--preview`), its stdout and stderr gathered in one text. */
export function startCli(args: readonly string[], env: NodeJS.ProcessEnv = {}) {
  const child = spawn(process.execPath, [cli, ...args], { cwd: projectRoot, env: { ...process.env, ...env } });
  const output = { text: '' };
  child.stdout.on('data', (chunk) => {
    output.text += chunk;
  });
  child.stderr.on('data', (chunk) => {
    output.text += chunk;
  });
  return { child, output };
}

/**
 * Resolves once a session's (`--watch`, `--preview`) last publish has printed its summary and nothing has followed for half a
 * second: a Ctrl-C then ends a session that cut no publish short (exit 0), where one during a publish stops it (exit 130).
 */
export function idle(output: { text: string }): Promise<void> {
  return new Promise((resolve, reject) => {
    const deadline = Date.now() + 60_000;
    let seen = output.text;
    let since = Date.now();
    const check = () => {
      if (output.text !== seen) [seen, since] = [output.text, Date.now()];
      if (/ written in [^\n]*\n$/.test(seen) && Date.now() - since >= 500) resolve();
      else if (Date.now() > deadline) reject(new Error(`timed out waiting for the publish to end:\n${output.text}`));
      else setTimeout(check, 20);
    };
    check();
  });
}
