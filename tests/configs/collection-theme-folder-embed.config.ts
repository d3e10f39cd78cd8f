import { defineConfig, html, text } from 'editions';

/** Pages that embed the theme's fonts and logo: nothing writes `theme/`, so a collection renderer may write its stylesheet there. */
export default defineConfig({
  renderers: [
    html(),
    text(),
    { name: 'styles', kind: 'collection', files: ['theme/'], render: () => [{ path: 'theme/house.css', bytes: 'body { margin: 0 }\n' }] },
  ],
});
