import { type Collection, defineConfig, feed, html, index, text } from 'editions';

/**
 * Pages with their pictures beside them, text editions, the front page (`index.html`), the feeds (`feed.xml`, `feed.json`,
 * `feed-images/`) and a wire desk's list of slugs (`latest.txt`): an article's slug may name an edition like one of those files.
 */
export default defineConfig({
  baseUrl: 'https://news.example/world/',
  renderers: [
    html({ images: 'beside' }),
    text(),
    index(),
    feed(),
    {
      name: 'latest',
      kind: 'collection',
      files: ['latest.txt'],
      render: (collection: Collection) => [{ path: 'latest.txt', bytes: collection.articles.map((article) => `${article.slug}\n`).join('') }],
    },
  ],
});
