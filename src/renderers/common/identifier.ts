import { v5 as uuidV5 } from 'uuid';
import type { Article } from '../../types.js';

/** RFC 4122 namespace for names that are URLs. */
const urlNamespace = '6ba7b811-9dad-11d1-80b4-00c04fd430c8';
const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The article's identifier, `urn:uuid:…`: the front matter `id` when it is a
 * UUID, else a name-based (v5) UUID of the `id` or of the slug, the same on
 * every build (the EPUB's `dc:identifier`, the DOCX's, the NewsML item's guid, a feed entry's id).
 */
export function articleIdentifier(article: Pick<Article, 'meta' | 'slug'>): string {
  const { id } = article.meta;
  if (id && uuidPattern.test(id)) return `urn:uuid:${id.toLowerCase()}`;
  return nameIdentifier(id ?? `editions:article/${article.slug}`);
}

/** A name-based (v5) UUID as a URN: the same name, the same identifier on every build. */
export function nameIdentifier(name: string): string {
  return `urn:uuid:${uuidV5(name, urlNamespace)}`;
}
