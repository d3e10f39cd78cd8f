import { loadConfig, resolveConfig } from './config.js';
import { type PublishOptions, type PublishResult, runPipeline } from './pipeline.js';
import type { Config } from './types.js';

/**
 * Publishes every article: from a config file path, or a config object
 * (folders relative to the current directory).
 */
export async function publish(config: Config | string, options: PublishOptions = {}): Promise<PublishResult> {
  const resolved = typeof config === 'string' ? await loadConfig(config) : resolveConfig(config);
  return runPipeline(resolved, options);
}
