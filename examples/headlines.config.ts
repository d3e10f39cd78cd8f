import { type Collection, type CollectionRenderer, defineConfig, html, index, text } from 'editions';

/** A collection renderer: one line per article, newest first, for a newsroom's wire desk. */
function headlines(): CollectionRenderer {
  return {
    name: 'headlines',
    kind: 'collection',
    files: ['headlines.txt'],
    render: (collection: Collection) => [
      {
        path: 'headlines.txt',
        bytes: collection.articles
          .map(({ meta, editions }) => `${meta.date ?? 'undated'}  ${meta.title}  ${editions.map((edition) => edition.path).join(' ')}\n`)
          .join(''),
      },
    ],
  };
}

export default defineConfig({
  source: '../source',
  outDir: '../outputs',
  renderers: [html(), text(), index(), headlines()],
});
