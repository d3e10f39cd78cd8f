import { defineConfig, pdf } from 'editions';

/** Margins that leave no room for text on a Letter page. */
export default defineConfig({ renderers: [pdf({ pageSize: 'LETTER', margins: { top: 64, right: 300, bottom: 64, left: 300 } })] });
