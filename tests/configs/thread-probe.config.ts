import { appendFileSync } from 'node:fs';
import { isMainThread, threadId } from 'node:worker_threads';
import { defineConfig, html, type Renderer, text } from 'editions';

/**
 * Callbacks registered as the config loads, outside any render's async context, as a bug in Editions or in a native module runs:
 * one throws, which kills its thread ("Crash"); one stops its thread without an error ("Exit", as a native module's exit() would).
 * A render's own callbacks are the render's: their throws fail it, and the thread lives.
 */
const outsideRenders = (callback: () => void): (() => void) => {
  let call: () => void = () => undefined;
  void new Promise<void>((resolve) => {
    call = resolve;
  }).then(callback);
  return () => call();
};
const crash = outsideRenders(() => {
  throw new Error('the probe crashed its thread');
});
const stop = outsideRenders(() => process.exit(5));

/**
 * Says which thread rendered it (followed by a megabyte of dots for an article titled "Large"); takes a tenth of a second for an article titled "Slow"; fails for an article titled "Fail", and for one titled "Crash" or "Exit" kills the
 * worker thread that renders it (see outsideRenders). The heaviest renderer, so a small batch gives it to the helper thread. With EDITIONS_PROBE_LOG set, each
 * render is logged to that file as it starts, so that a test sees an article rendered twice, which the written files hide.
 */
const threadProbe: Renderer = {
  name: 'thread',
  extension: '.thread.txt',
  weight: 10,
  render(article) {
    if (process.env.EDITIONS_PROBE_LOG) appendFileSync(process.env.EDITIONS_PROBE_LOG, `${article.slug} ${threadId}\n`);
    if (article.meta.title === 'Slow') for (const until = performance.now() + 100; performance.now() < until; );
    if (article.meta.title === 'Fail') throw new Error('the probe was asked to fail');
    if (article.meta.title === 'Crash' || article.meta.title === 'Exit') {
      if (isMainThread) throw new Error('the probe crashes only worker threads');
      (article.meta.title === 'Crash' ? crash : stop)();
      return new Promise<string>(() => undefined);
    }
    const line = `${article.slug} was rendered in thread ${threadId}\n`;
    // Over a megabyte: an edition the helper thread writes itself instead of handing it to the main thread.
    return article.meta.title === 'Large' ? line + '.'.repeat(1024 * 1024) : line;
  },
};

export default defineConfig({ renderers: [html(), text(), threadProbe] });
