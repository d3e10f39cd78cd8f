import { defineConfig, feed, html, index, pdf, sitemap, text } from 'editions';

/** Pages with their pictures beside them, the PDF (the helper thread's by default), text, and the collections that list the articles. */
export default defineConfig({
  baseUrl: 'https://news.example/world',
  renderers: [html({ images: 'beside' }), pdf(), text(), index(), feed(), sitemap()],
});
