import { defineConfig, epub, html, pdf, text } from 'editions';

export default defineConfig({
  source: 'source',
  outDir: 'outputs',
  renderers: [html(), pdf({ pageSize: 'A4' }), epub(), text({ width: 72 })],
});
