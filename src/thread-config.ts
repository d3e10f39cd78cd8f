import { loadConfig, resolveConfig } from './config.js';
import { defaultRenderers } from './defaults.js';
import type { ResolvedConfig } from './types.js';

/** What a worker thread needs to rebuild the run's config: renderers are code, so they are loaded again there. */
export interface ThreadConfig {
  readonly configFile?: string;
  readonly source: string;
  readonly outDir: string;
}

const configs = new Map<string, Promise<ResolvedConfig>>();

/** Loads the config once per worker thread, so fonts and processors are set up once per thread. */
export function configInThread(choice: ThreadConfig): Promise<ResolvedConfig> {
  const key = `${choice.configFile ?? ''}\0${choice.source}\0${choice.outDir}`;
  let config = configs.get(key);
  if (!config) {
    config = (async () => {
      const loaded = choice.configFile ? await loadConfig(choice.configFile) : resolveConfig({ renderers: await defaultRenderers() });
      return { ...loaded, source: choice.source, outDir: choice.outDir };
    })();
    configs.set(key, config);
  }
  return config;
}
