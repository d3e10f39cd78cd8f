import { defineConfig, html } from 'editions';

/** A collection renderer declaring `theme/`, where the HTML edition writes the theme's fonts and logo beside its pages. */
export default defineConfig({
  renderers: [html({ images: 'beside' }), { name: 'styles', kind: 'collection', files: ['theme/'], render: () => [] }],
});
