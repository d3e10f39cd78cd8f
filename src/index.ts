export { ConfigError, defineConfig, loadConfig, resolveConfig } from './config.js';
export type { PublishOptions, PublishResult, Written } from './pipeline.js';
export { publish } from './publish.js';
export { epub } from './renderers/epub/index.js';
export { type HtmlOptions, html } from './renderers/html.js';
export { type PdfOptions, pdf } from './renderers/pdf/index.js';
export { type TextOptions, text } from './renderers/text.js';
export type { Article, ArticleMeta, BesideFile, Config, EditionWithFiles, ImageAsset, RenderContext, Renderer, RenderResult, ResolvedConfig } from './types.js';
