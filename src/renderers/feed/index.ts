import { checkedOptions, registered } from '../../config/registry.js';
import type { Collection, CollectionContext, CollectionRenderer } from '../../types.js';

export interface FeedOptions {
  /** The feed's title; default the newest article's publisher, else "Articles". */
  readonly title?: string;
  /** How many articles the feeds carry: the newest by date, undated ones after every dated one. Default 50. */
  readonly limit?: number;
}

/** The folder of the pictures the HTML pages embed, written once each for the feeds: not `feed.images/`, the pictures of an article whose slug is `feed`. */
export const pictureFolder = 'feed-images/';

/**
 * `feed.xml` (Atom 1.0) and `feed.json` (JSON Feed 1.1): each of the newest
 * articles with its HTML edition as content and its PDF and EPUB as enclosures.
 * Needs the config's `baseUrl`: feed readers want absolute addresses.
 */
export function feed(options: FeedOptions = {}): CollectionRenderer {
  checkedOptions('feed', options, { title: true, limit: true });
  const { limit } = options;
  if (limit !== undefined && !(Number.isInteger(limit) && limit >= 1)) {
    const given = typeof limit === 'number' ? String(limit) : JSON.stringify(limit);
    throw new RangeError(`feed({ limit }) must be a whole number of entries, 1 or more, such as 50; got ${given}`);
  }
  return registered('feed', options, {
    name: 'feed',
    kind: 'collection',
    files: ['feed.xml', 'feed.json', pictureFolder],
    requires: ['baseUrl'],
    async render(collection: Collection, context: CollectionContext) {
      const { feedFiles } = await import('./feeds.js');
      return feedFiles(collection, context, options);
    },
  });
}
