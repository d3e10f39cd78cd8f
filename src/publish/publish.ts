import { loadConfig, resolveConfig } from '../config/load.js';
import type { Config } from '../types.js';
import type { PublishOptions, PublishResult } from './pipeline.js';

/**
 * Publishes every article: from a config file path, or a config object
 * (folders relative to the current directory).
 */
export async function publish(config: Config | string, options: PublishOptions = {}): Promise<PublishResult> {
  const resolved = typeof config === 'string' ? await loadConfig(config) : resolveConfig(config);
  // The parser and pipeline are loaded here, not with the package: a config file imports the package, and worker threads that only render load it too.
  const { runPipeline } = await import('./pipeline.js');
  return runPipeline(resolved, options);
}
