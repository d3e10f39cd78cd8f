import { defineConfig, type Renderer } from 'editions';

/** Two renderers declared before the list, each with a `weight`: the second's is text. */
const wire: Renderer = { name: 'wire', extension: '.wire.txt', weight: 2, render: () => 'wire\n' };
const other = { name: 'other', extension: '.other.txt', weight: '4', render: () => 'other\n' } as unknown as Renderer;

export default defineConfig({ renderers: [wire, other] });
