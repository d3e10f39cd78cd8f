import { defineConfig, docx, epub, html, newsml, pdf, text } from 'editions';

/** A newsroom's six editions: the four built-in ones, a Word document for editors and partners, and a NewsML-G2 item for the wire. */
export default defineConfig({
  source: '../source',
  outDir: '../outputs',
  renderers: [html(), pdf(), epub(), text(), docx({ pageSize: 'A4' }), newsml({ provider: 'AFP' })],
});
