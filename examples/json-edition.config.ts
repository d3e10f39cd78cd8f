import { type Article, defineConfig, html, type Renderer, text } from 'editions';

/** A one-line JSON edition for a wire feed: the article's metadata and its slug. */
function json(): Renderer {
  return {
    name: 'json',
    extension: '.json',
    render: (article: Article) => `${JSON.stringify({ slug: article.slug, ...article.meta })}\n`,
  };
}

export default defineConfig({
  source: '../source',
  outDir: '../outputs',
  renderers: [html(), text(), json()],
});
