import { defineConfig, html } from 'editions';

/** The example's theme with the HTML's images, fonts and logo beside the page. */
export default defineConfig({
  renderers: [html({ images: 'beside' })],
  theme: {
    name: 'The Harbour Gazette',
    logo: '../../examples/house-style/logo.svg',
    fonts: { headline: '../../examples/house-style/fonts/LibreFranklin-Bold.ttf', body: '../../examples/house-style/fonts/Newsreader-Regular.ttf' },
  },
});
