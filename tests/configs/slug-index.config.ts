import { defineConfig, html, index, text } from 'editions';

/** Pages with their images beside them, text editions and the front page: an article's slug may take the front page's name. */
export default defineConfig({ renderers: [html({ images: 'beside' }), text(), index()] });
