import { defineConfig, text } from 'editions';

export default defineConfig({ renderers: [text(), { name: 'wire', extension: '.txt', render: () => '' }] });
