import { defineConfig, text } from 'editions';

/** Labels for a language the table does not have (Italian): the types refuse it, and so does loading the config. */
export default defineConfig({
  renderers: [text()],
  // @ts-expect-error: `it` is not a label language.
  labels: { it: { byline: 'Di {names}' } },
});
