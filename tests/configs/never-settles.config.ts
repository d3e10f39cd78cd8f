import { defineConfig, text } from 'editions';

/**
 * Renderers whose promise never settles: the article renderer's edition fails and the publish goes on; the collection renderer
 * (whose render is not tracked as an article's is) stops the publish, which must not end as if it had succeeded.
 */
export default defineConfig({
  renderers: [
    text(),
    { name: 'never', extension: '.never', render: () => new Promise<string>(() => {}) },
    { name: 'never-listed', kind: 'collection', files: ['never.txt'], render: () => new Promise<never>(() => {}) },
  ],
});
