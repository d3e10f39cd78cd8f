import { defineConfig, epub, html, index, pdf, text } from 'editions';

/**
 * A house style: every option of `theme`. Publish it with
 * `npm run publish -- --config examples/house-style/pipeline.config.ts`.
 */
export default defineConfig({
  source: 'source',
  outDir: '../../outputs/house-style',
  renderers: [html(), pdf(), epub(), text(), index({ title: 'The Harbour Gazette' })],
  theme: {
    name: 'The Harbour Gazette',
    logo: 'logo.svg',
    fonts: { headline: 'fonts/LibreFranklin-Bold.ttf', body: 'fonts/Newsreader-Regular.ttf', mono: 'fonts/JetBrainsMono-Regular.ttf' },
    colors: {
      text: '#1a1a2e',
      background: '#fbf8f1',
      accent: '#7a1f2b',
      muted: '#5a5560',
      dark: { text: '#eeeae2', background: '#16141a', accent: '#f2a7b0', muted: '#b9b2bd' },
    },
    measure: 60,
    columns: 2,
    runningHead: 'publisher',
    folio: 'page',
    css: 'house.css',
    rule: '═',
  },
});
