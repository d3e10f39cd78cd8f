import { type Collection, defineConfig, text } from 'editions';

/** A collection renderer that sends its own process SIGTERM (a CI job cancelled as the run ends) and renders once it is heard: every article is written by then. */
export default defineConfig({
  renderers: [
    text(),
    {
      name: 'late-signal',
      kind: 'collection',
      files: ['count.txt'],
      render: async (collection: Collection) => {
        // A signal's listener does not hold the event loop: the timer does, until the signal is heard.
        const heard = new Promise((resolve) => {
          const holding = setTimeout(resolve, 60_000);
          process.once('SIGTERM', () => resolve(clearTimeout(holding)));
        });
        process.kill(process.pid, 'SIGTERM');
        await heard;
        return [{ path: 'count.txt', bytes: `${collection.articles.length}\n` }];
      },
    },
  ],
});
