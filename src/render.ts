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
  const { file, article } = readSafely(task, config);
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
      const fail = (reason: string, ruleId: string, error: unknown) => {
        const message = file.message(`${reason}; the previous edition, if any, is left in place`, { ruleId, source: 'editions', cause: error as Error });
        message.fatal = true;
      };
      let output: string | Uint8Array;
      try {
        output = await renderer.render(article, context);
      } catch (error) {
        return fail(`The ${renderer.name} renderer failed for "${article.slug}": ${(error as Error).message}`, 'renderer-failed', error);
      }
      const fileName = `${article.slug}${renderer.extension}`;
      try {
        const path = await writeAtomically(config.outDir, fileName, output);
        const bytes = typeof output === 'string' ? Buffer.byteLength(output) : output.byteLength;
        written.push({ slug: article.slug, renderer: renderer.name, path, bytes, milliseconds: performance.now() - started });
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
        fail(`Could not write ${fileName} (${code}); check that the output folder is writable and its disk has space`, 'write-failed', error);
      }
    }),
  );
  const images = Object.fromEntries([...article.images.values()].map((image) => [relative(config.source, image.path), image.hash]));
  return { file, slug: article.slug, written, images };
}

/** Reads an article; a failure inside the parser costs this article, never the run. */
function readSafely(task: ArticleTask, config: ResolvedConfig): ReturnType<typeof readArticle> {
  try {
    return readArticle(task.path, task.bytes, config.source);
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
