import { defineConfig, feed, html } from 'editions';

/** Feeds of the three newest articles, their pictures embedded in the pages. */
export default defineConfig({
  baseUrl: 'https://news.example/world',
  renderers: [html(), feed({ limit: 3 })],
});
