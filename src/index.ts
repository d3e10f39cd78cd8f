export { ConfigError, defineConfig, loadConfig, resolveConfig } from './config/load.js';
export type { PublishOptions, PublishResult, Written } from './publish/pipeline.js';
export { publish } from './publish/publish.js';
export { epub } from './renderers/epub/index.js';
export { type HtmlOptions, html } from './renderers/html/index.js';
export { type PdfOptions, pdf } from './renderers/pdf/index.js';
export { type TextOptions, text } from './renderers/text/index.js';
export type { Article, ArticleMeta, BesideFile, Config, EditionWithFiles, ImageAsset, RenderContext, Renderer, RenderResult, ResolvedConfig } from './types.js';
