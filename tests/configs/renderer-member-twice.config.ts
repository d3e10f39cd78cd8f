import { defineConfig, type Renderer } from 'editions';

/** Two renderers of the config's own with a member `use`: the first's own (it has `uses`), the second's misspelt. */
export default defineConfig({
  renderers: [
    { name: 'wire', extension: '.wire.txt', uses: ['versions'], use: 'its own', render: () => 'wire\n' } as Renderer,
    { name: 'other', extension: '.other.txt', use: ['versions'], render: () => 'other\n' } as unknown as Renderer,
  ],
});
