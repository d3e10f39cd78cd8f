import { defineConfig, html, text } from 'editions';

/** A collection renderer declaring a folder named like a text edition: the edition of an article whose slug is "2024" is a file of that name. */
export default defineConfig({
  renderers: [html(), text(), { name: 'archive', kind: 'collection', files: ['archive.html', '2024.txt/'], render: () => [] }],
});
