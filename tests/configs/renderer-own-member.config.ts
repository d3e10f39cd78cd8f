import { defineConfig, type Renderer, text } from 'editions';

/** A renderer of the config's own with a member of its own near a renderer's (`rendered` beside `render`): no misspelling. */
const counted = { name: 'counted', extension: '.counted.txt', rendered: 0, render: () => 'counted\n' } as unknown as Renderer;

export default defineConfig({ renderers: [text(), counted] });
