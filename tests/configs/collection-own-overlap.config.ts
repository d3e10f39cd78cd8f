import { defineConfig, html } from 'editions';

/** A collection renderer declaring its pictures folder and, again, a picture in it. */
export default defineConfig({
  renderers: [html(), { name: 'gallery', kind: 'collection', files: ['pictures/', 'pictures/cover.png'], render: () => [] }],
});
