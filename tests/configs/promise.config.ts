import { defineConfig, html, text } from 'editions';

/** A default export that is a promise of the config, as Vite takes it: awaited. */
export default Promise.resolve(defineConfig({ source: '../../source', renderers: [html(), text()] }));
