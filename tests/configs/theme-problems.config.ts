import { defineConfig, text } from 'editions';

/** A theme with three problems, each at its key, all reported in one run: no such font, no such logo, a colour that is none. */
export default defineConfig({
  renderers: [text()],
  theme: {
    name: 'The Harbour Gazette',
    fonts: { body: 'fonts/missing.ttf' },
    logo: 'missing-logo.svg',
    colors: { accent: 'blue' },
  },
});
