import { defineConfig, type Renderer, text } from 'editions';

/**
 * A renderer whose prepare() sets up what render() writes, the heaviest of its config so that the default run gives it to
 * the helper thread: its editions must be the same in every mode. With EDITIONS_PREPARE_FAILS set, prepare() throws.
 */
function stamped(): Renderer {
  let stamp: string | undefined;
  return {
    name: 'stamp',
    extension: '.stamp.txt',
    weight: 10,
    async prepare() {
      if (process.env.EDITIONS_PREPARE_FAILS) throw new Error('no dictionary for the stamp');
      stamp = 'prepared';
    },
    render: (article) => `${article.slug}: ${stamp ?? 'NOT PREPARED'}\n`,
  };
}

export default defineConfig({ renderers: [text(), stamped()] });
