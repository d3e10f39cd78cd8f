import { defineConfig, text } from 'editions';

/** A default export that is a promise nothing settles: the publish waits for it, and no render is in flight to fail. */
export default new Promise<ReturnType<typeof defineConfig>>(() => undefined).then(() => defineConfig({ renderers: [text()] }));
