import { type Collection, defineConfig, text } from 'editions';

/** A collection renderer that returns one path twice, beside one that returns its file once. */
export default defineConfig({
  renderers: [
    text(),
    {
      name: 'twice',
      kind: 'collection',
      files: ['list.txt'],
      render: () => [
        { path: 'list.txt', bytes: 'first\n' },
        { path: 'list.txt', bytes: 'second\n' },
      ],
    },
    {
      name: 'count',
      kind: 'collection',
      files: ['count.txt'],
      render: (collection: Collection) => [{ path: 'count.txt', bytes: `${collection.articles.length}\n` }],
    },
  ],
});
