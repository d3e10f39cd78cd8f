import { defineConfig, feed, html, index, sitemap, text } from 'editions';

/** The front page and the feeds of every language, and those of French and Arabic alone, beside the sitemap. */
export default defineConfig({
  baseUrl: 'https://news.example/world',
  renderers: [html(), text(), index(), index({ lang: 'fr' }), index({ lang: 'ar' }), feed(), feed({ lang: 'fr' }), sitemap()],
});
