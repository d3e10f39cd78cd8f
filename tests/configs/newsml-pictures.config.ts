import { defineConfig, html, newsml } from 'editions';

/** The wire's items and the site's pages with their pictures beside them, under the site's address: both share each article's pictures folder. */
export default defineConfig({
  baseUrl: 'https://news.example/world',
  renderers: [html({ images: 'beside' }), newsml({ provider: 'AFP' })],
});
