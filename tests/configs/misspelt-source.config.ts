import { defineConfig, text } from 'editions';

/** `sorce` for `source`, a key the types would catch; transpiled, the config runs, and is refused where the key is written. */
export default defineConfig({
  renderers: [text()],
  sorce: 'articles',
} as never);
