import { appendFileSync, existsSync } from 'node:fs';
import { defineConfig, html, type Renderer } from 'editions';

/**
 * A heavy edition that, while the file EDITIONS_PROBE_HOLD names exists, holds its thread (a synchronous wait, as a long PDF
 * does) until the file is removed; each render's start and end is logged to EDITIONS_PROBE_LOG. A test sees what answers while it holds.
 */
const holdProbe: Renderer = {
  name: 'hold',
  extension: '.hold.txt',
  weight: 10,
  render(article) {
    const log = process.env.EDITIONS_PROBE_LOG as string;
    const hold = process.env.EDITIONS_PROBE_HOLD as string;
    appendFileSync(log, `start ${article.slug}\n`);
    const pause = new Int32Array(new SharedArrayBuffer(4));
    while (existsSync(hold)) Atomics.wait(pause, 0, 0, 20);
    appendFileSync(log, `end ${article.slug}\n`);
    return `${article.meta.title}\n`;
  },
};

export default defineConfig({ renderers: [html(), holdProbe] });
