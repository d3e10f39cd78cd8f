import type { Renderer } from 'editions';
import { defineConfig, html } from 'editions';

// A common slip: the factory itself instead of the renderer it makes.
export default defineConfig({ renderers: [html as unknown as Renderer] });
