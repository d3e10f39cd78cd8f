import { defineConfig, epub, html, pdf, text } from 'editions';

/** Options other than the defaults, and a theme, which every thread must set as given. */
export default defineConfig({
  renderers: [html(), pdf({ pageSize: 'LETTER' }), epub(), text({ width: 40 })],
  theme: { name: 'The Harbour Gazette', rule: '═' },
});
