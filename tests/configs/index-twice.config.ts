import { defineConfig, html, index } from 'editions';

/** Two front pages of one name: a newsroom's `index()` for every article and, by mistake, another without its `lang`. */
export default defineConfig({ renderers: [html(), index(), index({ title: 'À la une' })] });
