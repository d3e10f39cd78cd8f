import { type Collection, type CollectionRenderer, defineConfig, text } from 'editions';

/**
 * Collection renderers whose code throws from a timer: "inflight" while its render waits (0.2 s), "late" 0.2 s after its render
 * has settled; "steady" lists the articles. Run them one at a time (--only).
 */
function probe(name: string, settled: boolean): CollectionRenderer {
  return {
    name,
    kind: 'collection',
    files: [`${name}.txt`],
    render: () => {
      setTimeout(
        () => {
          throw new Error(`the ${name} collection probe threw from a timer`);
        },
        settled ? 200 : 1,
      );
      const files = [{ path: `${name}.txt`, bytes: `${name}\n` }];
      return settled ? files : new Promise((resolve) => setTimeout(() => resolve(files), 200));
    },
  };
}

export default defineConfig({
  renderers: [
    text(),
    probe('inflight', false),
    probe('late', true),
    {
      name: 'steady',
      kind: 'collection',
      files: ['steady.txt'],
      render: (collection: Collection) => [{ path: 'steady.txt', bytes: `${collection.articles.length}\n` }],
    },
  ],
});
