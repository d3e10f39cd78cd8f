import { defineConfig, type Renderer, text } from 'editions';

/** A renderer of the config's own named "json", for `--only jsn`. */
const json: Renderer = { name: 'json', extension: '.json', render: (article) => `${JSON.stringify(article.meta)}\n` };

export default defineConfig({ renderers: [text(), json] });
