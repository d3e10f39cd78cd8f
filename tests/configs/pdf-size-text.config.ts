import { defineConfig, pdf } from 'editions';

// A size as text: it passed ("11" >= 6), then every PDF failed with "unsupported number: NaN".
export default defineConfig({ renderers: [pdf({ baseSize: '11' as never })] });
