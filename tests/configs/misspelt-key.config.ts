import { defineConfig, html, pdf } from 'editions';

// Typed as the config's own keys would catch it; transpiled, it was ignored and the editions went to outputs/.
export default defineConfig({ outdir: 'public', renderers: [html(), pdf()] } as never);
