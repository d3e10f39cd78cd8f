import { checkedLanguage, checkedOptions, registered } from '../../config/registry.js';
import type { Collection, CollectionContext, CollectionRenderer } from '../../types.js';

export interface IndexOptions {
  /** The page's headline; default "Articles". */
  readonly title?: string;
  /**
   * List only the articles in this language (BCP 47: `fr` takes `fr` and `fr-CA`), on a page in it: named `index-fr`,
   * written to `index-fr.html`, so that a config may list one for each language beside `index()`.
   */
  readonly lang?: string;
}

/** `index.html`: every article, newest first, with its headline, dek, byline, date and links to its editions. */
export function index(options: IndexOptions = {}): CollectionRenderer {
  checkedOptions('index', options, { title: true, lang: true });
  const lang = checkedLanguage('index', options.lang);
  const name = lang ? `index-${lang}` : 'index';
  const file = `${name}.html`;
  return registered('index', options, {
    name,
    kind: 'collection',
    files: [file],
    // Its language's feed links it as its page.
    frontPage: lang ? { path: file, lang } : { path: file },
    async render(collection: Collection, context: CollectionContext) {
      // The page builder is loaded on first use only.
      const { indexPage } = await import('./page.js');
      return [{ path: file, bytes: indexPage(collection, { ...options, lang }, context.config.labels, context.config.theme) }];
    },
  });
}
