import type { Renderer } from '../types.js';

/** The four built-in editions, for a project without a config file; loaded only when needed. */
export async function defaultRenderers(): Promise<Renderer[]> {
  const [{ html }, { pdf }, { epub }, { text }] = await Promise.all([
    import('../renderers/html/index.js'),
    import('../renderers/pdf/index.js'),
    import('../renderers/epub/index.js'),
    import('../renderers/text/index.js'),
  ]);
  return [html(), pdf(), epub(), text()];
}
