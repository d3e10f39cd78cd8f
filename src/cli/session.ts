import { constants } from 'node:os';
import { resolve } from 'node:path';
import { defaultRenderers } from '../config/defaults.js';
import { foundConfigFile, loadConfig, resolveConfig } from '../config/load.js';
import { type PublishOptions, type PublishResult, runPipeline } from '../publish/pipeline.js';
import type { ResolvedConfig } from '../types.js';
import { Progress } from './progress.js';
import { collectionsWarning, exitCode, interruptedLine, messages, summary, writtenLines } from './report.js';

/** The CLI's folder and config choices. */
export interface ConfigChoice {
  readonly config?: string;
  readonly source?: string;
  readonly out?: string;
}

/** The config file (or the built-in renderers), with --source and --out applied. */
export async function cliConfig(values: ConfigChoice): Promise<ResolvedConfig> {
  const file = values.config ?? foundConfigFile();
  const config = file ? await loadConfig(file) : resolveConfig({ renderers: await defaultRenderers() });
  return { ...config, source: values.source ? resolve(values.source) : config.source, outDir: values.out ? resolve(values.out) : config.outDir };
}

/** One publish: lines as files are written, then messages and a summary, unless `summarize` says the result needs none. */
export async function publishOnce(
  config: ResolvedConfig,
  options: PublishOptions,
  stats = false,
  onResult?: (result: PublishResult) => void,
  summarize: (result: PublishResult) => boolean = () => true,
): Promise<number> {
  const started = performance.now();
  const progress = new Progress();
  const writtenLine = writtenLines([...config.renderers, ...config.collections].map((renderer) => renderer.name));
  const result = await runPipeline(config, {
    ...options,
    onArticle(outcome, done, total) {
      for (const written of outcome.written) progress.line(writtenLine(written));
      progress.update(done, total);
    },
    onCollections(written) {
      for (const file of written) progress.line(writtenLine(file));
    },
  });
  progress.clear();
  onResult?.(result);
  const report = await messages(result);
  if (report) process.stderr.write(`${report}\n`);
  if (result.interrupted) {
    process.stdout.write(`${interruptedLine(result)}\n`);
    return signalExitCode(options.signal?.reason);
  }
  const warning = collectionsWarning(result);
  if (warning) process.stderr.write(`${warning}\n`);
  if (summarize(result)) process.stdout.write(`${summary(result, performance.now() - started)}\n`);
  if (stats) {
    // The process's own accounting, worker threads included.
    const usage = process.resourceUsage();
    process.stdout.write(`cpu ${((usage.userCPUTime + usage.systemCPUTime) / 1e6).toFixed(2)} s, peak memory ${Math.round(usage.maxRSS / 1024)} MB\n`);
  }
  return exitCode(result);
}

/** 128 plus the signal's number, as shells report a process the signal stopped: 130 for SIGINT, 143 for SIGTERM. */
export function signalExitCode(signal: NodeJS.Signals): number {
  return 128 + constants.signals[signal];
}

/**
 * Listens for SIGINT (Ctrl-C) and SIGTERM (a cancelled CI job, a stopped container) until the returned function is called. The
 * first aborts `stop`, with the signal as its reason, saying so when `publishing()`; a second exits at once with the signal's code.
 */
export function stopOnSignals(stop: AbortController, publishing: () => boolean): () => void {
  const onSignal = (signal: NodeJS.Signals) => {
    if (stop.signal.aborted) {
      process.stderr.write('\nstopped at once: the next publish makes again what the manifest last saved does not hold\n');
      process.exit(signalExitCode(signal));
    }
    if (publishing()) process.stderr.write(`\n${signal}: stopping once the editions being written are written; again to stop at once\n`);
    stop.abort(signal);
  };
  const signals = ['SIGINT', 'SIGTERM'] as const;
  for (const signal of signals) process.on(signal, onSignal);
  return () => {
    for (const signal of signals) process.off(signal, onSignal);
  };
}

/**
 * A publish that SIGINT or SIGTERM stops: no article is started after it, the editions begun are finished, and the manifest keeps
 * every edition written, so the next publish goes on from there; the exit code is the signal's. A signal once every article is
 * done cuts nothing short (the collections are made: pipeline.ts): the run is whole, and its exit code is its own. A second signal
 * stops at once: the manifest last saved on the way (pipeline.ts, checkpointEvery) stays.
 */
export async function publishUntilStopped(config: ResolvedConfig, options: PublishOptions, stats = false): Promise<number> {
  const stop = new AbortController();
  const stopListening = stopOnSignals(stop, () => true);
  try {
    return await publishOnce(config, { ...options, signal: stop.signal }, stats);
  } finally {
    stopListening();
  }
}
