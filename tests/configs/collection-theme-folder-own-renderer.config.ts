import { defineConfig, html, type Renderer } from 'editions';

/** A renderer of the config's own may write files beside its editions in any folder, `theme/` too: a collection may not declare it. */
const wire: Renderer = { name: 'wire', extension: '.wire.txt', render: (article) => `${article.slug}\n` };

export default defineConfig({
  renderers: [html(), wire, { name: 'styles', kind: 'collection', files: ['theme/house.css'], render: () => [] }],
});
