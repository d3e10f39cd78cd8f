import { defineConfig, type Renderer, text } from 'editions';

/** A renderer of the config's own with a misspelt member: `use` for `uses`. */
const wire = { name: 'wire', extension: '.wire.txt', use: ['versions'], render: () => 'wire\n' } as unknown as Renderer;

export default defineConfig({ renderers: [text(), wire] });
