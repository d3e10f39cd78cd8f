import { defineConfig, text } from 'editions';

/** Labels under a key that is no language tag (a locale written with an underscore): loading the config refuses it. */
export default defineConfig({
  renderers: [text()],
  labels: { pt_PT: { contents: 'Índice' } },
});
