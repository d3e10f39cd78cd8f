import { defineConfig, feed, html } from 'editions';

/** A collection renderer writing a file into the feed's pictures folder, which the feed empties of pictures it no longer shows. */
export default defineConfig({
  baseUrl: 'https://news.example/world/',
  renderers: [html(), feed(), { name: 'logo', kind: 'collection', files: ['feed-images/logo.png'], render: () => [] }],
});
