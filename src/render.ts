import { relative } from 'node:path';
import { VFile } from 'vfile';
import { VFileMessage } from 'vfile-message';
import { readArticle } from './read.js';
import type { RenderContext, Renderer, ResolvedConfig } from './types.js';
import { writeAtomically } from './write.js';

/** One edition written to disk. */
export interface Written {
  readonly slug: string;
  readonly renderer: string;
  readonly path: string;
  readonly bytes: number;
  readonly milliseconds: number;
}

/** An article to publish: its bytes are read once, by the pipeline, and hashed there. */
export interface ArticleTask {
  readonly name: string;
  readonly path: string;
  readonly bytes: Uint8Array;
}

export interface ArticleOutcome {
  readonly file: VFile;
  readonly slug?: string;
  readonly written: Written[];
  /** The article's images, by real path relative to the source folder, with their hashes. */
  readonly images: Record<string, string>;
}

/** Parses an article once and writes each of the given renderers' editions of it. */
export async function renderArticle(task: ArticleTask, renderers: readonly Renderer[], config: ResolvedConfig): Promise<ArticleOutcome> {
  const { file, article } = readArticle(task.path, task.bytes, config.source);
  const written: Written[] = [];
  if (!article) return { file, written, images: {} };
  const context: RenderContext = Object.freeze({
    config,
    warn(reason: string, options: { place?: { line: number; column: number }; ruleId?: string } = {}) {
      file.message(reason, { place: options.place, ruleId: options.ruleId ?? 'render', source: 'editions' });
    },
  });
  await Promise.all(
    renderers.map(async (renderer) => {
      const started = performance.now();
      try {
        const output = await renderer.render(article, context);
        const path = await writeAtomically(config.outDir, `${article.slug}${renderer.extension}`, output);
        const bytes = typeof output === 'string' ? Buffer.byteLength(output) : output.byteLength;
        written.push({ slug: article.slug, renderer: renderer.name, path, bytes, milliseconds: performance.now() - started });
      } catch (error) {
        const message = file.message(
          `The ${renderer.name} renderer failed for "${article.slug}": ${(error as Error).message}; the previous edition, if any, is left in place`,
          {
            ruleId: 'renderer-failed',
            source: 'editions',
            cause: error as Error,
          },
        );
        message.fatal = true;
      }
    }),
  );
  const images = Object.fromEntries([...article.images.values()].map((image) => [relative(config.source, image.path), image.hash]));
  return { file, slug: article.slug, written, images };
}

/** A message as it crosses from a worker thread: plain data. */
export interface MessageData {
  readonly reason: string;
  readonly line?: number;
  readonly column?: number;
  readonly ruleId?: string;
  readonly fatal?: boolean | null;
  readonly cause?: string;
}

export type OutcomeData = Omit<ArticleOutcome, 'file'> & { readonly path: string; readonly messages: MessageData[] };

export function toOutcomeData(outcome: ArticleOutcome): OutcomeData {
  const { file, ...rest } = outcome;
  const messages = file.messages.map((message) => ({
    reason: message.reason,
    line: message.line ?? undefined,
    column: message.column ?? undefined,
    ruleId: message.ruleId ?? undefined,
    fatal: message.fatal,
    cause: message.cause instanceof Error ? message.cause.stack : undefined,
  }));
  return { ...rest, path: file.path, messages };
}

export function fromOutcomeData(data: OutcomeData): ArticleOutcome {
  const file = new VFile({ path: data.path });
  for (const item of data.messages) {
    const place = item.line ? { line: item.line, column: item.column ?? 1 } : undefined;
    const message = new VFileMessage(item.reason, { place, ruleId: item.ruleId, source: 'editions' });
    message.file = data.path;
    message.fatal = item.fatal;
    if (item.cause) message.stack = item.cause;
    file.messages.push(message);
  }
  const { path: _path, messages: _messages, ...outcome } = data;
  return { ...outcome, file };
}
