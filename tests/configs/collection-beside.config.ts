import { defineConfig, html, type Renderer } from 'editions';

/**
 * A renderer of the config's own writes a note beside each edition: in `<slug>.files/`, but for an article titled "Styled" in
 * `theme/`, which the "styles" collection renderer declares (the config check cannot see where such a renderer writes).
 */
const wire: Renderer = {
  name: 'wire',
  extension: '.wire.txt',
  render: (article) => ({
    edition: `${article.slug}\n`,
    beside: [
      {
        path: article.meta.title === 'Styled' ? 'theme/house.css' : `${article.slug}.files/note.txt`,
        bytes: new TextEncoder().encode(`written by wire for ${article.slug}\n`),
      },
    ],
  }),
};

export default defineConfig({
  renderers: [
    html(),
    wire,
    { name: 'styles', kind: 'collection', files: ['theme/'], render: () => [{ path: 'theme/house.css', bytes: 'body { margin: 0 }\n' }] },
  ],
});
