import { relative } from 'node:path';
import { VFile } from 'vfile';
import type { ReadResult } from '../read/article.js';
import type { EditionHelper } from '../threads/helper.js';
import type { ArticleMeta, Renderer, ResolvedConfig } from '../types.js';
import { renderEditions, type Written } from './edition.js';

/** An article to publish: its bytes are read once, by the pipeline, and hashed there. */
export interface ArticleTask {
  readonly name: string;
  readonly path: string;
  readonly bytes: Uint8Array;
}

export interface ArticleOutcome {
  readonly file: VFile;
  readonly written: Written[];
  /** The article's images, by real path relative to the source folder, with their hashes. */
  readonly images: Record<string, string>;
  /** The article's metadata, when it was read: recorded for the collections. */
  readonly meta?: ArticleMeta;
}

/**
 * Parses an article once and writes each of the given renderers' editions of it.
 * Those the helper thread renders get the parsed article from here: it never parses.
 */
export async function renderArticle(
  task: ArticleTask,
  renderers: readonly Renderer[],
  config: ResolvedConfig,
  helper?: EditionHelper,
): Promise<ArticleOutcome> {
  // The reader is awaited on its own, and the article read right after it is dispatched: each article goes to the
  // helper as soon as it is parsed, not after every article that waited for the reader has been parsed.
  reader ??= import('../read/article.js');
  const { file, article } = readSafely(await reader, task, config);
  if (!article) return { file, written: [], images: {} };
  const claimed = helper?.claim(renderers) ?? [];
  const remote = helper && claimed.length > 0 ? helper.render(article, claimed, file) : undefined;
  const local = renderers.filter((renderer) => !claimed.includes(renderer));
  const written = await renderEditions(article, file, local, config);
  if (remote) written.push(...(await remote));
  const images = Object.fromEntries([...article.images.values()].map((image) => [relative(config.source, image.path), image.hash]));
  return { file, written, images, meta: article.meta };
}

/** The reader and its parsers: loaded on first use, so that a helper thread starts while they load. */
let reader: Promise<typeof import('../read/article.js')> | undefined;

/** Reads an article; a failure inside the parser costs this article, never the run. */
function readSafely({ readArticle }: typeof import('../read/article.js'), task: ArticleTask, config: ResolvedConfig): ReadResult {
  try {
    return readArticle(task.path, task.bytes, config.source, config.labels);
  } catch (error) {
    const file = new VFile({ path: task.path });
    const message = file.message(`The article could not be parsed: ${(error as Error).message}; simplify the part of it that is unusual`, {
      ruleId: 'parse-failed',
      source: 'editions',
      cause: error as Error,
    });
    message.fatal = true;
    return { file };
  }
}
