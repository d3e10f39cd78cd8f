import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { VFile } from 'vfile';
import { deepFreeze } from '../read/freeze.js';
import { storiesOf } from '../renderers/common/collection.js';
import { canonicalTag } from '../renderers/common/labels.js';
import type { ArticleMeta, Renderer, StoryVersion } from '../types.js';
import { hash, type Manifest } from './manifest.js';
import { byCodeUnits } from './order.js';
import { checkedFrontMatter, frontMatterBlock, frontMatterReader, keyPlace } from './slugs.js';

/** The story an article is a version of: its `translationKey`, and the article's `lang`. */
export interface Story {
  readonly key: string;
  readonly lang: string;
}

/** An article's story, from its metadata as read or as the manifest keeps it. */
export function storyOfMeta(meta: ArticleMeta | undefined): Story | undefined {
  return meta?.translationKey === undefined ? undefined : { key: meta.translationKey, lang: meta.lang };
}

/**
 * The story an article's front matter puts it in, read before the article is parsed (as its slug is), with the reader's own
 * parser and schema: each page of a story names every version, so all of them must be known before the first is made, and
 * the articles are parsed one by one. Front matter in error fails the article, whose last editions stay: it is then the story
 * the article was last published in (`published`), as the collections list it.
 */
export async function declaredStory(bytes: Uint8Array, published: ArticleMeta | undefined): Promise<Story | undefined> {
  const block = frontMatterBlock(bytes);
  // A block spells the key, or escapes some of it: the others are not parsed twice.
  if (block === undefined || !/translationKey|\\/.test(block)) return undefined;
  const data = await checkedFrontMatter(block);
  if (!data) return storyOfMeta(published);
  return data.translationKey === undefined ? undefined : { key: data.translationKey, lang: (await frontMatterReader()).articleLanguage(data) };
}

/** For each article of a story with several versions, every version, itself included (frozen, one list per story). */
export function storyVersions<Item extends { readonly slug: string; readonly story?: Story }>(articles: readonly Item[]): Map<Item, readonly StoryVersion[]> {
  const told = articles.flatMap((article) => (article.story ? [{ article, slug: article.slug, ...article.story }] : []));
  const lists = new Map<readonly unknown[], readonly StoryVersion[]>();
  const versions = new Map<Item, readonly StoryVersion[]>();
  for (const [{ article }, story] of storiesOf(told, (version) => version)) {
    let list = lists.get(story);
    if (!list) {
      list = deepFreeze(story.map(({ slug, lang }) => ({ slug, lang })));
      lists.set(story, list);
    }
    versions.set(article, list);
  }
  return versions;
}

/** Whether a renderer's editions name the story's versions (the HTML page does): given them, and remade when they change. */
export function namesVersions(renderer: Renderer): boolean {
  return renderer.uses?.includes('versions') === true;
}

/** Whether the article's page, the one its versions' pages link (`<slug>.html`), is its own in the manifest and `exists`. */
export function hasPage(
  manifest: Manifest,
  folder: string,
  article: { readonly name: string; readonly slug: string },
  exists: (file: string) => boolean,
): boolean {
  const page = `${article.slug}.html`;
  const entry = manifest.get(page);
  return entry?.folder === folder && entry.source === article.name && exists(page);
}

/** A version the output folder's manifest shows published: its source folder (relative to the output folder), file and page's slug. */
export interface PublishedVersion {
  readonly folder: string;
  readonly name: string;
  readonly slug: string;
  readonly story: Story;
}

/**
 * The versions the output folder's manifest shows published from the source folders `inFolder` accepts: an article whose page
 * (`<slug>.html`) is recorded with its `translationKey` and is there, whose file is still there (as the collections list it).
 * The manifest records an edition once it is written: a version that failed, or is held by its embargo, has no page in it.
 */
export function publishedVersions(
  manifest: Manifest,
  outDir: string,
  exists: (file: string) => boolean,
  inFolder: (folder: string) => boolean,
): PublishedVersion[] {
  const versions: PublishedVersion[] = [];
  for (const [file, entry] of manifest) {
    if (!file.endsWith('.html') || !inFolder(entry.folder) || entry.meta?.translationKey === undefined) continue;
    const story = storyOfMeta(entry.meta) as Story;
    if (exists(file) && existsSync(join(outDir, entry.folder, entry.source)))
      versions.push({ folder: entry.folder, name: entry.source, slug: file.slice(0, -'.html'.length), story });
  }
  return versions;
}

/** What an edition made with the story's versions records of them (undefined for an article with none): a change remakes it. */
export function versionsHash(versions: readonly StoryVersion[] | undefined): string | undefined {
  return versions && hash(JSON.stringify(versions));
}

/** An article with its story as the collections will list it; `elsewhere`: another shard's, which that shard warns of. */
export interface ListedVersion {
  readonly name: string;
  readonly path: string;
  readonly story: Story | undefined;
  readonly elsewhere?: boolean;
}

/**
 * Two articles of one `translationKey` in one language: both are published, and the later one by file name gets a
 * warning at its `translationKey` naming the first, since the sitemap and the front page then give the story two
 * versions in that language. Found from the metadata the manifest keeps, so in every run, the file read again only
 * for the warning's place; a shard's articles are checked against the other shards' too, as the full publish does.
 */
export async function warnOfSameLanguageVersions(articles: readonly ListedVersion[], files: Map<string, VFile>): Promise<void> {
  const first = new Map<string, ListedVersion>();
  for (const article of [...articles].sort((a, b) => byCodeUnits(a.name, b.name))) {
    if (!article.story) continue;
    const { key: translationKey, lang } = article.story;
    const key = `${translationKey}\0${canonicalTag(lang).toLowerCase()}`;
    const earlier = first.get(key);
    if (!earlier) {
      first.set(key, article);
      continue;
    }
    if (article.elsewhere) continue;
    const place = (await keyPlace(await readFile(article.path), 'translationKey')) ?? { line: 1, column: 1 };
    const file = files.get(article.name) ?? new VFile({ path: article.path, data: { upToDate: true } });
    file.message(
      `Translation key "${translationKey}" has a version in \`${lang}\` already, ${earlier.name}: both are published, as two ${lang} versions of one story. Give this article the \`lang\` it is written in, or its own \`translationKey\``,
      { place, ruleId: 'duplicate-translation', source: 'editions' },
    );
    files.set(article.name, file);
  }
}
