import { defineConfig, text } from 'editions';

/** A timer the config file sets as it loads, which throws while the publish runs: an error no render threw. */
setTimeout(() => {
  throw new Error('the config threw from a timer');
}, 1);

export default defineConfig({ renderers: [text()] });
