import { defineConfig, text } from 'editions';

/** A config that throws while it runs: its message says where, in this file, through the transpile. */
type Settings = { site?: { name: string } };
const settings: Settings = {};
const name: string = (settings.site as { name: string }).name;

export default defineConfig({ renderers: [text({ width: name.length })] });
