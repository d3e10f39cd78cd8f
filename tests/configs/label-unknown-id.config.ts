import { defineConfig, text } from 'editions';

/** A French label under an id the table does not have: the types refuse it, and so does loading the config. */
export default defineConfig({
  renderers: [text()],
  // @ts-expect-error: `signature` is not a label id.
  labels: { fr: { signature: 'Texte : {names}' } },
});
