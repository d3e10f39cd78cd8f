import { defineConfig, text } from 'editions';

export default defineConfig({ source: '../bad-input/crlf', outDir: 'relative-out', renderers: [text()] });
