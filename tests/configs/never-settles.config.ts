import { defineConfig, text } from 'editions';

/** A renderer whose promise never settles: the process must not end as if the publish had succeeded. */
export default defineConfig({
  renderers: [text(), { name: 'never', extension: '.never', render: () => new Promise<string>(() => {}) }],
});
