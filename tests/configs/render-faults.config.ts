import { appendFileSync, existsSync } from 'node:fs';
import { defineConfig, type Renderer, text } from 'editions';

/**
 * A user's renderer's bugs, by the article's title: "Hang" returns a promise nothing can settle; "Async throw" throws from a
 * timer and so never settles (callback code whose callback threw); "Rejected" leaves a rejected promise nobody awaits and returns;
 * "Exit" calls process.exit, as a command-line tool's code might;
 * "Held" adds the probe's name to the file EDITIONS_PROBE_HOLD names, then waits, on a timer, until that file is removed (a test
 * acts while a publish runs); any other article's edition comes after a timer.
 * Two probes: "heavy" goes to the helper thread in the default mode, "light" stays in the main thread; every mode runs both.
 */
function probe(name: string, weight: number): Renderer {
  return {
    name,
    extension: `.${name}.txt`,
    weight,
    render(article) {
      if (article.meta.title === 'Hang') return new Promise<string>(() => undefined);
      if (article.meta.title === 'Async throw') {
        setTimeout(() => {
          throw new Error(`the ${name} probe threw from a timer`);
        }, 1);
        return new Promise<string>(() => undefined);
      }
      if (article.meta.title === 'Rejected') void Promise.reject(new Error(`the ${name} probe left a promise rejected`));
      if (article.meta.title === 'Exit') process.exit(3);
      if (article.meta.title === 'Held') {
        const hold = process.env.EDITIONS_PROBE_HOLD as string;
        appendFileSync(hold, `${name}\n`);
        return new Promise<string>((resolve) => {
          const wait = () => (existsSync(hold) ? setTimeout(wait, 20) : resolve(`${article.slug} by ${name}\n`));
          wait();
        });
      }
      // Any other waits for a timer: a render that waits for something live is never taken for one that nothing can settle.
      return new Promise<string>((resolve) => setTimeout(() => resolve(`${article.slug} by ${name}\n`), 50));
    },
  };
}

export default defineConfig({ renderers: [text(), probe('heavy', 10), probe('light', 1)] });
