import { defineConfig, text } from 'editions';
import { region } from './parts/throwing.js';

export default defineConfig({ source: region, renderers: [text()] });
