import { defineConfig, feed, html } from 'editions';

/** The feeds of pages whose pictures are written beside them. */
export default defineConfig({
  baseUrl: 'https://news.example/world',
  renderers: [html({ images: 'beside' }), feed()],
});
