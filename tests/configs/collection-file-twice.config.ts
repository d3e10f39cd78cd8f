import { defineConfig, text } from 'editions';

/** Two collection renderers that write one file. */
export default defineConfig({
  renderers: [
    text(),
    { name: 'list', kind: 'collection', files: ['list.txt'], render: () => [] },
    { name: 'other', kind: 'collection', files: ['List.txt'], render: () => [] },
  ],
});
