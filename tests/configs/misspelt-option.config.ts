import { defineConfig, pdf } from 'editions';

// pageSize written pagesize: the PDF was A4 without a word.
export default defineConfig({ renderers: [pdf({ pagesize: 'LETTER' } as never)] });
