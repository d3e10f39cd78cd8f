import { defineConfig, pdf } from 'editions';

/** A house theme in two columns: faces of its own for every role, an SVG logo, colours, the publisher in the running head. */
export default defineConfig({
  renderers: [pdf()],
  theme: {
    name: 'The Harbour Gazette',
    logo: '../theme/logo.svg',
    fonts: {
      headline: '../../node_modules/dejavu-fonts-ttf/ttf/DejaVuSerifCondensed-Bold.ttf',
      body: '../../node_modules/dejavu-fonts-ttf/ttf/DejaVuSerifCondensed.ttf',
      mono: '../../node_modules/dejavu-fonts-ttf/ttf/DejaVuSansMono-Oblique.ttf',
    },
    colors: { text: '#202a33', accent: '#8a1c1c', muted: '#555555' },
    columns: 2,
    runningHead: 'publisher',
    folio: 'page',
  },
});
