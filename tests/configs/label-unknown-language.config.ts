import { defineConfig, text } from 'editions';

/** Labels for a language the table does not have (Swahili): the types refuse it, and so does loading the config. */
export default defineConfig({
  renderers: [text()],
  // @ts-expect-error: `sw` is not a label language.
  labels: { sw: { byline: 'Na {names}' } },
});
