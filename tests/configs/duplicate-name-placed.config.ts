import { defineConfig, text } from 'editions';

/** A renderer of the config's own named as a built-in one listed before it. */
export default defineConfig({
  renderers: [text(), { name: 'text', extension: '.wire.txt', render: () => 'wire\n' }],
});
