#!/usr/bin/env node
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ConfigError, defaultConfigFile, loadConfig } from './config.js';
import { runPipeline } from './pipeline.js';
import { exitCode, exitCodes, messages, summary, writtenLines } from './report.js';
import type { ResolvedConfig } from './types.js';

const usage = `Usage: npm run publish -- [options]

  --config FILE   config file (default: ${defaultConfigFile} when present)
  --source DIR    folder of Markdown articles (overrides the config)
  --out DIR       folder for the editions (overrides the config)
  --only LIST     renderer names to run, comma-separated, e.g. html,pdf
  --help          show this text`;

async function builtInConfig(): Promise<ResolvedConfig> {
  const [{ resolveConfig }, { html }, { pdf }, { epub }, { text }] = await Promise.all([
    import('./config.js'),
    import('./renderers/html.js'),
    import('./renderers/pdf/index.js'),
    import('./renderers/epub/index.js'),
    import('./renderers/text.js'),
  ]);
  return resolveConfig({ renderers: [html(), pdf(), epub(), text()] }, undefined, process.cwd());
}

export async function main(argv: string[]): Promise<number> {
  const started = performance.now();
  let values: { config?: string; source?: string; out?: string; only?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: { config: { type: 'string' }, source: { type: 'string' }, out: { type: 'string' }, only: { type: 'string' }, help: { type: 'boolean' } },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${usage}\n`);
    return exitCodes.usage;
  }
  if (values.help) {
    process.stdout.write(`${usage}\n`);
    return exitCodes.ok;
  }

  let config: ResolvedConfig;
  try {
    const file = values.config ?? (existsSync(defaultConfigFile) ? defaultConfigFile : undefined);
    config = file ? await loadConfig(file) : await builtInConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    return exitCodes.usage;
  }
  config = {
    ...config,
    source: values.source ? resolve(values.source) : config.source,
    outDir: values.out ? resolve(values.out) : config.outDir,
  };
  if (!existsSync(config.source)) {
    process.stderr.write(`${config.source}: source folder not found; create it or pass --source DIR\n`);
    return exitCodes.usage;
  }

  const only = values.only
    ?.split(',')
    .map((name) => name.trim())
    .filter(Boolean);
  let result: Awaited<ReturnType<typeof runPipeline>>;
  try {
    result = await runPipeline(config, { only });
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    process.stderr.write(`${error.message}\n`);
    return exitCodes.usage;
  }
  for (const line of writtenLines(result)) process.stdout.write(`${line}\n`);
  const report = messages(result);
  if (report) process.stderr.write(`${report}\n`);
  process.stdout.write(`${summary(result, performance.now() - started)}\n`);
  return exitCode(result);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`editions: ${(error as Error).stack ?? String(error)}\n`);
    process.exitCode = exitCodes.failed;
  },
);
