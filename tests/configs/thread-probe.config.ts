import { appendFileSync } from 'node:fs';
import { isMainThread, threadId } from 'node:worker_threads';
import { defineConfig, html, type Renderer, text } from 'editions';

/**
 * Says which thread rendered it (followed by a megabyte of dots for an article titled "Large"); takes a tenth of a second for an article titled "Slow"; fails for an article titled "Fail", and for one titled "Crash" kills the
 * worker thread that renders it (an uncaught exception, as a bug in a native module or running out of
 * memory would). The heaviest renderer, so a small batch gives it to the helper thread. With EDITIONS_PROBE_LOG set, each
 * render is logged to that file as it starts, so that a test sees an article rendered twice, which the written files hide.
 */
/**
 * Throws in no render's async context: a callback registered as the config loads, outside any render (as a bug in Editions or
 * in a native module would), which kills its thread. A throw in the render's own callbacks fails the render, and the thread lives.
 */
let crash: () => void = () => undefined;
void new Promise<void>((resolve) => {
  crash = resolve;
}).then(() => {
  throw new Error('the probe crashed its thread');
});

const threadProbe: Renderer = {
  name: 'thread',
  extension: '.thread.txt',
  weight: 10,
  render(article) {
    if (process.env.EDITIONS_PROBE_LOG) appendFileSync(process.env.EDITIONS_PROBE_LOG, `${article.slug} ${threadId}\n`);
    if (article.meta.title === 'Slow') for (const until = performance.now() + 100; performance.now() < until; );
    if (article.meta.title === 'Fail') throw new Error('the probe was asked to fail');
    if (article.meta.title === 'Crash') {
      if (isMainThread) throw new Error('the probe crashes only worker threads');
      crash();
      return new Promise<string>(() => undefined);
    }
    const line = `${article.slug} was rendered in thread ${threadId}\n`;
    // Over a megabyte: an edition the helper thread writes itself instead of handing it to the main thread.
    return article.meta.title === 'Large' ? line + '.'.repeat(1024 * 1024) : line;
  },
};

export default defineConfig({ renderers: [html(), text(), threadProbe] });
