import { defineConfig, docx } from 'editions';

/** The house style's faces (installed nowhere: the DOCX must carry them), colours and a PNG logo, in the DOCX. */
export default defineConfig({
  renderers: [docx()],
  theme: {
    name: 'The Harbour Gazette',
    logo: '../fixtures/png-transparency/rgba.png',
    fonts: {
      headline: '../../examples/house-style/fonts/LibreFranklin-Bold.ttf',
      body: '../../examples/house-style/fonts/Newsreader-Regular.ttf',
      mono: '../../examples/house-style/fonts/JetBrainsMono-Regular.ttf',
    },
    colors: { text: '#1a1a2e', background: '#fbf8f1', accent: '#7a1f2b', muted: '#5a5560' },
  },
});
