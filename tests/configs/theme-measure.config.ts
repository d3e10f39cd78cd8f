import { defineConfig, pdf } from 'editions';

/** A house theme in one column of 52 characters on a tinted page: a PNG logo, a body face of its own, no running head. */
export default defineConfig({
  renderers: [pdf()],
  theme: {
    name: 'The Harbour Gazette',
    logo: '../fixtures/long-form/bar-chart.png',
    fonts: { body: '../../node_modules/dejavu-fonts-ttf/ttf/DejaVuSerifCondensed.ttf' },
    colors: { text: '#1d1d1d', background: '#f4ead2', accent: '#7a2a00', muted: '#4f4a40' },
    measure: 52,
    runningHead: 'none',
  },
});
