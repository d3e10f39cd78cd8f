import { defineConfig, text } from 'editions';

/** A JavaScript config that throws while it runs: its message says where, in this file. */
const settings = {};
const name = settings.site.name;

export default defineConfig({ renderers: [text({ width: name.length })] });
