import { defineConfig, text } from 'editions';

/** Renderers whose promise never settles: the article renderer's edition fails, the collection renderer's files, and the publish goes on. */
export default defineConfig({
  renderers: [
    text(),
    { name: 'never', extension: '.never', render: () => new Promise<string>(() => {}) },
    { name: 'never-listed', kind: 'collection', files: ['never.txt'], render: () => new Promise<never>(() => {}) },
  ],
});
