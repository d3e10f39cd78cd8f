import { defineConfig, text } from 'editions';

/** A collection renderer (its render is not an article's) that throws from a timer: an error no render in flight threw. */
export default defineConfig({
  renderers: [
    text(),
    {
      name: 'stray',
      kind: 'collection',
      files: ['stray.txt'],
      render: () => {
        setTimeout(() => {
          throw new Error('the collection probe threw from a timer');
        }, 1);
        return [{ path: 'stray.txt', bytes: 'listed\n' }];
      },
    },
  ],
});
