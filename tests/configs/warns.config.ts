import { defineConfig, type Renderer, text } from 'editions';

/** A renderer of the config's own that warns without a rule, and fails for an article titled "Fail". */
const wire: Renderer = {
  name: 'wire',
  extension: '.wire.txt',
  render(article, context) {
    context.warn('No dateline for the wire');
    if (article.meta.title === 'Fail') throw new Error('the wire is down');
    return `${article.slug}\n`;
  },
};

export default defineConfig({ renderers: [text(), wire] });
