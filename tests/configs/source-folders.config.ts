import { defineConfig, epub, feed, html, index, pdf, sitemap, text } from 'editions';

/** Articles in folders of the source folder: pages with their pictures and the theme's logo beside them, and the collections. */
export default defineConfig({
  baseUrl: 'https://news.example/world',
  renderers: [html({ images: 'beside' }), pdf(), epub(), text(), index(), feed(), sitemap()],
  theme: { name: 'The Harbour Gazette', logo: '../../examples/house-style/logo.svg' },
});
