import { parentPort, workerData } from 'node:worker_threads';
import { VFile } from 'vfile';
import { prepared, type Rendered, renderOnly, sizeOf, type Written, writeEditions } from '../publish/edition.js';
import { articleDone } from '../publish/memory.js';
import { deepFreeze } from '../read/freeze.js';
import {
  claims,
  configInThread,
  type HelperRelease,
  type HelperReply,
  type HelperRequest,
  type HelperSetup,
  type MessageData,
  messagesOf,
  rendererFailed,
} from './protocol.js';
import { releaseThread, withPortsLoose } from './render-faults.js';
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
    await Promise.all(warmed.map((renderer) => prepared(renderer).catch(() => undefined)));
    return config;
  });

  const claimed = new Int32Array(setup.claims);
  /** Editions this large are written here (see renderRequest). */
  const writtenHere = 1024 * 1024;
  // One article at a time, in the order sent, each claimed once the thread is set up and starts it: the main thread then knows which
  // article a dead thread was rendering, and may take back any other. One the main thread has taken back is skipped, without a reply.
  let queue: Promise<void> = ready.then(
    () => undefined,
    () => undefined,
  );
  parentPort?.on('message', (request: HelperRequest | HelperRelease) => {
    // The release comes after every request: once they are done, the thread ends when what its renderers' code left pending has run.
    if ('release' in request) queue = queue.then(releaseThread);
    else
      queue = queue.then(() => (Atomics.compareExchange(claimed, request.id, claims.open, claims.helper) === claims.open ? renderRequest(request) : undefined));
  });

  /**
   * Renders the editions and replies with their bytes: the main thread writes them, and this thread takes the next article while
   * they are flushed to disk. When it wrote them itself, it waited for each write (a temporary file, flushed, renamed) before its
   * next article: 0.71 s of its 3.46 s in a traced run of the 50 bench articles (33 PDFs, load 5); its idle time in such runs,
   * medians of 7, went from 382 to 245 ms with four editions, 194 to 36 ms with `--only pdf`. Editions of a megabyte or more
   * it writes itself: their copy to the main thread costs more memory than the wait costs time (a 5 MB article's 8.9 MB PDF,
   * sent: peak 389 MB against 364 MB), and their writing is a sliver of their rendering (20 s for that one).
   */
  async function renderRequest(request: HelperRequest): Promise<void> {
    const file = new VFile({ path: request.article.path });
    let rendered: Rendered[] = [];
    let written: Written[] = [];
    let messages: MessageData[];
    // Whatever fails here fails this article's editions only: the reply always comes, and the thread takes the next article.
    try {
      const config = await ready;
      const article = deepFreeze(request.article);
      // Any of the config's renderers: the main thread may hand over any edition of an article it has parsed.
      const chosen = config.renderers.filter((renderer) => request.renderers.includes(renderer.name));
      await withPortsLoose(async () => {
        const editions = await renderOnly(article, file, chosen, config, request.told);
        rendered = editions.filter(({ edition }) => sizeOf(edition) < writtenHere);
        written = await writeEditions(
          editions.filter((edition) => !rendered.includes(edition)),
          file,
          config,
        );
      });
      messages = messagesOf(file);
    } catch (error) {
      messages = request.renderers.map((name) => rendererFailed(name, request.article.slug, error as Error));
    }
    parentPort?.postMessage({ id: request.id, rendered, written, messages } satisfies HelperReply);
    articleDone();
  }
});
