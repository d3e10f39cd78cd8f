import { AsyncLocalStorage } from 'node:async_hooks';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { isMainThread } from 'node:worker_threads';
import pLimit from 'p-limit';
import type { VFile } from 'vfile';
import { exitCodes } from '../cli/report.js';
import { isCollectionRenderer, isPlainRelativePath, overlap, placeInConfig } from '../config/load.js';
import { recipeOf } from '../config/registry.js';
import { deepFreeze } from '../read/freeze.js';
import { imageStamp } from '../read/image-state.js';
import type { Article, BesideFile, CollectionRenderer, RenderContext, Renderer, ResolvedConfig } from '../types.js';
import type { MadeBeside } from './manifest.js';
import type { Told } from './render.js';
import { writeAtomically } from './write.js';

/** One edition written to disk. */
export interface Written {
  /** The article's slug; empty for a collection renderer's file. */
  readonly slug: string;
  readonly renderer: string;
  readonly path: string;
  readonly bytes: number;
  readonly milliseconds: number;
  /** Files written beside the edition, relative to the output folder, and those it kept as they were. */
  readonly beside: readonly string[];
  /** Of `beside`, those made from something costly (`BesideFile.madeFrom`), as they now are on disk. */
  readonly made: Readonly<Record<string, MadeBeside>>;
}

/** One edition rendered and not yet written: plain data, so that a thread can render it and another write it. */
export interface Rendered {
  readonly slug: string;
  readonly renderer: string;
  readonly fileName: string;
  readonly edition: string | Uint8Array;
  /** Files to write beside the edition, relative to the output folder. */
  readonly beside: readonly BesideFile[];
  /** Files beside its last edition it keeps as they are on disk, with what they were made from (`RenderContext.besideOnDisk`). */
  readonly kept: Readonly<Record<string, string>>;
  /** The time its rendering took. */
  readonly milliseconds: number;
}

/**
 * Editions written at once, across the articles: more fill the disk no faster (Node writes on four threads) and each holds a
 * file descriptor. Since the helper thread hands its editions to this thread, they come faster than they are flushed:
 * unbounded, 300 short articles (`--only html,text`) ran out of a limit of 100 open files (tests/cli.test.ts).
 */
const writing = pLimit(16);

/** Renders and writes the given editions of a parsed article; problems go to its file as messages. */
export async function renderEditions(article: Article, file: VFile, renderers: readonly Renderer[], config: ResolvedConfig, told: Told): Promise<Written[]> {
  return writeEditions(await renderOnly(article, file, renderers, config, told), file, config);
}

/** A render begun in this thread: an article's edition, or a collection renderer's files. */
interface InFlight {
  readonly renderer: string;
  /** Its article's file, or the collection renderer's messages' (its first file). */
  readonly path: string;
  readonly collection: boolean;
  /** Fails the render from outside its promise: nothing can settle it, or its code threw where its promise cannot see. */
  readonly fail: (error: Error) => void;
}

/** The renders begun in this thread and not settled: a render whose promise never settles let the process end with nothing said, or wait for ever. */
const unsettled = new Set<InFlight>();

/** The render whose code is running: a callback it scheduled (a timer, a promise) runs in its context, so its throw is its own. */
const rendering = new AsyncLocalStorage<InFlight>();

/** A render failed for never settling: its stack would be Editions' own ('beforeExit'), noise to the renderer's author, so none is shown. */
class StrandedRender extends Error {
  constructor() {
    super('it never settled: nothing was left in its thread that could resolve or reject its promise');
  }
}

/** What a render returned, refused (not bytes, a file beside it where it may not go): its stack would be Editions' own, noise to the renderer's author. */
class RefusedResult extends Error {}

/**
 * Fails every render still waiting in this thread, for its thread's event loop has emptied ('beforeExit'): nothing is left
 * that could resolve or reject its promise (no timer, no I/O, no other thread's reply; Node drains its background work, a
 * WebAssembly compile say, before it says so). A slow render is never failed: while it runs, or waits for anything, the loop is
 * not empty. The number failed; the publish goes on.
 */
export function failStrandedRenders(): number {
  const stranded = [...unsettled];
  for (const render of stranded) render.fail(new StrandedRender());
  return stranded.length;
}

/**
 * Blames an uncaught exception or unhandled rejection on the render whose code threw it (a timer's callback, a promise nobody
 * awaited), known by the async context it ran in: that render fails, and 'failed' is returned. A render that had already settled
 * is named for the report; undefined when no render's code threw it (an error of Editions itself, which the caller reports).
 */
export function blameRender(error: unknown): 'failed' | SettledRender | undefined {
  const render = rendering.getStore();
  if (!render) return undefined;
  if (!unsettled.has(render)) return render;
  // Its own stack, not this one's: where the renderer threw.
  const stack = error instanceof Error ? { stack: error.stack } : {};
  render.fail(Object.assign(new Error(`it threw outside its promise (in a callback, or a promise nobody awaited): ${renderFailure(error)}`), stack));
  return 'failed';
}

/**
 * Makes `process.exit` called by a render's code fail that render, as a throw would: it stopped the run mid-publish in the main
 * thread (editions half done, no manifest), and in a pool worker left its article waiting for ever (Tinypool hears a thread's
 * errors, not its exit). Called by each thread's guard; an exit outside any render (Editions' own, a signal's) is left alone.
 */
export function failExitInRenders(): void {
  const exit = process.exit.bind(process);
  process.exit = ((code?: number | string | null) => {
    if (!rendering.getStore()) return exit(code);
    throw new Error(`it called process.exit(${code ?? ''}), which would have stopped ${isMainThread ? 'the run' : 'its thread'}`);
  }) as typeof process.exit;
}

/** A render named for a throw of its code after it had settled. */
export type SettledRender = Pick<InFlight, 'renderer' | 'path' | 'collection'>;

/** What to report for a throw blamed on a render that had already settled: its article (or collection) and renderer, and where its code threw. */
export function settledRenderThrew(blamed: SettledRender, error: unknown): string {
  const stack = error instanceof Error ? (error.stack ?? error.message) : String(error);
  const [renderer, made] = blamed.collection ? ['collection renderer', 'its files'] : ['renderer', 'its edition'];
  return `${blamed.path}: the ${blamed.renderer} ${renderer} threw after its render had settled (${made} may be written): ${stack}\n`;
}

/** What to report for an uncaught error no render's code threw: Editions' own, or code of the config's outside its renderers. */
export function strayThrew(error: unknown): string {
  const stack = error instanceof Error ? (error.stack ?? error.message) : String(error);
  return `editions: an uncaught exception, thrown by no render in flight; the publish goes on and ends with exit code ${exitCodes.failed}: ${stack}\n`;
}

/**
 * Runs one render, an article's or a collection renderer's, tracked in `unsettled` and (a user's) in its async context, and
 * settles with it or with its failure from outside, whichever comes first. A user's result waits a turn of the event loop
 * (setImmediate): a promise it left rejected is reported by then, and fails it before its files are written.
 */
export async function tracked<T>(renderer: Renderer | CollectionRenderer, file: VFile, render: () => Promise<T>): Promise<T> {
  let fail: (error: Error) => void = () => undefined;
  const failure = new Promise<never>((_, reject) => {
    fail = reject;
  });
  const pending: InFlight = { renderer: renderer.name, path: file.path, collection: isCollectionRenderer(renderer), fail };
  unsettled.add(pending);
  try {
    const settling = async () => {
      const result = await render();
      await new Promise(setImmediate);
      return result;
    };
    // Built-in renderers run outside the async context, and without the turn: once used, an AsyncLocalStorage makes every
    // promise of the thread pay for it (30 articles, four editions, --jobs 1: 5 % more CPU). A throw of theirs is Editions' own
    // bug, reported as such.
    const settled = recipeOf(renderer) ? render() : rendering.run(pending, settling);
    // Once it has failed from outside, whatever it does later is not waited for.
    settled.catch(() => undefined);
    return await Promise.race([settled, failure]);
  } finally {
    unsettled.delete(pending);
  }
}

/** Each renderer's prepare() in this thread, started once: by the helper thread ahead of its first article, else by that render. */
const preparations = new WeakMap<Renderer, Promise<void>>();

/**
 * The renderer prepared in this thread: its prepare() is called once, before its first render, in every thread and
 * mode. It had been called by the helper thread alone, so a renderer that set up state there wrote other bytes with
 * --jobs 1, and a prepare() that failed said nothing.
 */
export function prepared(renderer: Renderer): Promise<void> {
  let preparation = preparations.get(renderer);
  if (!preparation) {
    preparation = Promise.resolve().then(() => renderer.prepare?.());
    preparations.set(renderer, preparation);
  }
  return preparation;
}

/**
 * Renders the given editions of a parsed article without writing them; problems go to its file as messages. The story's
 * `versions` go to the renderers that use them only: the pipeline remakes no other renderer's editions when they change.
 */
export async function renderOnly(
  article: Article,
  file: VFile,
  renderers: readonly Renderer[],
  config: ResolvedConfig,
  { versions, besideOnDisk }: Told,
): Promise<Rendered[]> {
  // Frozen here too: a thread's copy of them is not.
  const shared = versions && deepFreeze(versions);
  const rendered = await Promise.all(
    renderers.map(async (renderer): Promise<Rendered | undefined> => {
      // Its own: a warning without a rule says which renderer gave it.
      const onDisk = besideOnDisk?.get(renderer.name) ?? new Map<string, string>();
      const context: RenderContext = Object.freeze({
        config,
        ...(shared && renderer.uses?.includes('versions') ? { versions: shared } : {}),
        besideOnDisk: onDisk,
        warn(reason: string, options: { place?: { line: number; column: number }; ruleId?: string } = {}) {
          file.message(reason, { place: options.place, ruleId: options.ruleId ?? renderer.name, source: 'editions' });
        },
      });
      const started = performance.now();
      try {
        const result = await tracked(renderer, file, async () => {
          await prepared(renderer).catch((error: unknown) => {
            throw new Error(`its prepare() failed: ${renderFailure(error)}`, { cause: error });
          });
          return renderer.render(article, context);
        });
        const { edition, beside, kept = [] } = typeof result === 'object' && result !== null && 'edition' in result ? result : { edition: result, beside: [] };
        assertBytes(edition, `${renderer.name}'s render()`);
        if (!Array.isArray(beside))
          throw new RefusedResult(
            `${renderer.name}'s render() returned { edition } without a list of files beside it; return { edition, beside: [] }, or the edition alone`,
          );
        for (const file of beside) {
          assertBesidePath(file.path, renderer.name, article.slug, config.collections);
          // As the type says: a string was written as UTF-8, which spoilt a picture read as text (latin1); the renderer encodes its own text.
          if (!(file.bytes instanceof Uint8Array))
            throw new RefusedResult(
              `${renderer.name}'s render() returned "${file.path}" beside the edition with bytes that are ${kindOf(file.bytes)}; return them as a Uint8Array, such as \`new TextEncoder().encode(text)\``,
            );
        }
        if (!Array.isArray(kept))
          throw new RefusedResult(`${renderer.name}'s render() returned { kept } that is no list of paths; return kept: [] or leave it out`);
        const unknown = kept.find((path) => !onDisk.has(path));
        if (unknown !== undefined)
          throw new RefusedResult(
            `${renderer.name}'s render() kept "${unknown}", which is not a file of context.besideOnDisk; keep only those, and return the others' bytes in beside`,
          );
        const milliseconds = performance.now() - started;
        const keptMadeFrom = Object.fromEntries(kept.map((path) => [path, onDisk.get(path) as string]));
        return {
          slug: article.slug,
          renderer: renderer.name,
          fileName: `${article.slug}${renderer.extension}`,
          edition,
          beside,
          kept: keptMadeFrom,
          milliseconds,
        };
      } catch (error) {
        // A throw in the config's own renderer says where, and its stack through the pipeline is left out: noise to its author.
        const place = placeInConfig(error);
        const reason = `The ${renderer.name} renderer failed for "${article.slug}": ${renderFailure(error)}${place ? ` (at ${place})` : ''}`;
        failed(file, reason, 'renderer-failed', place || error instanceof StrandedRender || error instanceof RefusedResult ? undefined : error);
        return undefined;
      }
    }),
  );
  return rendered.filter((edition) => edition !== undefined);
}

/**
 * What a render's failure says: its message, what was thrown when it is no Error (a string, an object), and why a
 * change to the article fails: every renderer reads the same frozen article.
 */
function renderFailure(error: unknown): string {
  if (!(error instanceof Error)) return typeof error === 'string' ? error : `it threw ${JSON.stringify(error) ?? String(error)}, not an Error`;
  const frozen = error instanceof TypeError && /read only|not extensible|Cannot delete property|Cannot add property/i.test(error.message);
  return frozen ? `${error.message}: the article is frozen, shared by every renderer; change a copy (structuredClone(article.hast))` : error.message;
}

/** A user's renderer that returns something else would fail at the write, which blamed the disk. */
function assertBytes(value: unknown, what: string): void {
  if (typeof value === 'string' || value instanceof Uint8Array) return;
  throw new RefusedResult(`${what} returned ${kindOf(value)}; return the edition as a string or a Uint8Array (or { edition, beside })`);
}

/** What a renderer returned instead of what it should have, in a message: `null`, `an array`, `number`, `ArrayBuffer`. */
export function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object' && value.constructor !== Object && typeof value.constructor?.name === 'string') return value.constructor.name;
  return typeof value;
}

/** Writes rendered editions of an article, each with the files beside it; problems go to its file as messages. */
export async function writeEditions(rendered: readonly Rendered[], file: VFile, config: ResolvedConfig): Promise<Written[]> {
  const written: Written[] = [];
  await Promise.all(
    rendered.map(async ({ slug, renderer, fileName, edition, beside, kept, milliseconds }) => {
      const started = performance.now();
      try {
        const made: Record<string, MadeBeside> = {};
        // Recorded as it is on disk once written: the next publish keeps it only while it is still that file.
        const recordMade = async (path: string, madeFrom: string) => {
          made[path] = { madeFrom, stamp: imageStamp(await stat(join(config.outDir, path))) };
        };
        const path = await writing(async () => {
          // The files the edition refers to come first: a reader never opens an edition whose images are missing. Those
          // that refer to it (a wire package) come last: a client that takes one never finds the edition missing or older.
          const write = async (file: BesideFile) => {
            await writeAtomically(config.outDir, file.path, file.bytes);
            if (file.madeFrom !== undefined) await recordMade(file.path, file.madeFrom);
          };
          for (const file of beside) if (!file.refersToEdition) await write(file);
          // A kept file that is gone fails the edition here (ENOENT), before the edition that would refer to it is written.
          for (const [keptPath, madeFrom] of Object.entries(kept)) await recordMade(keptPath, madeFrom);
          const path = await writeAtomically(config.outDir, fileName, edition);
          for (const file of beside) if (file.refersToEdition) await write(file);
          return path;
        });
        written.push({
          slug,
          renderer,
          path,
          bytes: sizeOf(edition),
          milliseconds: milliseconds + performance.now() - started,
          beside: [...beside.map((file) => file.path), ...Object.keys(kept)],
          made,
        });
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
        failed(file, `Could not write ${fileName} (${code}); check that the output folder is writable and its disk has space`, 'write-failed', error);
      }
    }),
  );
  return written;
}

/** An edition's size in bytes, as written. */
export function sizeOf(edition: string | Uint8Array): number {
  return typeof edition === 'string' ? Buffer.byteLength(edition) : edition.byteLength;
}

/** An edition that could not be made: a fatal message on its article's file, with the error's stack when it helps. */
function failed(file: VFile, reason: string, ruleId: string, cause: unknown): void {
  const message = file.message(`${reason}; the previous edition, if any, is left in place`, { ruleId, source: 'editions', cause: cause as Error | undefined });
  message.fatal = true;
}

/**
 * A file beside an edition stays inside a folder of the output folder, in plain names: the output folder's own files
 * are the editions, the collections and the manifest, and one written beside another article's edition replaced it
 * (and was removed with it later). Another article's images folder is its own too, and so are a collection renderer's
 * declared files and folders: the config's check cannot see where a renderer of the config's own writes. (A thread that
 * rebuilt a config object's built-in renderers knows no collection, but their files go where the config check looks.)
 */
function assertBesidePath(path: string, renderer: string, slug: string, collections: readonly CollectionRenderer[]): void {
  const where = `the ${renderer} renderer asked to write "${path}"`;
  if (!isPlainRelativePath(path)) throw new RefusedResult(`${where}, which is not a plain relative path inside the output folder`);
  const parts = path.split('/');
  const [folder = ''] = parts;
  if (parts.length === 1) {
    throw new RefusedResult(
      `${where} beside "${slug}", in the output folder itself, where the editions are; write it in a folder, such as "${slug}.files/${folder}"`,
    );
  }
  // The first folder named like an images folder (`2026/12/story.images`, its article's folders before it) must be the article's own.
  const images = parts.findIndex((part, index) => index < parts.length - 1 && part.endsWith('.images'));
  if (images !== -1 && parts.slice(0, images + 1).join('/') !== `${slug}.images`)
    throw new RefusedResult(`${where} beside "${slug}", in another article's images folder; write it in "${slug}.images/"`);
  for (const collection of collections) {
    const declared = collection.files.find((file) => overlap(file, path));
    if (declared !== undefined)
      throw new RefusedResult(
        `${where} beside "${slug}", where the "${collection.name}" collection renderer writes (it declares "${declared}"): each would replace the other's file, and remove it once it no longer made it; write it in a folder of its own, such as "${slug}.files/"`,
      );
  }
}
