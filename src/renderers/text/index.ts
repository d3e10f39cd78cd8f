import { checkedOptions, registered } from '../../config/registry.js';
import type { Article, RenderContext, Renderer } from '../../types.js';

export interface TextOptions {
  /** Line width in terminal columns (display width). Default 72. */
  readonly width?: number;
}

/** A plain-text edition for wire feeds, e-mail and terminals: UTF-8, LF, wrapped by display width. */
export function text(options: TextOptions = {}): Renderer<string> {
  checkedOptions('text', options, { width: true });
  const width = options.width ?? 72;
  if (!Number.isInteger(width) || width < 20) throw new RangeError(`text({ width }) must be a whole number of columns, at least 20; got ${width}`);
  return registered('text', options, {
    name: 'text',
    extension: '.txt',
    async render(article: Article, context: RenderContext): Promise<string> {
      // The setter and its Unicode tables are loaded on first use only.
      const { textEdition } = await import('./edition.js');
      return textEdition(article, width, context);
    },
  });
}
