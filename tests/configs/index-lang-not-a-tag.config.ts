import { defineConfig, html, index } from 'editions';

// A locale written as a POSIX one, not a BCP 47 tag.
export default defineConfig({ renderers: [html(), index({ lang: 'fr_CA' })] });
