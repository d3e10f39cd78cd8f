import { defineConfig, type Renderer, text } from 'editions';

/**
 * A user's renderer's bugs, by the article's title: "Hang" returns a promise nothing can settle; "Async throw" throws from a
 * timer and so never settles (callback code whose callback threw); "Rejected" leaves a rejected promise nobody awaits and returns.
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
      return `${article.slug} by ${name}\n`;
    },
  };
}

export default defineConfig({ renderers: [text(), probe('heavy', 10), probe('light', 1)] });
