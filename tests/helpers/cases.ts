import { cpSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { resolveConfig } from '../../src/config/load.js';
import { type PublishResult, runPipeline } from '../../src/publish/pipeline.js';
import { epub } from '../../src/renderers/epub/index.js';
import { html } from '../../src/renderers/html/index.js';
import { pdf } from '../../src/renderers/pdf/index.js';
import { text } from '../../src/renderers/text/index.js';
import type { Renderer } from '../../src/types.js';

export const projectRoot = fileURLToPath(new URL('../..', import.meta.url));
export const fixturesDir = join(projectRoot, 'tests', 'fixtures');

/** A test case: a folder of articles and its golden files. */
export interface Case {
  readonly name: string;
  readonly source: string;
  readonly expected: string;
}

/** The canonical article (the project's `source/`) and every fixture folder with Markdown in it. */
export const cases: readonly Case[] = [
  { name: 'canonical', source: join(projectRoot, 'source'), expected: join(fixturesDir, 'canonical', 'expected') },
  ...readdirSync(fixturesDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && readdirSync(join(fixturesDir, entry.name)).some((name) => name.endsWith('.md') && name !== 'README.md'))
    .map((entry) => ({ name: entry.name, source: join(fixturesDir, entry.name), expected: join(fixturesDir, entry.name, 'expected') })),
];

export function builtInRenderers(): Renderer[] {
  return [html(), pdf(), epub(), text()];
}

export interface Published {
  readonly outDir: string;
  readonly result: PublishResult;
  /** Written file paths by slug, then by renderer name. */
  readonly files: ReadonlyMap<string, ReadonlyMap<string, string>>;
}

const published = new Map<string, Promise<Published>>();

/** Publishes a case once per test file into a fresh temporary folder. */
export function publishCase(testCase: Case): Promise<Published> {
  let promise = published.get(testCase.name);
  if (!promise) {
    promise = (async () => {
      const outDir = mkdtempSync(join(tmpdir(), `editions-${testCase.name}-`));
      const config = resolveConfig({ source: testCase.source, outDir, renderers: builtInRenderers() });
      const result = await runPipeline(config);
      const files = new Map<string, Map<string, string>>();
      for (const written of result.written) {
        if (!files.has(written.slug)) files.set(written.slug, new Map());
        files.get(written.slug)?.set(written.renderer, written.path);
      }
      return { outDir, result, files };
    })();
    published.set(testCase.name, promise);
  }
  return promise;
}

/** Paths of every edition of one renderer in a published case. */
export function editions(publishedCase: Published, renderer: string): string[] {
  return [...publishedCase.files.values()].flatMap((byRenderer) => (byRenderer.has(renderer) ? [byRenderer.get(renderer) as string] : []));
}

export function readText(path: string): string {
  return readFileSync(path, 'utf8');
}

/** `file:line:column` (from 1) of the first place `needle` is in a file: where a message about it points. */
export function placeOf(file: string, needle: string): string {
  const lines = readFileSync(file, 'utf8').split('\n');
  const line = lines.findIndex((text) => text.includes(needle));
  if (line < 0) throw new Error(`"${needle}" is not in ${file}`);
  return `${file}:${line + 1}:${(lines[line] ?? '').indexOf(needle) + 1}`;
}

/** A source folder of `count` articles: in turn the canonical story, the every-block fixture and the epub-images fixture, with its pictures. */
export function articleArchive(count: number, prefix: string): string {
  const source = mkdtempSync(join(tmpdir(), prefix));
  const fixture = (name: string) => join(projectRoot, 'tests', 'fixtures', name);
  const withoutSlug = (path: string) => readFileSync(path, 'utf8').replace(/^slug:.*\n/m, '');
  const articles = [
    readFileSync(join(projectRoot, 'source', 'moscow-syria-opposition-contact.md'), 'utf8'),
    withoutSlug(join(fixture('every-block'), 'input.md')),
    withoutSlug(join(fixture('epub-images'), 'input.md')),
  ];
  for (const picture of readdirSync(fixture('epub-images')).filter((name) => /\.(png|jpe?g)$/.test(name))) {
    cpSync(join(fixture('epub-images'), picture), join(source, picture));
  }
  for (let index = 1; index <= count; index++) writeFileSync(join(source, `article-${index}.md`), articles[index % articles.length] ?? '');
  return source;
}

/**
 * One story in Chinese (`zh.md`) and in English (`en.md`), the same words, each with a dek, a dateline, a captioned picture,
 * a quote and enough paragraphs for a second page (its running head), and Latin words and digits among the Han: the
 * editions set the English one's dek and captions in italics, the Chinese one's upright.
 */
export function chineseAndEnglishStory(): string {
  const source = mkdtempSync(join(tmpdir(), 'editions-upright-'));
  cpSync(join(fixturesDir, 'lang-zh', 'munich-conference.png'), join(source, 'munich-conference.png'));
  const paragraph = '比亚迪（BYD）周一公布，第三季度纯电动车销量达到44.3万辆，首次超过美国竞争对手Tesla的43.5万辆。';
  for (const lang of ['zh', 'en'])
    writeFileSync(
      join(source, `${lang}.md`),
      [
        '---',
        'title: 比亚迪销量超越Tesla',
        'description: 比亚迪（BYD）周一公布，第三季度销量达44.3万辆，首次超过Tesla。',
        'dateline: 北京',
        'credit: AFP',
        'date: 2026-12-07',
        `lang: ${lang}`,
        '---',
        '',
        '![比亚迪深圳总部](munich-conference.png "2026年12月7日，BYD在深圳举行新闻发布会。© AFP/Hector Retamal")',
        '',
        '> Morgan Stanley分析师写道：“中国品牌正在重塑全球汽车产业格局。”',
        '',
        ...Array.from({ length: 40 }, () => `${paragraph}\n`),
      ].join('\n'),
    );
  return source;
}
