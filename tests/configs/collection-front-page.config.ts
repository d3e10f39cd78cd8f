import { type CollectionRenderer, defineConfig, text } from 'editions';

/** A collection renderer whose front page is not among its files. */
const home: CollectionRenderer = { name: 'home', kind: 'collection', files: ['index.html'], frontPage: { path: 'home.html' }, render: () => [] };

export default defineConfig({ renderers: [text(), home] });
