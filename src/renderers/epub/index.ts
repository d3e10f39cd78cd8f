import { checkedOptions, registered } from '../../config/registry.js';
import type { Article, RenderContext, Renderer } from '../../types.js';

/** An EPUB 3 edition: title page, article, navigation, NCX, cover; byte-identical on every rebuild. */
export function epub(options: Record<never, never> = {}): Renderer<Uint8Array> {
  checkedOptions('epub', options, {});
  return registered('epub', options, {
    name: 'epub',
    extension: '.epub',
    weight: 2,
    async prepare(): Promise<void> {
      await import('./book.js');
    },
    async render(article: Article, context: RenderContext): Promise<Uint8Array> {
      // The book builder is loaded on first use only.
      const { renderBook } = await import('./book.js');
      return renderBook(article, context);
    },
  });
}
