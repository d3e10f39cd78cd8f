import type { Root as HastRoot } from 'hast';
import type { Root as MdastRoot } from 'mdast';
import type { LabelOverrides } from './renderers/common/labels.js';

/** Front matter of an article, after validation. */
export interface ArticleMeta {
  readonly title: string;
  readonly description?: string;
  readonly authors: readonly string[];
  readonly credit?: string;
  readonly dateline?: string;
  /** ISO date (`YYYY-MM-DD`) or date-time as written in front matter. */
  readonly date?: string;
  readonly updated?: string;
  /** BCP 47 language tag. */
  readonly lang: string;
  readonly publisher?: string;
  readonly tags: readonly string[];
  readonly rights?: string;
  readonly image?: string;
  readonly id?: string;
}

/** One article, parsed once and shared read-only by every renderer. */
export interface Article {
  readonly slug: string;
  /** Path of the source file. */
  readonly path: string;
  readonly meta: ArticleMeta;
  readonly mdast: Readonly<MdastRoot>;
  /** The sanitized HTML tree made from `mdast`: what every built-in renderer reads. */
  readonly hast: Readonly<HastRoot>;
  /** Local images, read once, by their `src` as written in `hast`. */
  readonly images: ReadonlyMap<string, ImageAsset>;
}

/** A local image of an article, checked and read by the pipeline. */
export interface ImageAsset {
  readonly src: string;
  /** Real path of the file, inside the source folder. */
  readonly path: string;
  readonly bytes: Uint8Array;
  /** `image/png`, `image/jpeg`, `image/gif`, `image/webp` or `image/svg+xml`. */
  readonly mediaType: string;
  readonly width: number;
  readonly height: number;
  /** Hex digest of the bytes: a stable name for the image. */
  readonly hash: string;
}

/** Where a renderer's warning points in the article's source. */
export interface SourcePlace {
  readonly line: number;
  readonly column: number;
}

export interface RenderContext {
  readonly config: ResolvedConfig;
  /** Reports a problem with the article without failing the edition. */
  warn(reason: string, options?: { place?: SourcePlace; ruleId?: string }): void;
}

/** A file written beside an edition (an image of an HTML page): its path relative to the output folder. */
export interface BesideFile {
  readonly path: string;
  readonly bytes: Uint8Array;
}

/** An edition and the files it refers to, which the pipeline writes first, so the edition never points at a missing file. */
export interface EditionWithFiles {
  readonly edition: string | Uint8Array;
  readonly beside: readonly BesideFile[];
}

export type RenderResult = string | Uint8Array | EditionWithFiles;

export interface Renderer<Result extends RenderResult = RenderResult> {
  /** Unique: used by `--only` and in messages. */
  readonly name: string;
  /** File extension with its dot, e.g. `.epub`. Unique across renderers. */
  readonly extension: string;
  /** Change it when the renderer's output changes, so that incremental publishes remake its editions. */
  readonly version?: string;
  /** Relative cost of one edition (default 1): a small batch's editions are spread over two threads by it. */
  readonly weight?: number;
  /** Loads what `render` needs (modules, fonts) ahead of the first article: a worker thread does it while the main thread parses. */
  prepare?(): Promise<void>;
  render(article: Article, context: RenderContext): Result | Promise<Result>;
}

export interface Config {
  /** Folder of Markdown articles, relative to the config file. Default `source`. */
  source?: string;
  /** Folder the editions are written to, relative to the config file. Default `outputs`. */
  outDir?: string;
  renderers: Renderer[];
  /** Generated words by language and message id, replacing the built-in ones: `labels: { fr: { byline: 'Texte : {names}' } }`. */
  labels?: LabelOverrides;
}

export interface ResolvedConfig {
  /** Absolute path of the config file, or undefined when given inline. */
  readonly file?: string;
  readonly source: string;
  readonly outDir: string;
  readonly renderers: readonly Renderer[];
  /** The config's `labels`, checked; empty when it has none. */
  readonly labels: LabelOverrides;
}
