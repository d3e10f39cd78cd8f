import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { defineConfig, type Renderer, text } from 'editions';

/**
 * A user's renderer whose code runs on after its render has settled, by the article's title: "Late throw" is rendered at once, and
 * a timer throws 0.1 s later, while its thread renders the next article, each of which takes 0.4 s; "After the run" throws 0.2 s
 * after the publish has written its manifest (its last file), once the run's other work is done; "Interval" (the heavy probe's)
 * leaves a timer that never ends. Two probes: "heavy" goes to the helper thread in the default mode, "light" stays in the main
 * thread; every mode runs both.
 */
function probe(name: string, weight: number): Renderer {
  return {
    name,
    extension: `.${name}.txt`,
    weight,
    render(article, context) {
      const edition = `${article.slug} by ${name}\n`;
      if (article.meta.title === 'Late throw') {
        setTimeout(() => {
          throw new Error(`the ${name} probe threw after its render`);
        }, 100);
        return edition;
      }
      if (article.meta.title === 'After the run') {
        const manifest = join(context.config.outDir, '.editions-manifest.json');
        const wait = () => {
          if (existsSync(manifest))
            setTimeout(() => {
              throw new Error(`the ${name} probe threw after the run`);
            }, 200);
          else setTimeout(wait, 20);
        };
        wait();
        return edition;
      }
      if (article.meta.title === 'Interval') {
        if (name === 'heavy') setInterval(() => undefined, 1000);
        return edition;
      }
      return new Promise<string>((resolve) => setTimeout(() => resolve(edition), 400));
    },
  };
}

export default defineConfig({ renderers: [text(), probe('heavy', 10), probe('light', 1)] });
