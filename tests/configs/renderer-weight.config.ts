import { defineConfig, type Renderer, text } from 'editions';

/** A renderer of the config's own whose weight is text, which the threads' shares added as text. */
const wire = { name: 'wire', extension: '.wire.txt', weight: '4', render: () => 'wire\n' } as unknown as Renderer;

export default defineConfig({ renderers: [text(), wire] });
