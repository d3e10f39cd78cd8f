import { defineConfig, epub, feed, html, index, pdf, sitemap, text } from 'editions';

/** Every edition, the pages' pictures beside them, and the collections: what an interrupted publish must keep or leave. */
export default defineConfig({
  baseUrl: 'https://news.example/world',
  renderers: [html({ images: 'beside' }), pdf(), epub(), text(), index(), feed(), sitemap()],
});
