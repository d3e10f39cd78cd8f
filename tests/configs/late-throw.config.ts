import { defineConfig, type Renderer, text } from 'editions';

/**
 * A user's renderer whose code throws after its render has settled: "Late throw" is rendered at once, and a timer throws 0.1 s
 * later, while its thread renders the next article, each of which takes 0.4 s. Two probes: "heavy" goes to the helper thread in
 * the default mode, "light" stays in the main thread; every mode runs both.
 */
function probe(name: string, weight: number): Renderer {
  return {
    name,
    extension: `.${name}.txt`,
    weight,
    render(article) {
      const edition = `${article.slug} by ${name}\n`;
      if (article.meta.title !== 'Late throw') return new Promise<string>((resolve) => setTimeout(() => resolve(edition), 400));
      setTimeout(() => {
        throw new Error(`the ${name} probe threw after its render`);
      }, 100);
      return edition;
    },
  };
}

export default defineConfig({ renderers: [text(), probe('heavy', 10), probe('light', 1)] });
