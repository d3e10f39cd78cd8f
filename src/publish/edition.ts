import { basename, dirname, join } from 'node:path';
import type { VFile } from 'vfile';
import { isPlainRelativePath } from '../config/load.js';
import type { Article, RenderContext, Renderer, RenderResult, ResolvedConfig } from '../types.js';
import { writeAtomically } from './write.js';

/** One edition written to disk. */
export interface Written {
  /** The article's slug; empty for a collection renderer's file. */
  readonly slug: string;
  readonly renderer: string;
  readonly path: string;
  readonly bytes: number;
  readonly milliseconds: number;
  /** Files written beside the edition, relative to the output folder. */
  readonly beside: readonly string[];
}

/** Renders and writes the given editions of a parsed article; problems go to its file as messages. */
export async function renderEditions(article: Article, file: VFile, renderers: readonly Renderer[], config: ResolvedConfig): Promise<Written[]> {
  const written: Written[] = [];
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
      let result: RenderResult;
      try {
        result = await renderer.render(article, context);
        if (typeof result === 'object' && 'edition' in result) for (const file of result.beside) assertBesidePath(file.path, renderer.name);
      } catch (error) {
        return fail(`The ${renderer.name} renderer failed for "${article.slug}": ${(error as Error).message}`, 'renderer-failed', error);
      }
      const { edition: output, beside } = typeof result === 'object' && 'edition' in result ? result : { edition: result, beside: [] };
      const fileName = `${article.slug}${renderer.extension}`;
      try {
        // The files the edition refers to come first: a reader never opens an edition whose images are missing.
        for (const file of beside) await writeAtomically(join(config.outDir, dirname(file.path)), basename(file.path), file.bytes);
        const path = await writeAtomically(config.outDir, fileName, output);
        const bytes = typeof output === 'string' ? Buffer.byteLength(output) : output.byteLength;
        written.push({
          slug: article.slug,
          renderer: renderer.name,
          path,
          bytes,
          milliseconds: performance.now() - started,
          beside: beside.map((file) => file.path),
        });
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
        fail(`Could not write ${fileName} (${code}); check that the output folder is writable and its disk has space`, 'write-failed', error);
      }
    }),
  );
  return written;
}

/** A file beside an edition stays inside the output folder, in plain names. */
function assertBesidePath(path: string, renderer: string): void {
  if (!isPlainRelativePath(path)) {
    throw new Error(`the ${renderer} renderer asked to write "${path}", which is not a plain relative path inside the output folder`);
  }
}
