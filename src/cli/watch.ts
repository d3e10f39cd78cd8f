import { watch as watchFolder } from 'node:fs';
import { resolve } from 'node:path';
import { defaultConfigFile } from '../config/load.js';
import type { PublishOptions, PublishResult } from '../publish/pipeline.js';
import type { ResolvedConfig } from '../types.js';
import { type ConfigChoice, cliConfig, publishOnce } from './session.js';

export interface WatchHooks {
  /** After every publish, with its result and the config it used. */
  readonly onPublished?: (result: PublishResult, config: ResolvedConfig) => void;
  /** Renderers whose editions of an edited article are published first, on their own (the preview's pages), before the rest. */
  readonly ahead?: (config: ResolvedConfig) => readonly string[];
}

/** How long a burst of file events (an editor's save) is gathered before republishing. */
const settle = 40;

/**
 * Publishes, then republishes on every change in the source folder or the
 * config, until interrupted. The manifest makes a republish rebuild only the
 * editions whose inputs changed; a changed config rebuilds everything. Errors
 * are reported and watching goes on.
 */
export async function watch(values: ConfigChoice, options: PublishOptions, first: ResolvedConfig, hooks: WatchHooks = {}): Promise<number> {
  let config = first;
  const configFile = config.file ? resolve(config.file) : resolve(defaultConfigFile);
  const publish = (chosen: PublishOptions) => publishOnce(config, chosen, false, (result) => hooks.onPublished?.(result, config));
  let running: Promise<unknown> = publish(options);
  let timer: NodeJS.Timeout | undefined;
  let configChanged = false;

  const schedule = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      running = running.then(async () => {
        try {
          // After a config change everything is remade; after an edit, a few articles, by this thread, already warm.
          const everything = configChanged;
          if (configChanged) {
            configChanged = false;
            config = await cliConfig(values);
            // The new config may name another source folder: that one is watched from now on.
            if (config.source !== watchedSource) {
              source.close();
              source = watchSource(config.source);
              process.stdout.write(`Watching ${config.source} now.\n`);
            }
          }
          const edit = { ...options, jobs: options.jobs ?? 1 };
          const ahead = everything ? [] : (hooks.ahead?.(config) ?? []).filter((name) => !options.only || options.only.includes(name));
          if (ahead.length > 0) await publish({ ...edit, only: ahead });
          await publish(everything ? options : edit);
        } catch (error) {
          process.stderr.write(`${(error as Error).message}\n`);
        }
      });
    }, settle);
  };

  let watchedSource = config.source;
  const watchSource = (folder: string) => {
    const watcher = watchFolder(folder, { recursive: true }, (_event, name) => {
      if (name && !String(name).startsWith('.')) schedule();
    });
    watchedSource = folder;
    return watcher;
  };
  let source = watchSource(config.source);
  const configWatcher = watchFolder(resolve(configFile, '..'), (_event, name) => {
    if (name && resolve(configFile, '..', String(name)) === configFile) {
      configChanged = true;
      schedule();
    }
  });
  process.stdout.write(`Watching ${config.source} and ${configFile}; Ctrl-C stops.\n`);

  await new Promise<void>((done) => {
    for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => done());
  });
  source.close();
  configWatcher.close();
  clearTimeout(timer);
  await running;
  return 0;
}
