import { parentPort, workerData } from 'node:worker_threads';
import { VFile } from 'vfile';
import { type Rendered, renderOnly } from '../publish/edition.js';
import { articleDone } from '../publish/memory.js';
import { deepFreeze } from '../read/freeze.js';
import type { Article } from '../types.js';
import {
  claimOf,
  claims,
  configInThread,
  type HelperReply,
  type HelperRequest,
  type HelperSetup,
  type MessageData,
  messagesOf,
  rendererFailed,
  type Unit,
  units,
} from './protocol.js';
import type { HelperStart } from './start.js';

/**
 * An early thread (started before the main thread knew the config) sets up the PDF renderer while it waits for its setup: its
 * modules, HarfBuzz, the built-in faces and the English hyphenation patterns, whatever the config's options.
 */
const warming = (workerData as HelperStart | undefined)?.warm === 'pdf' ? import('../renderers/pdf/index.js').then(({ pdf }) => pdf().prepare?.()) : undefined;

// Set up as soon as the setup arrives (the thread may start before the config is read): the config, then the modules and fonts of the renderers it mostly takes.
parentPort?.once('message', (setup: HelperSetup) => {
  const ready = configInThread(setup).then(async (config) => {
    await warming?.catch(() => undefined);
    const warmed = config.renderers.filter((renderer) => setup.renderers.includes(renderer.name));
    // A renderer that cannot prepare says why when it renders.
    await Promise.all(warmed.map((renderer) => renderer.prepare?.().catch(() => undefined)));
    return config;
  });

  const claimed = new Int32Array(setup.claims);
  /** Requests with a unit still open, in the order sent; each article frozen once, when first rendered here. */
  const pending: { readonly request: HelperRequest; article?: Article }[] = [];
  let working = false;

  /**
   * One unit at a time, each claimed once the thread is set up and starts it: the main thread then knows which unit a dead
   * thread was rendering, and may take back any other. Units the main thread has taken are skipped, without a reply.
   */
  async function work(): Promise<void> {
    if (working) return;
    working = true;
    await ready.catch(() => undefined);
    for (let next = claimNext(); next; next = claimNext()) {
      await renderUnit(next.entry, next.unit);
      // A turn of the event loop: requests sent meanwhile arrive, and a new article's share goes before older spare editions.
      await new Promise(setImmediate);
    }
    working = false;
  }

  /** Claims the oldest open share, else the newest open spare unit (the main thread renders those oldest first); forgets requests with nothing open. */
  function claimNext(): { entry: (typeof pending)[number]; unit: Unit } | undefined {
    for (let index = pending.length - 1; index >= 0; index--) {
      const { request } = pending[index] as (typeof pending)[number];
      const open = ([units.share, units.spare] as const).some(
        (unit) => request.units[unit].length > 0 && Atomics.load(claimed, claimOf(request.id, unit)) === claims.open,
      );
      if (!open) pending.splice(index, 1);
    }
    const claim = (entry: (typeof pending)[number], unit: Unit) =>
      entry.request.units[unit].length > 0 && Atomics.compareExchange(claimed, claimOf(entry.request.id, unit), claims.open, claims.helper) === claims.open;
    const share = pending.find((entry) => claim(entry, units.share));
    if (share) return { entry: share, unit: units.share };
    const spare = pending.findLast((entry) => claim(entry, units.spare));
    return spare && { entry: spare, unit: units.spare };
  }

  parentPort?.on('message', (request: HelperRequest) => {
    pending.push({ request });
    void work();
  });

  async function renderUnit(entry: (typeof pending)[number], unit: Unit): Promise<void> {
    const { request } = entry;
    const names = request.units[unit];
    const file = new VFile({ path: request.article.path });
    let rendered: Rendered[] = [];
    let messages: MessageData[];
    // Whatever fails here fails this unit's editions only: the reply always comes, and the thread takes the next.
    try {
      const config = await ready;
      entry.article ??= deepFreeze(request.article);
      // Any of the config's renderers: the main thread may hand over any edition of an article it has parsed.
      const chosen = config.renderers.filter((renderer) => names.includes(renderer.name));
      rendered = await renderOnly(entry.article, file, chosen, config);
      messages = messagesOf(file);
    } catch (error) {
      messages = names.map((name) => rendererFailed(name, request.article.slug, error as Error));
    }
    parentPort?.postMessage({ id: request.id, unit, rendered, messages } satisfies HelperReply);
    articleDone();
  }
});
