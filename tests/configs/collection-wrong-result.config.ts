import { type Collection, defineConfig, text } from 'editions';

/** Collection renderers that return something other than a list of { path, bytes }, beside one that returns its file. */
export default defineConfig({
  renderers: [
    text(),
    // A developer's slips: the file's text alone, a file without bytes, bytes as a number.
    { name: 'text-alone', kind: 'collection', files: ['alone.txt'], render: () => 'the list' as never },
    { name: 'no-bytes', kind: 'collection', files: ['no-bytes.txt'], render: () => [{ path: 'no-bytes.txt' }] as never },
    { name: 'number', kind: 'collection', files: ['number.txt'], render: () => [{ path: 'number.txt', bytes: 42 }] as never },
    {
      name: 'count',
      kind: 'collection',
      files: ['count.txt'],
      render: (collection: Collection) => [{ path: 'count.txt', bytes: `${collection.articles.length}\n` }],
    },
  ],
});
