import { defineConfig, html, text } from 'editions';

/** HTML pages with their pictures beside them and smaller copies at the default widths (480, 960, 1600), for a srcset; with text(), so that
 * on two cores the helper thread takes the HTML pages. */
export default defineConfig({
  source: '../responsive-images/photos',
  renderers: [html({ images: 'beside', imageWidths: true, baseUrl: 'https://news.example/world' }), text()],
});
