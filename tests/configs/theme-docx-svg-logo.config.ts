import { defineConfig, docx } from 'editions';

/** An SVG logo, which Word 2016 and earlier cannot show: the DOCX leaves it out with a warning. */
export default defineConfig({
  renderers: [docx()],
  theme: { name: 'The Harbour Gazette', logo: '../theme/logo.svg' },
});
