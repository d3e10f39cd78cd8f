import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { defaultConfigFiles } from '../config/load.js';
import type { PublishOptions, PublishResult } from '../publish/pipeline.js';
import { WatcherThread } from '../threads/watchers.js';
import type { ResolvedConfig } from '../types.js';
import { changedNothing, exitCodes } from './report.js';
import { type ConfigChoice, cliConfig, publishOnce, signalExitCode, stopOnSignals } from './session.js';

export interface WatchHooks {
  /** After every publish, with its result and the config it used. */
  readonly onPublished?: (result: PublishResult, config: ResolvedConfig) => void;
  /** Renderers whose editions of an edited article are published first, on their own (the preview's pages), before the rest. */
  readonly ahead?: (config: ResolvedConfig) => readonly string[];
  /** This thread answers requests (the preview's server): the heavy editions of a large edit are set in the helper thread, not here. */
  readonly answering?: boolean;
  /** The session's handles beside its watchers (the preview's server and connections), let go with them while a publish runs. */
  readonly handles?: SessionHandles;
}

/** A handle of this thread's event loop: a thread, a server, a socket, a watcher. */
interface LoopHandle {
  ref(): unknown;
  unref(): unknown;
}

/**
 * The handles of a session (its watchers' thread, the preview's server and connections): they hold the event loop while it
 * waits for saves, and let it go while a publish runs, so that a render nothing can settle, once all that is left, empties the
 * loop and 'beforeExit' fails it (main.ts), as in a plain publish: no clock, a slow render keeps the loop busy however long it
 * takes. Their events still arrive whenever the publish's own work keeps the loop turning, as it does again once the stranded
 * renders have failed and the publish goes on to its end.
 */
export class SessionHandles {
  private readonly handles = new Set<LoopHandle>();
  private loose = false;

  /** One opened while a publish runs (a connection) starts loose. */
  add(handle: LoopHandle): void {
    this.handles.add(handle);
    if (this.loose) handle.unref();
  }

  delete(handle: LoopHandle): void {
    this.handles.delete(handle);
  }

  /** Runs a publish with the handles loose (a session's publishes run one after another). */
  async looseDuring<T>(publish: () => Promise<T>): Promise<T> {
    this.loose = true;
    for (const handle of this.handles) handle.unref();
    try {
      return await publish();
    } finally {
      this.loose = false;
      for (const handle of this.handles) handle.ref();
    }
  }
}

/** The longest delay a timer takes (2³¹ − 1 ms, 24.8 days): an embargo further off is waited for in steps, a publish each. */
const longestTimeout = 2 ** 31 - 1;

/** How long a burst of file events (an editor's save) is gathered before republishing. */
const settle = 40;

/**
 * Articles saved together this large go to the helper thread when this one answers requests: their PDFs, set here, would hold
 * it (a 1 MB article's held the preview's server for 5 s). A smaller edit is set here, warm: through a helper started for it,
 * three articles' edits took 0.5–1.0 s instead of 0.14–0.18 s.
 */
const heavyEdit = 64 * 1024;

function report(error: unknown): void {
  process.stderr.write(`${(error as Error).message}\n`);
}

/**
 * Publishes, then republishes on every change in the source folder, the
 * config or the theme's files, until interrupted. The manifest makes a
 * republish rebuild only the editions whose inputs changed; a changed config
 * or theme file rebuilds everything. Errors are reported and watching goes on;
 * a first publish that cannot run at all (the output folder cannot be written)
 * throws, as a plain publish does.
 */
export async function watch(values: ConfigChoice, options: PublishOptions, first: ResolvedConfig, hooks: WatchHooks = {}): Promise<number> {
  let config = first;
  // Without one, each file a config may be is watched for its creation.
  const configFiles = config.file ? [resolve(config.file)] : defaultConfigFiles.map((name) => resolve(name));
  const handles = hooks.handles ?? new SessionHandles();
  const watchers = new WatcherThread(report);
  handles.add(watchers);
  // The first SIGINT or SIGTERM stops the publish running as it stops a plain one (session.ts), and the session; a second stops at once.
  const stopping = new AbortController();
  // Whether a publish is running: the first signal says it stops it.
  let busy = false;
  // The exit code of a publish a signal cut short (130, 143); a session that cut none short exits 0.
  let cutShort: number | undefined;
  const cut = () => {
    cutShort = signalExitCode(stopping.signal.reason);
  };
  // The last publish's exit code (undefined after a config that could not be loaded): a republish for a source event after a
  // clean one that changed nothing (a new empty folder, a save of the same bytes) prints no summary, where it printed
  // "0 editions … written in 0.00 s"; one after a failure, or for a config change, says how it went.
  let lastCode: number | undefined;
  const publish = async (chosen: PublishOptions, quietIfUnchanged = false) => {
    const summarize = (result: PublishResult) => !(quietIfUnchanged && lastCode === exitCodes.ok && changedNothing(result));
    busy = true;
    try {
      lastCode = await handles.looseDuring(() =>
        publishOnce(
          config,
          { ...chosen, signal: stopping.signal },
          false,
          (result) => {
            if (result.interrupted) cut();
            awaitEmbargo(result.held);
            hooks.onPublished?.(result, config);
          },
          summarize,
        ),
      );
      return lastCode;
    } finally {
      busy = false;
    }
  };
  let timer: NodeJS.Timeout | undefined;
  let embargoTimer: NodeJS.Timeout | undefined;
  let configChanged = false;
  let stopped = false;
  // The articles saved since the last republish, when this thread answers requests. Their sizes are taken when the republish
  // starts, not at the save's first event: an editor's save truncates the file before it writes it, and a heavy edit judged
  // by its empty file was set here, holding the server (seen under a load of 10 and more, when the events came apart).
  const edited = new Set<string>();
  // The publishes, one after another; each reports its own errors, so the chain never rejects.
  let running: Promise<unknown> = Promise.resolve();

  const republish = async () => {
    if (stopped || stopping.signal.aborted) return;
    try {
      // After a config change everything is remade; after an edit, a few articles, by this thread, already warm, unless it must
      // stay free to answer and the edit is large.
      const everything = configChanged;
      const offThisThread = [...edited].reduce((sum, path) => sum + (statSync(path, { throwIfNoEntry: false })?.size ?? 0), 0) >= heavyEdit;
      edited.clear();
      if (configChanged) {
        configChanged = false;
        const previous = config;
        config = await cliConfig(values);
        // The new config may name another source folder or other theme files: those are watched from now on.
        if (config.source !== previous.source) {
          await source.close();
          source = await watchSource(config.source);
          process.stdout.write(`Watching ${config.source} now.\n`);
        }
        if (String(config.theme.files) !== String(previous.theme.files) || String(config.imports) !== String(previous.imports)) {
          await settings.close();
          settings = await watchSettings(config);
        }
      }
      const edit = { ...options, jobs: options.jobs ?? 1 };
      const ahead = everything ? [] : (hooks.ahead?.(config) ?? []).filter((name) => !options.only || options.only.includes(name));
      if (ahead.length > 0) await publish({ ...edit, only: ahead }, !everything);
      // Stopped during the first part: the rest is not begun.
      if (stopping.signal.aborted) return cut();
      await publish(everything || offThisThread ? options : edit, !everything);
    } catch (error) {
      lastCode = undefined;
      report(error);
    }
  };
  // Not among the session's handles: it holds the loop for `settle` ms, then chains the republish.
  const schedule = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      running = running.then(republish);
    }, settle);
  };

  // The soonest held article is published when its embargo ends, without a save: each publish sets the time anew. Not among the
  // session's handles, and unref'd: the watchers hold the loop while it waits, and during a publish it must not (SessionHandles).
  const awaitEmbargo = (held: PublishResult['held']) => {
    clearTimeout(embargoTimer);
    const [soonest] = held;
    // One whose embargo cannot be read (last) waits for a save.
    if (soonest && Number.isFinite(soonest.until))
      embargoTimer = setTimeout(schedule, Math.min(Math.max(soonest.until - Date.now(), 0), longestTimeout)).unref();
  };

  // An article, an image or a folder of images, added, changed or removed.
  const watchSource = (folder: string) =>
    watchers.watch({ paths: [folder], hiddenUnder: folder }, (path) => {
      if (hooks.answering && /\.(md|markdown)$/i.test(path)) edited.add(path);
      schedule();
    });
  // The config file (watched for its creation when there is none), the project's files it imports, and the theme's files.
  const watchSettings = (current: ResolvedConfig) =>
    watchers.watch({ paths: [...configFiles, ...(current.imports ?? []), ...current.theme.files] }, () => {
      configChanged = true;
      schedule();
    });
  // Either way nothing is half-written: every file is renamed into place whole, and the next publish makes what is missing.
  const stopListening = stopOnSignals(stopping, () => busy);
  const interrupted = new Promise((done) => stopping.signal.addEventListener('abort', done, { once: true }));
  // Ready before the first publish: a save during chokidar's first listing is not reported, and the publish may have read the file
  // before it. The listing took 30 ms for a few articles, 0.25–0.65 s for 1,000 (on the shared two-core machine).
  let [source, settings] = await Promise.all([watchSource(config.source), watchSettings(config)]);
  const stop = async () => {
    stopped = true;
    clearTimeout(timer);
    clearTimeout(embargoTimer);
    await running;
    handles.delete(watchers);
    await watchers.stop();
    stopListening();
  };
  const themeFiles = config.theme.files.length > 0 ? `, ${config.theme.files.join(', ')}` : '';
  process.stdout.write(`Watching ${config.source} and ${configFiles[0]}${themeFiles}; Ctrl-C stops.\n`);

  const initial = publish(options);
  running = initial.catch(() => undefined);
  try {
    await initial;
  } catch (error) {
    // Nothing could be published, and no save would change that: the CLI reports it as it does for a plain publish (command.ts).
    await stop();
    throw error;
  }
  await interrupted;
  await stop();
  return cutShort ?? exitCodes.ok;
}
