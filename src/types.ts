import type { ElementContent, Root as HastRoot } from 'hast';
import type { Root as MdastRoot } from 'mdast';
import type { ResolvedTheme, ThemeConfig } from './config/theme.js';
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
  /** The last change: front matter `updated`, or the newest correction's date when it is later. */
  readonly updated?: string;
  /** Correction notices, oldest first (absent when there are none, and in a manifest written before they existed). */
  readonly corrections?: readonly Correction[];
  /** BCP 47 language tag. */
  readonly lang: string;
  readonly publisher?: string;
  readonly tags: readonly string[];
  readonly rights?: string;
  readonly image?: string;
  readonly id?: string;
  /** Shared by the versions of one story in different languages (Hugo's `translationKey`): the sitemap and the front page link them. */
  readonly translationKey?: string;
}

/** A correction notice: its date as written (`YYYY-MM-DD`, optionally with a time) and its text, inline Markdown read as the body is. */
export interface Correction {
  readonly date: string;
  /** The text as plain text, typographic quotes set: what a plain-text field carries (JSON-LD, the NewsML `edNote`). */
  readonly text: string;
  /** The text as phrasing content of the sanitized tree (emphasis, code, links, line breaks): what the editions set. */
  readonly content: readonly ElementContent[];
}

/** One article, parsed once and shared read-only by every renderer. */
export interface Article {
  readonly slug: string;
  /** Path of the source file. */
  readonly path: string;
  readonly meta: ArticleMeta;
  /** Where each front matter key is written in the article file (its key's line and column), by the key as written (`image`, `author`): a warning about `meta` goes there. */
  readonly frontMatterPlaces: ReadonlyMap<string, SourcePlace>;
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
  /** The size it is shown at, in pixels: with a JPEG's EXIF orientation applied, as browsers and pdfkit show it (a photo taken upright is taller than wide). */
  readonly width: number;
  readonly height: number;
  /** A JPEG's EXIF orientation, 1 (as stored) to 8; 5 to 8 turn it a quarter, so `width` and `height` are the stored pixels' turned. */
  readonly orientation: number;
  /** Hex digest of the bytes: a stable name for the image. */
  readonly hash: string;
}

/** Where a renderer's warning points in the article's source. */
export interface SourcePlace {
  readonly line: number;
  readonly column: number;
}

/** One version of a story told in several languages (articles sharing a `translationKey`): the article of that slug, in that language. */
export interface StoryVersion {
  readonly slug: string;
  /** Its `lang`, as its front matter writes it. */
  readonly lang: string;
}

export interface RenderContext {
  readonly config: ResolvedConfig;
  /**
   * Every version of the article's story, itself included, by language then slug, as the run's articles' front matter tells
   * them: only for a renderer that `uses` them, and only when the story has another version.
   */
  readonly versions?: readonly StoryVersion[];
  /**
   * The files beside this renderer's last edition of the article that carried a `madeFrom`, still on disk as that publish wrote
   * them, by path, with their `madeFrom`: one the edition would make again from the same can be listed in `kept` instead of made.
   * Empty under `--force`, and for a renderer that never gives a `madeFrom`.
   */
  readonly besideOnDisk?: ReadonlyMap<string, string>;
  /** Reports a problem with the article without failing the edition. */
  warn(reason: string, options?: { place?: SourcePlace; ruleId?: string }): void;
}

/** A file written beside an edition (an image of an HTML page): its path relative to the output folder. */
export interface BesideFile {
  readonly path: string;
  readonly bytes: Uint8Array;
  /** It refers to the edition (a package listing the edition and its files): written after the edition, not before it. */
  readonly refersToEdition?: boolean;
  /**
   * What its bytes were made from (a picture's hash, its width, the encoder's settings), costly to make: recorded with the file, so
   * that the next edition of the article is told it is on disk (`RenderContext.besideOnDisk`) and may keep it rather than make it again.
   */
  readonly madeFrom?: string;
}

/**
 * An edition and the files beside it, which the pipeline writes first, so the edition never points at a missing file;
 * those that refer to the edition come after it, so that they never point at a missing or earlier edition either.
 */
export interface EditionWithFiles {
  readonly edition: string | Uint8Array;
  readonly beside: readonly BesideFile[];
  /** Paths of `context.besideOnDisk` the edition refers to as they are on disk: not written again, and kept with the edition. */
  readonly kept?: readonly string[];
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
  /**
   * What it reads besides its article and the config: `versions`, the story's other versions (`context.versions`). The pipeline
   * gives them to it only, and remakes its editions of an article (and no other renderer's) when they change.
   */
  readonly uses?: readonly 'versions'[];
  /**
   * Loads what `render` needs (modules, fonts): called once in each thread before its first render, and by a helper
   * thread ahead of it, while the main thread parses. A failure fails the renderer's editions, with its message.
   */
  prepare?(): Promise<void>;
  render(article: Article, context: RenderContext): Result | Promise<Result>;
}

/** One published article as a collection renderer sees it: its metadata and its editions on disk, never its trees. */
export interface CollectionArticle {
  readonly slug: string;
  /** The article's file name in the source folder. */
  readonly source: string;
  readonly meta: ArticleMeta;
  /** Its editions on disk, in the order of the config's renderers. */
  readonly editions: readonly CollectionEdition[];
}

export interface CollectionEdition {
  /** The renderer that made it: `html`, `pdf`, … */
  readonly renderer: string;
  /** Relative to the output folder, e.g. `moscow.pdf`. */
  readonly path: string;
  readonly bytes: number;
}

/** Every published article, newest first (by `date`; undated ones last, then by slug). Frozen. */
export interface Collection {
  readonly articles: readonly CollectionArticle[];
}

export interface CollectionContext {
  readonly config: ResolvedConfig;
  /** The bytes of one of the collection's editions (its `path`), read by the pipeline. */
  readEdition(path: string): Promise<Uint8Array>;
  /** Reports a problem without failing the collection's files. */
  warn(reason: string, options?: { ruleId?: string }): void;
}

/** A file a collection renderer makes: its path relative to the output folder. */
export interface CollectionFile {
  readonly path: string;
  readonly bytes: string | Uint8Array;
}

/** A renderer of the whole collection (an index page, a feed, a sitemap): it runs after the article editions are written. */
export interface CollectionRenderer {
  /** Unique among all renderers: used by `--only` and in messages. */
  readonly name: string;
  readonly kind: 'collection';
  /**
   * The files it writes, relative to the output folder: each declared once, unique across renderers, and the only ones it
   * may return. A path ending in `/` declares a folder, in which it may return files of any name (the feed's pictures,
   * `feed-images/`), but not in its folders; not one holding another renderer's file or folder, nor a `<slug>.images/`
   * folder, nor `theme/` while html({ images: 'beside' }) writes there, nor a top-level folder named like an edition
   * (`2024.html/`). A top-level file may be named like an edition (`index.html`): an article whose slug would write its
   * edition there is refused instead. A renderer of the config's own that writes a file beside its edition among them fails
   * that edition. Returning one path twice fails the collection.
   */
  readonly files: readonly string[];
  /** Change it when the renderer's output changes, so that incremental publishes remake its files. */
  readonly version?: string;
  /** Config settings it cannot work without: a config lacking one is a config error. */
  readonly requires?: readonly 'baseUrl'[];
  /**
   * The front page it makes, one of its `files`: the page listing the articles, in `lang` only when set. A feed of that
   * language links it as its page; other renderers learn of it from the config's `collections`.
   */
  readonly frontPage?: { readonly path: string; readonly lang?: string };
  render(collection: Collection, context: CollectionContext): readonly CollectionFile[] | Promise<readonly CollectionFile[]>;
}

export interface Config {
  /** Folder of Markdown articles, relative to the config file. Default `source`. */
  source?: string;
  /** Folder the editions are written to, relative to the config file. Default `outputs`. */
  outDir?: string;
  /** The address `outDir` is published at, e.g. `https://news.example/world/`: feeds and sitemaps need absolute links. */
  baseUrl?: string;
  /** Article renderers (one edition per article) and collection renderers (files about all of them). */
  renderers: (Renderer | CollectionRenderer)[];
  /** Generated words by language and message id, replacing the built-in ones: `labels: { fr: { byline: 'Texte : {names}' } }`. */
  labels?: LabelOverrides;
  /** The house's look in every edition: fonts, colours, masthead, the PDF's measure and columns, extra CSS. */
  theme?: ThemeConfig;
}

export interface ResolvedConfig {
  /** Absolute path of the config file, or undefined when given inline. */
  readonly file?: string;
  /** The SHA-256 of the config file's text as it was loaded, and of the project's files it imports: the editions made with it record it. */
  readonly fileHash?: string;
  /** The project's files the config imports, which --watch watches as it does the config. */
  readonly imports?: readonly string[];
  readonly source: string;
  readonly outDir: string;
  /** With a trailing slash. */
  readonly baseUrl?: string;
  /** The article renderers. */
  readonly renderers: readonly Renderer[];
  /** The collection renderers, run after the article editions. */
  readonly collections: readonly CollectionRenderer[];
  /** The config's `labels`, checked; empty when it has none. */
  readonly labels: LabelOverrides;
  /** The config's `theme`, its files read and checked; the built-in theme when it has none. */
  readonly theme: ResolvedTheme;
}
