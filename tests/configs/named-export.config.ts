import { defineConfig, text } from 'editions';

/** The config as a named export only: the CLI reads the default one. */
export const config = defineConfig({ renderers: [text()] });
