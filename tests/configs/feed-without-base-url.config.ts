import { defineConfig, feed, html } from 'editions';

export default defineConfig({
  renderers: [html(), feed()],
});
