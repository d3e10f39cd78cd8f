import { defineConfig, pdf } from 'editions';

/** Margins with one side given, as a user might write them: a config error, not a failed PDF per article. */
export default defineConfig({ renderers: [pdf({ margins: { top: 50 } } as never)] });
