import { defineConfig } from 'editions';

/** A config whose list of renderers is empty: nothing would be published. */
export default defineConfig({
  source: 'source',
  renderers: [],
});
