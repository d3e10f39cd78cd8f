import { type CollectionRenderer, defineConfig, text } from 'editions';

/** A collection renderer that requires what no config has: `baseURL` for `baseUrl`. */
const list = { name: 'list', kind: 'collection', files: ['list.txt'], requires: ['baseURL'], render: () => [] } as unknown as CollectionRenderer;

export default defineConfig({ renderers: [text(), list] });
