import { defineConfig, feed, html } from 'editions';

/** Pages with smaller copies of their pictures in a srcset, and the feeds that carry the pages' articles. */
export default defineConfig({
  baseUrl: 'https://news.example/world/',
  renderers: [html({ images: 'beside', imageWidths: true }), feed()],
});
