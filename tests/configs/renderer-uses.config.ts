import { defineConfig, type Renderer, text } from 'editions';

/** A renderer of the config's own that asks for what the context has not: `version` for `versions`. */
const wire = { name: 'wire', extension: '.wire.txt', uses: ['version'], render: () => 'wire\n' } as unknown as Renderer;

export default defineConfig({ renderers: [text(), wire] });
