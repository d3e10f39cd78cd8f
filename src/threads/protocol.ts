import { BroadcastChannel } from 'node:worker_threads';
import { VFile } from 'vfile';
import { VFileMessage } from 'vfile-message';
import { loadConfig, resolveConfig } from '../config/load.js';
import { type RendererRecipe, rebuild, recipeOf } from '../config/registry.js';
import { themeHash } from '../config/theme.js';
import type { Rendered, Written } from '../publish/edition.js';
import type { ArticleOutcome, ArticleTask, Told } from '../publish/render.js';
import type { Article, Renderer, ResolvedConfig } from '../types.js';

/*
 * Everything that crosses between threads: how a thread is started and set up,
 * every message, and the (de)serialisation of what structured cloning cannot
 * carry (vfile messages). The main thread and the thread entries speak only this.
 */

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
  /** A config object's labels (a config file's are read from the file again). */
  readonly labels?: ResolvedConfig['labels'];
  /** A config object's theme, resolved (bytes and strings clone); a config file's is read from its files again. */
  readonly theme?: ResolvedConfig['theme'];
}

/** The config as a thread rebuilds it, or undefined when one of `renderers` cannot be rebuilt (a user's renderer given without a config file). */
export function threadConfigOf(config: ResolvedConfig, renderers: readonly Renderer[]): ThreadConfig | undefined {
  const where = { source: config.source, outDir: config.outDir };
  if (config.file !== undefined) return { configFile: config.file, ...where };
  if (!renderers.every((renderer) => recipeOf(renderer))) return undefined;
  return { recipes: config.renderers.flatMap((renderer) => recipeOf(renderer) ?? []), labels: config.labels, theme: config.theme, ...where };
}

const configs = new Map<string, Promise<ResolvedConfig>>();

/** Loads the config once per worker thread, so fonts and processors are set up once per thread. */
export function configInThread(choice: ThreadConfig): Promise<ResolvedConfig> {
  const key = JSON.stringify([choice.configFile, choice.recipes, choice.labels, choice.theme && themeHash(choice.theme), choice.source, choice.outDir]);
  let config = configs.get(key);
  if (!config) {
    config = (async () => {
      const loaded = choice.configFile
        ? await loadConfig(choice.configFile)
        : resolveConfig({ renderers: await Promise.all((choice.recipes ?? []).map(rebuild)), labels: choice.labels });
      return { ...loaded, source: choice.source, outDir: choice.outDir, ...(choice.theme ? { theme: choice.theme } : {}) };
    })();
    configs.set(key, config);
  }
  return config;
}

/** What the main thread asks of the helper: these editions of this parsed article. */
export interface HelperRequest {
  readonly id: number;
  readonly article: Article;
  readonly told: Told;
  readonly renderers: readonly string[];
}

/** What the main thread tells the helper at the end of its publish, after every request: no more will come (see releaseThread). */
export interface HelperRelease {
  readonly release: true;
}

/**
 * What the helper made of a request: editions rendered, for the main thread to write (the helper goes on to the next article
 * while they are flushed to disk), and the large ones it wrote itself (see helper-thread.ts).
 */
export interface HelperReply {
  readonly id: number;
  readonly rendered: Rendered[];
  readonly written: Written[];
  readonly messages: MessageData[];
}

/** The editions in a reply. */
export type HelperEditions = Pick<HelperReply, 'rendered' | 'written'>;

/** Set up in the helper thread: the config, and the renderers it mostly takes (their modules and fonts are loaded ahead; it may be given any). */
export interface HelperSetup extends ThreadConfig {
  readonly renderers: readonly string[];
  /** The requests' claims, an Int32Array's buffer shared with the main thread: slot `id` says which thread renders request `id` (`claims`). */
  readonly claims: SharedArrayBuffer;
}

/** The states of a request's slot in the claims: set once, from `open`, by the thread that renders it. */
export const claims = { open: 0, helper: 1, main: 2 } as const;

/** One article for a pool worker, with what it needs to rebuild the run's config. */
export interface WorkerTask extends ArticleTask, ThreadConfig {
  readonly renderers: readonly string[];
}

/** What a session asks of its watchers' thread (watcher-thread.ts): watch these paths, hidden files under `hiddenUnder` left out; stop watching them. */
export type WatchRequest =
  | { readonly kind: 'watch'; readonly id: number; readonly paths: readonly string[]; readonly hiddenUnder?: string }
  | { readonly kind: 'close'; readonly id: number };

/** What the watchers' thread tells: the paths of a request are listed (from then on every change is told), a change, an error, closed. */
export type WatchReport =
  | { readonly kind: 'ready' | 'closed'; readonly id: number }
  | { readonly kind: 'change'; readonly id: number; readonly path: string }
  | { readonly kind: 'error'; readonly message: string };

/** A message as it crosses from a worker thread: plain data. */
export interface MessageData {
  readonly reason: string;
  readonly line?: number;
  readonly column?: number;
  readonly ruleId?: string;
  readonly fatal?: boolean | null;
  readonly cause?: string;
}

export function messagesOf(file: VFile): MessageData[] {
  return file.messages.map((message) => ({
    reason: message.reason,
    line: message.line ?? undefined,
    column: message.column ?? undefined,
    ruleId: message.ruleId ?? undefined,
    fatal: message.fatal,
    cause: message.cause instanceof Error ? message.cause.stack : undefined,
  }));
}

/** The fatal message for an edition that could not be rendered, in any thread. */
export function rendererFailed(renderer: string, slug: string, error: Error): MessageData {
  return {
    reason: `The ${renderer} renderer failed for "${slug}": ${error.message}; the previous edition, if any, is left in place`,
    ruleId: 'renderer-failed',
    fatal: true,
    cause: error.stack,
  };
}

/** Adds messages made in another thread to a file, as if they had been made here. */
export function addMessages(file: VFile, messages: readonly MessageData[]): void {
  for (const item of messages) {
    const place = item.line ? { line: item.line, column: item.column ?? 1 } : undefined;
    const cause = item.cause === undefined ? undefined : Object.assign(new Error(item.cause.split('\n')[0]), { stack: item.cause });
    const message = new VFileMessage(item.reason, { place, ruleId: item.ruleId, source: 'editions', cause });
    message.file = file.path;
    message.fatal = item.fatal;
    file.messages.push(message);
  }
}

export type OutcomeData = Omit<ArticleOutcome, 'file'> & { readonly path: string; readonly messages: MessageData[] };

export function toOutcomeData(outcome: ArticleOutcome): OutcomeData {
  const { file, ...rest } = outcome;
  return { ...rest, path: file.path, messages: messagesOf(file) };
}

export function fromOutcomeData(data: OutcomeData): ArticleOutcome {
  const file = new VFile({ path: data.path });
  addMessages(file, data.messages);
  const { path: _path, messages: _messages, ...outcome } = data;
  return { ...outcome, file };
}

/** Where worker threads say they met an error the run must exit 1 for, though no article failed of it: any thread may listen. */
const uncaughtInThreads = 'editions:uncaught-in-thread';

/**
 * In a worker thread, an uncaught error that cost no article (a render's callback that threw after its render had settled): it is
 * printed here, for whoever runs the publish, and said on the channel, for the CLI's exit code.
 */
export function reportUncaughtInThread(report: string): void {
  process.stderr.write(report);
  const channel = new BroadcastChannel(uncaughtInThreads);
  channel.postMessage(report);
  channel.close();
}

/** Calls `heard` for each error a worker thread reports (reportUncaughtInThread), without keeping this thread's event loop alive. */
export function onUncaughtInThreads(heard: () => void): void {
  const channel = new BroadcastChannel(uncaughtInThreads);
  channel.onmessage = heard;
  channel.unref();
}
