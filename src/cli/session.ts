import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { defaultRenderers } from '../config/defaults.js';
import { defaultConfigFile, loadConfig, resolveConfig } from '../config/load.js';
import { type PublishOptions, type PublishResult, runPipeline } from '../publish/pipeline.js';
import type { ResolvedConfig } from '../types.js';
import { Progress } from './progress.js';
import { collectionsWarning, exitCode, messages, summary, writtenLine } from './report.js';

/** The CLI's folder and config choices. */
export interface ConfigChoice {
  readonly config?: string;
  readonly source?: string;
  readonly out?: string;
}

/** The config file (or the built-in renderers), with --source and --out applied. */
export async function cliConfig(values: ConfigChoice): Promise<ResolvedConfig> {
  const file = values.config ?? (existsSync(defaultConfigFile) ? defaultConfigFile : undefined);
  const config = file ? await loadConfig(file) : resolveConfig({ renderers: await defaultRenderers() });
  return { ...config, source: values.source ? resolve(values.source) : config.source, outDir: values.out ? resolve(values.out) : config.outDir };
}

/** One publish: lines as files are written, then messages and a summary. */
export async function publishOnce(config: ResolvedConfig, options: PublishOptions, stats = false, onResult?: (result: PublishResult) => void): Promise<number> {
  const started = performance.now();
  const progress = new Progress();
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
  const warning = collectionsWarning(result);
  if (warning) process.stderr.write(`${warning}\n`);
  process.stdout.write(`${summary(result, performance.now() - started)}\n`);
  if (stats) {
    // The process's own accounting, worker threads included.
    const usage = process.resourceUsage();
    process.stdout.write(`cpu ${((usage.userCPUTime + usage.systemCPUTime) / 1e6).toFixed(2)} s, peak memory ${Math.round(usage.maxRSS / 1024)} MB\n`);
  }
  return exitCode(result);
}
