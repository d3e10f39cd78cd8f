import { articleDone } from '../publish/memory.js';
import { type ArticleTask, type OutcomeData, renderArticle, toOutcomeData } from '../publish/render.js';
import { configInThread, type ThreadConfig } from './thread-config.js';

/** One article for a pool worker, with what it needs to rebuild the run's config. */
export interface WorkerTask extends ArticleTask, ThreadConfig {
  readonly renderers: readonly string[];
}

/** Tinypool entry point: publish one article in this worker thread. */
export default async function publishInWorker(task: WorkerTask): Promise<OutcomeData> {
  const config = await configInThread(task);
  const renderers = config.renderers.filter((renderer) => task.renderers.includes(renderer.name));
  const outcome = toOutcomeData(await renderArticle(task, renderers, config));
  articleDone();
  return outcome;
}
