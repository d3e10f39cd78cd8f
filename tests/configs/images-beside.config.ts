import { defineConfig, html } from 'editions';

/** HTML pages with their images written beside them, as a site would serve them. */
export default defineConfig({ source: '../fixtures/epub-images', renderers: [html({ images: 'beside', baseUrl: 'https://news.example/world' })] });
