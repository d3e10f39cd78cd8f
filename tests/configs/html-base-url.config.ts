import { defineConfig, html } from 'editions';

// An address without its scheme: every page failed with "Invalid URL" and a stack.
export default defineConfig({ renderers: [html({ baseUrl: 'news.example/world' })] });
