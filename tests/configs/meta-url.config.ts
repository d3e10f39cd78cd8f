import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, text } from 'editions';

/** A source folder found from the config file's own address, as a Node module finds it: import.meta.url named a data: URL. */
const here = dirname(fileURLToPath(import.meta.url));
export default defineConfig({ source: join(here, '..', 'bad-input', 'crlf'), renderers: [text()] });
