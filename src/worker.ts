import { loadConfig, resolveConfig } from './config.js';
import { defaultRenderers } from './defaults.js';
import { articleDone } from './memory.js';
import { type ArticleTask, type OutcomeData, renderArticle, toOutcomeData } from './render.js';
import type { ResolvedConfig } from './types.js';

/** What a worker needs to rebuild the run's config: renderers are code, so they are loaded again here. */
export interface WorkerTask extends ArticleTask {
  readonly configFile?: string;
  readonly source: string;
  readonly outDir: string;
  readonly renderers: readonly string[];
}

const configs = new Map<string, Promise<ResolvedConfig>>();

/** Loads the config once per worker thread, so fonts and processors are set up once per worker. */
function workerConfig(task: WorkerTask): Promise<ResolvedConfig> {
  const key = `${task.configFile ?? ''}\0${task.source}\0${task.outDir}`;
  let config = configs.get(key);
  if (!config) {
    config = (async () => {
      const loaded = task.configFile ? await loadConfig(task.configFile) : resolveConfig({ renderers: await defaultRenderers() });
      return { ...loaded, source: task.source, outDir: task.outDir };
    })();
    configs.set(key, config);
  }
  return config;
}

/** Tinypool entry point: publish one article in this worker thread. */
export default async function publishInWorker(task: WorkerTask): Promise<OutcomeData> {
  const config = await workerConfig(task);
  const renderers = config.renderers.filter((renderer) => task.renderers.includes(renderer.name));
  const outcome = toOutcomeData(await renderArticle(task, renderers, config));
  articleDone();
  return outcome;
}
