export { ConfigError, defineConfig, loadConfig, resolveConfig } from './config/load.js';
export type { ResolvedTheme, ThemeColors, ThemeConfig, ThemeFont, ThemeLogo } from './config/theme.js';
export type { Written } from './publish/edition.js';
export { OutputFolderError, UnknownRendererError } from './publish/errors.js';
export type { PublishOptions, PublishResult } from './publish/pipeline.js';
export { publish } from './publish/publish.js';
export type { LabelId, LabelLanguage, LabelOverrides, LabelValue, PluralForms } from './renderers/common/labels.js';
export { type DocxOptions, docx } from './renderers/docx/index.js';
export { epub } from './renderers/epub/index.js';
export { type FeedOptions, feed } from './renderers/feed/index.js';
export { type HtmlOptions, html } from './renderers/html/index.js';
export { type IndexOptions, index } from './renderers/index-page/index.js';
export { type NewsmlOptions, newsml } from './renderers/newsml/index.js';
export { type PdfOptions, pdf } from './renderers/pdf/index.js';
export { type SitemapOptions, sitemap } from './renderers/sitemap/index.js';
export { type TextOptions, text } from './renderers/text/index.js';
export type {
  Article,
  ArticleMeta,
  BesideFile,
  Collection,
  CollectionArticle,
  CollectionContext,
  CollectionEdition,
  CollectionFile,
  CollectionRenderer,
  Config,
  EditionWithFiles,
  ImageAsset,
  RenderContext,
  Renderer,
  RenderResult,
  ResolvedConfig,
  StoryVersion,
} from './types.js';
