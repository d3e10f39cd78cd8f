import { defineConfig, pdf } from 'editions';

/** A house theme of light text on a dark page, which passes the contrast check: highlighted words must still read. */
export default defineConfig({
  renderers: [pdf()],
  theme: { colors: { text: '#eeeeee', background: '#111111', accent: '#8cc4ff', muted: '#b4b0a8' } },
});
