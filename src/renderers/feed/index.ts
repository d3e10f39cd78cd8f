import { checkedLanguage, checkedOptions, registered } from '../../config/registry.js';
import type { Collection, CollectionContext, CollectionRenderer } from '../../types.js';

export interface FeedOptions {
  /** The feed's title; default the publisher its language's articles share (those naming none aside), else the label `collectionTitle` ("Articles") in its language. */
  readonly title?: string;
  /** How many articles the feeds carry: the newest by date, undated ones after every dated one. Default 50. */
  readonly limit?: number;
  /** Carry only the articles in this language (BCP 47: `fr` takes `fr-CA`), in `feed-fr.xml` and `feed-fr.json`, named `feed-fr`. */
  readonly lang?: string;
}

/** The files of a feed: `feed.xml`, `feed.json`, or `feed-fr.…` for one language's. */
export interface FeedFiles {
  readonly atom: string;
  readonly json: string;
  /**
   * The folder of the pictures the HTML pages embed, written once each for the feed: not `feed.images/`, the pictures of an
   * article whose slug is `feed`. Each feed has its own, as each collection renderer removes the files it no longer makes.
   */
  readonly pictures: string;
}

export function feedFilesOf(lang: string | undefined): FeedFiles {
  const stem = lang ? `feed-${lang}` : 'feed';
  return { atom: `${stem}.xml`, json: `${stem}.json`, pictures: `${stem}-images/` };
}

/**
 * `feed.xml` (Atom 1.0) and `feed.json` (JSON Feed 1.1): each of the newest
 * articles with its HTML edition as content and its PDF and EPUB as enclosures.
 * Needs the config's `baseUrl`: feed readers want absolute addresses.
 */
export function feed(options: FeedOptions = {}): CollectionRenderer {
  checkedOptions('feed', options, { title: true, limit: true, lang: true });
  const { limit } = options;
  const lang = checkedLanguage('feed', options.lang);
  const files = feedFilesOf(lang);
  if (limit !== undefined && !(Number.isInteger(limit) && limit >= 1)) {
    const given = typeof limit === 'number' ? String(limit) : JSON.stringify(limit);
    throw new RangeError(`feed({ limit }) must be a whole number of entries, 1 or more, such as 50; got ${given}`);
  }
  return registered('feed', options, {
    name: lang ? `feed-${lang}` : 'feed',
    kind: 'collection',
    files: [files.atom, files.json, files.pictures],
    requires: ['baseUrl'],
    async render(collection: Collection, context: CollectionContext) {
      const { feedFiles } = await import('./feeds.js');
      return feedFiles(collection, context, { ...options, lang }, files);
    },
  });
}
