import { defineConfig, text } from 'editions';

/** A label under a tag that is not one, on its own line: refused where it is written. */
export default defineConfig({
  renderers: [text()],
  labels: {
    fr: { byline: 'Texte : {names}' },
    pt_PT: { byline: 'Texto: {names}' },
  },
});
