import { existsSync } from 'node:fs';
import { isMainThread } from 'node:worker_threads';
import { defineConfig, type Renderer, text } from 'editions';

/**
 * A timer the config file sets as a worker thread loads it, which throws 0.2 s after the file EDITIONS_PROBE_MANIFEST names (the
 * publish's manifest, its last file) exists: an error no render threw, once the thread has no article left. A "heavy" renderer
 * for the helper thread to take.
 */
if (!isMainThread) {
  const wait = () => {
    if (existsSync(process.env.EDITIONS_PROBE_MANIFEST as string))
      setTimeout(() => {
        throw new Error('the config threw from a timer in a worker thread');
      }, 200);
    else setTimeout(wait, 20);
  };
  wait();
}

const heavy: Renderer = { name: 'heavy', extension: '.heavy.txt', weight: 10, render: (article) => `${article.slug}\n` };

export default defineConfig({ renderers: [text(), heavy] });
