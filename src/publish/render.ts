import { VFile } from 'vfile';
import type { ReadResult } from '../read/article.js';
import type { Article, ArticleMeta, Renderer, ResolvedConfig, StoryVersion } from '../types.js';
import { renderEditions, type Written } from './edition.js';

/** What the pipeline tells an article's renderers besides the article, from the run's articles and the manifest. */
export interface Told {
  /** Every version of its story (`RenderContext.versions`), found by the pipeline from the run's articles; absent for an article of none. */
  readonly versions?: readonly StoryVersion[];
  /** By renderer name, the files beside its last edition of the article still on disk as written, with what they were made from (`RenderContext.besideOnDisk`). */
  readonly besideOnDisk?: ReadonlyMap<string, ReadonlyMap<string, string>>;
}

/** An article to publish: its bytes are read once, by the pipeline, and hashed there. */
export interface ArticleTask extends Told {
  readonly name: string;
  readonly path: string;
  readonly bytes: Uint8Array;
}

export interface ArticleOutcome {
  readonly file: VFile;
  readonly written: Written[];
  /** The article's images, by real path relative to the source folder, with their hashes and files' stamps; refused ones with their file's state. */
  readonly images: Record<string, string>;
  /** The article's metadata, when it was read: recorded for the collections. */
  readonly meta?: ArticleMeta;
}

/** Parses an article once and writes each of the given renderers' editions of it, in this thread. */
export async function renderArticle(task: ArticleTask, renderers: readonly Renderer[], config: ResolvedConfig): Promise<ArticleOutcome> {
  const { file, article } = readSafely(await loadReader(), task, config);
  const written = article ? await renderEditions(article, file, renderers, config, task) : [];
  return outcomeOf(file, article, written);
}

/** What publishing an article gave: its messages, the editions written, its images and metadata. */
export function outcomeOf(file: VFile, article: Article | undefined, written: Written[]): ArticleOutcome {
  if (!article) return { file, written, images: {} };
  return { file, written, images: { ...file.data.refusedImages, ...file.data.shownImages }, meta: article.meta };
}

export type Reader = typeof import('../read/article.js');
let reader: Promise<Reader> | undefined;

/**
 * The reader and its parsers: loaded on first use, so that a helper thread starts while they load. Awaited on
 * its own, and the article read right after it: each article can go to the helper as soon as it is parsed,
 * not after every article that waited for the reader has been parsed.
 */
export function loadReader(): Promise<Reader> {
  reader ??= import('../read/article.js');
  return reader;
}

/** Reads an article; a failure inside the parser costs this article, never the run. */
export function readSafely({ readArticle }: Reader, task: ArticleTask, config: ResolvedConfig): ReadResult {
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
