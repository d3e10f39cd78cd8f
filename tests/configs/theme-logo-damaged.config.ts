import { defineConfig, pdf } from 'editions';

/** A house theme whose PNG logo has a whole header and damaged image data. */
export default defineConfig({
  renderers: [pdf()],
  theme: { name: 'The Harbour Gazette', logo: '../bad-input/damaged-png/damaged.png' },
});
