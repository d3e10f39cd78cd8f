import { defineConfig, html } from 'editions';

/** Pages with their pictures inside them (`data:` URIs): nothing is published at a picture's address. */
export default defineConfig({
  baseUrl: 'https://news.example/world',
  renderers: [html()],
});
