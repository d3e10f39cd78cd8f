import { threadId } from 'node:worker_threads';
import { defineConfig, html, type Renderer, text } from 'editions';

/** Says which thread rendered it, and fails for an article titled "Fail": the heaviest renderer, so a small batch gives it to the helper thread. */
const threadProbe: Renderer = {
  name: 'thread',
  extension: '.thread.txt',
  weight: 10,
  render(article) {
    if (article.meta.title === 'Fail') throw new Error('the probe was asked to fail');
    return `${article.slug} was rendered in thread ${threadId}\n`;
  },
};

export default defineConfig({ renderers: [html(), text(), threadProbe] });
