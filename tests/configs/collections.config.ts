import { defineConfig, epub, feed, html, index, pdf, sitemap, text } from 'editions';

export default defineConfig({
  baseUrl: 'https://news.example/world',
  renderers: [html(), pdf(), epub(), text(), index(), feed(), sitemap()],
});
