import { readFile } from 'node:fs/promises';
import { VFile } from 'vfile';
import { canonicalTag } from '../renderers/common/labels.js';
import type { ArticleMeta } from '../types.js';
import { keyPlace } from './slugs.js';

/** An article of the run with its metadata as the collections will list it. */
export interface ListedVersion {
  readonly name: string;
  readonly path: string;
  readonly meta: ArticleMeta | undefined;
}

/**
 * Two articles of one `translationKey` in one language: both are published, and the later one by file name gets a
 * warning at its `translationKey` naming the first, since the sitemap and the front page then give the story two
 * versions in that language. Found from the metadata the manifest keeps, so in every run, the file read again only
 * for the warning's place.
 */
export async function warnOfSameLanguageVersions(articles: readonly ListedVersion[], files: Map<string, VFile>): Promise<void> {
  const first = new Map<string, ListedVersion>();
  for (const article of articles) {
    const { translationKey, lang } = article.meta ?? {};
    if (translationKey === undefined || lang === undefined) continue;
    const key = `${translationKey}\0${canonicalTag(lang).toLowerCase()}`;
    const earlier = first.get(key);
    if (!earlier) {
      first.set(key, article);
      continue;
    }
    const place = (await keyPlace(await readFile(article.path), 'translationKey')) ?? { line: 1, column: 1 };
    const file = files.get(article.name) ?? new VFile({ path: article.path, data: { upToDate: true } });
    file.message(
      `Translation key "${translationKey}" has a version in \`${lang}\` already, ${earlier.name}: both are published, as two ${lang} versions of one story. Give this article the \`lang\` it is written in, or its own \`translationKey\``,
      { place, ruleId: 'duplicate-translation', source: 'editions' },
    );
    files.set(article.name, file);
  }
}
