import { readdir, readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { VFile } from 'vfile';
import { readArticle } from './read.js';
import type { Article, RenderContext, Renderer, ResolvedConfig } from './types.js';
import { writeAtomically } from './write.js';

export interface PublishOptions {
  /** Renderer names to run; all when absent. */
  readonly only?: readonly string[];
}

/** One edition written to disk. */
export interface Written {
  readonly slug: string;
  readonly renderer: string;
  readonly path: string;
  readonly bytes: number;
  readonly milliseconds: number;
}

export interface PublishResult {
  readonly written: readonly Written[];
  /** One vfile per article, carrying its messages (warnings and errors). */
  readonly files: readonly VFile[];
  /** Number of articles with at least one error (not published, or an edition failed). */
  readonly failed: number;
  readonly articles: number;
}

const markdownFile = /\.(md|markdown)$/i;

/** Reads every article in the source folder once and writes each edition through each renderer. */
export async function runPipeline(config: ResolvedConfig, options: PublishOptions = {}): Promise<PublishResult> {
  const renderers = selectRenderers(config.renderers, options.only);
  const names = (await readdir(config.source, { withFileTypes: true }))
    .filter((entry) => entry.isFile() && markdownFile.test(entry.name))
    .map((entry) => entry.name)
    .sort();

  // Spread into a mutable record: a duplicate slug withdraws an article after reading.
  const read: { file: VFile; article?: Article }[] = await Promise.all(
    names.map(async (name) => ({ ...readArticle(join(config.source, name), await readFile(join(config.source, name)), config.source) })),
  );
  rejectDuplicateSlugs(read);

  const written: Written[] = [];
  const files = read.map((result) => result.file);
  for (const { file, article } of read) {
    if (!article) continue;
    const context = renderContext(config, file);
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
  }
  const failed = files.filter((file) => file.messages.some((message) => message.fatal)).length;
  return { written, files, failed, articles: names.length };
}

function selectRenderers(renderers: readonly Renderer[], only: readonly string[] | undefined): readonly Renderer[] {
  if (!only) return renderers;
  const unknown = only.filter((name) => !renderers.some((renderer) => renderer.name === name));
  if (unknown.length > 0) {
    throw new RangeError(
      `Unknown renderer ${unknown.map((name) => `"${name}"`).join(', ')} in --only; the config has ${renderers.map((renderer) => renderer.name).join(', ')}`,
    );
  }
  return renderers.filter((renderer) => only.includes(renderer.name));
}

/** Two articles that would write the same edition files: both get an error and neither is published. */
function rejectDuplicateSlugs(read: { file: VFile; article?: Article }[]): void {
  const bySlug = new Map<string, { file: VFile; article?: Article }[]>();
  for (const entry of read) {
    if (!entry.article) continue;
    bySlug.set(entry.article.slug, [...(bySlug.get(entry.article.slug) ?? []), entry]);
  }
  for (const [slug, entries] of bySlug) {
    if (entries.length < 2) continue;
    const paths = entries.map((entry) => basename(entry.file.path));
    for (const entry of entries) {
      const message = entry.file.message(
        `Slug "${slug}" is used by ${paths.join(' and ')}; give each article its own \`slug\` in front matter or rename a file`,
        {
          place: { line: 1, column: 1 },
          ruleId: 'duplicate-slug',
          source: 'editions',
        },
      );
      message.fatal = true;
      entry.article = undefined;
    }
  }
}

function renderContext(config: ResolvedConfig, file: VFile): RenderContext {
  return Object.freeze({
    config,
    warn(reason: string, options: { place?: { line: number; column: number }; ruleId?: string } = {}) {
      file.message(reason, { place: options.place, ruleId: options.ruleId ?? 'render', source: 'editions' });
    },
  });
}
