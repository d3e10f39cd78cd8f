import { defineConfig, pdf } from 'editions';

/** A house theme whose PNG logo has an alpha channel, as most exported logos do. */
export default defineConfig({
  renderers: [pdf()],
  theme: { name: 'The Harbour Gazette', logo: '../fixtures/png-transparency/rgba.png' },
});
