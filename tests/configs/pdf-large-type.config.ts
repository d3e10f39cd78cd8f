import { defineConfig, pdf } from 'editions';

/** The PDF alone, its body in 24-point type: five times fewer words a page, so a long article makes thousands of pages cheaply. */
export default defineConfig({ renderers: [pdf({ baseSize: 24 })] });
