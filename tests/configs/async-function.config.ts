import { defineConfig, text } from 'editions';

/** A default export that is a function: refused, with what to export instead. */
export default async () => defineConfig({ renderers: [text()] });
