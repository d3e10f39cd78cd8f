import { loadConfig, resolveConfig } from './config.js';
import { type RendererRecipe, rebuild, recipeOf } from './registry.js';
import type { Renderer, ResolvedConfig } from './types.js';

/**
 * What a worker thread needs to rebuild the run's config: renderers are code,
 * so they are loaded again there, from the config file, or else from the
 * recipes of the built-in renderers the config was given.
 */
export interface ThreadConfig {
  readonly configFile?: string;
  readonly recipes?: readonly RendererRecipe[];
  readonly source: string;
  readonly outDir: string;
}

/** The config as a thread rebuilds it, or undefined when one of `renderers` cannot be rebuilt (a user's renderer given without a config file). */
export function threadConfigOf(config: ResolvedConfig, renderers: readonly Renderer[]): ThreadConfig | undefined {
  const where = { source: config.source, outDir: config.outDir };
  if (config.file !== undefined) return { configFile: config.file, ...where };
  if (!renderers.every((renderer) => recipeOf(renderer))) return undefined;
  return { recipes: config.renderers.flatMap((renderer) => recipeOf(renderer) ?? []), ...where };
}

/**
 * The parent's Node flags that a thread can take: a thread inherits them all by
 * default, and one the main thread took for its own input (`--input-type` with
 * `-e`) stops the thread before it starts.
 */
export function threadFlags(): string[] {
  const flags: string[] = [];
  const args = process.execArgv;
  for (let index = 0; index < args.length; index++) {
    const flag = args[index] ?? '';
    if (/^(-e|--eval|-p|--print)$/.test(flag)) index++;
    else if (!/^(--input-type|--eval|--print)(=|$)/.test(flag)) flags.push(flag);
  }
  return flags;
}

const configs = new Map<string, Promise<ResolvedConfig>>();

/** Loads the config once per worker thread, so fonts and processors are set up once per thread. */
export function configInThread(choice: ThreadConfig): Promise<ResolvedConfig> {
  const key = JSON.stringify([choice.configFile, choice.recipes, choice.source, choice.outDir]);
  let config = configs.get(key);
  if (!config) {
    config = (async () => {
      const loaded = choice.configFile
        ? await loadConfig(choice.configFile)
        : resolveConfig({ renderers: await Promise.all((choice.recipes ?? []).map(rebuild)) });
      return { ...loaded, source: choice.source, outDir: choice.outDir };
    })();
    configs.set(key, config);
  }
  return config;
}
