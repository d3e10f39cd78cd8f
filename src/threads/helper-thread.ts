import { parentPort } from 'node:worker_threads';
import { VFile } from 'vfile';
import { renderEditions, type Written } from '../publish/edition.js';
import { articleDone } from '../publish/memory.js';
import { deepFreeze } from '../read/freeze.js';
import { configInThread, type HelperReply, type HelperRequest, type HelperSetup, type MessageData, messagesOf, rendererFailed } from './protocol.js';

// Set up as soon as the setup arrives (the thread may start before the config is read): the config, then the modules and fonts of the renderers it mostly takes.
parentPort?.once('message', (setup: HelperSetup) => {
  const ready = configInThread(setup).then(async (config) => {
    const warmed = config.renderers.filter((renderer) => setup.renderers.includes(renderer.name));
    // A renderer that cannot prepare says why when it renders.
    await Promise.all(warmed.map((renderer) => renderer.prepare?.().catch(() => undefined)));
    return config;
  });

  // One article at a time, in the order sent: the main thread then knows which article a dead thread was rendering.
  let queue = Promise.resolve();
  parentPort?.on('message', (request: HelperRequest) => {
    queue = queue.then(() => renderRequest(request));
  });

  async function renderRequest(request: HelperRequest): Promise<void> {
    const file = new VFile({ path: request.article.path });
    let written: Written[] = [];
    let messages: MessageData[];
    // Whatever fails here fails this article's editions only: the reply always comes, and the thread takes the next article.
    try {
      const config = await ready;
      const article = deepFreeze(request.article);
      // Any of the config's renderers: the main thread may hand over any edition of an article it has parsed.
      const chosen = config.renderers.filter((renderer) => request.renderers.includes(renderer.name));
      written = await renderEditions(article, file, chosen, config);
      messages = messagesOf(file);
    } catch (error) {
      messages = request.renderers.map((name) => rendererFailed(name, request.article.slug, error as Error));
    }
    parentPort?.postMessage({ id: request.id, written, messages } satisfies HelperReply);
    articleDone();
  }
});
