import { defineConfig, type Renderer, text } from 'editions';

/** A user's renderer that returns an object of its own instead of the edition's bytes. */
const wrongResult = {
  name: 'summary',
  extension: '.json',
  render: (article: { slug: string }) => ({ slug: article.slug }),
} as unknown as Renderer;

export default defineConfig({ renderers: [text(), wrongResult] });
