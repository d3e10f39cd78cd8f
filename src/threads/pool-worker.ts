import { articleDone } from '../publish/memory.js';
import { renderArticle } from '../publish/render.js';
import { configInThread, type OutcomeData, toOutcomeData, type WorkerTask } from './protocol.js';
import { releaseThread, withPortsLoose } from './render-faults.js';

/** Tinypool entry point: publish one article in this worker thread. */
export default async function publishInWorker(task: WorkerTask): Promise<OutcomeData> {
  const config = await configInThread(task);
  const renderers = config.renderers.filter((renderer) => task.renderers.includes(renderer.name));
  const outcome = toOutcomeData(await withPortsLoose(() => renderArticle(task, renderers, config)));
  articleDone();
  return outcome;
}

/** Tinypool's teardown, called in each thread by pool.destroy() before it stops it: the thread runs what its renderers' code left pending first. */
export const release = releaseThread;
