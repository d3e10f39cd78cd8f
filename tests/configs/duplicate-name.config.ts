import { defineConfig, html } from 'editions';

export default defineConfig({ renderers: [html(), { ...html(), extension: '.htm' }] });
