import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect } from 'vitest';
import { allFixtures, slugOf } from './batch.js';
import { projectRoot } from './cases.js';
import { type CliRun, publish } from './cli.js';
import { run } from './validators.js';

/** The example config that lists the DOCX and NewsML editions with the four built-in ones. */
export const newsroomConfig = 'examples/newsroom.config.ts';

export interface FormatsRun {
  readonly run: CliRun;
  readonly out: string;
  /** Each fixture's article: its source path and its slug, by fixture name. */
  readonly articles: ReadonlyMap<string, { readonly path: string; readonly slug: string }>;
}

/** Made on first call, then the same promise: a suite publishes once, and a skipped suite (whose body still runs) never does. */
export function once<T>(make: () => Promise<T>): () => Promise<T> {
  let made: Promise<T> | undefined;
  return () => {
    made ??= make();
    return made;
  };
}

/** Every fixture in one folder, published by the compiled CLI with the newsroom config, only the editions named (`docx,newsml`), in a new output folder. */
export async function publishFixtures(only: string, extraArgs: readonly string[] = []): Promise<FormatsRun> {
  const { source, articles: byFile } = allFixtures('editions-formats');
  const out = mkdtempSync(join(tmpdir(), 'editions-formats-out-'));
  const result = await publish(['--config', newsroomConfig, '--source', source, '--out', out, '--only', only, ...extraArgs]);
  const articles = new Map([...byFile].map(([file, fixture]) => [fixture, { path: join(source, file), slug: slugOf(join(source, file)) }]));
  return { run: result, out, articles };
}

/**
 * LibreOffice headless converts the files to `format` (`pdf`, `html`, `txt:Text`) in ONE process (it starts in seconds,
 * converts in tens of milliseconds), with a fresh profile so no earlier run's settings or lock get in the way.
 * Resolves with the folder of converted files, named as the inputs with the new extension, and LibreOffice's output.
 */
export async function libreOfficeConvert(files: readonly string[], format: string): Promise<{ folder: string; output: string }> {
  const folder = mkdtempSync(join(tmpdir(), 'editions-libreoffice-'));
  const profile = join(folder, '.profile');
  mkdirSync(profile);
  const { stdout, stderr } = await run(
    'soffice',
    [`-env:UserInstallation=${pathToFileURL(profile).href}`, '--headless', '--norestore', '--convert-to', format, '--outdir', folder, ...files],
    { maxBuffer: 64 * 1024 * 1024, timeout: 300_000 },
  );
  return { folder, output: `${stdout}${stderr}` };
}

/** The converted file for an input, by its name. */
export function converted(folder: string, input: string, extension: string): string | undefined {
  const name = `${basename(input).replace(/\.[^.]+$/, '')}.${extension}`;
  return readdirSync(folder).includes(name) ? join(folder, name) : undefined;
}

/**
 * `publish()` of the library, in a `node --input-type=module -e` script as a program using it runs, with the renderers
 * given as an expression over the package's exports (`docx({ pageSize: 'LETTER' })`): without a config file, other
 * threads rebuild them from the registry. Resolves with the output folder.
 */
export async function publishThroughApi(source: string, renderers: string, jobs: number): Promise<string> {
  const out = mkdtempSync(join(tmpdir(), 'editions-formats-api-'));
  const script = `
    import * as editions from ${JSON.stringify(pathToFileURL(join(projectRoot, 'dist', 'index.js')).href)};
    const { docx, newsml } = editions;
    const result = await editions.publish({ source: ${JSON.stringify(source)}, outDir: ${JSON.stringify(out)}, renderers: [${renderers}] }, { jobs: ${jobs} });
    if (result.failed > 0) throw new Error(result.files.flatMap((file) => file.messages.filter((message) => message.fatal).map(String)).join('\\n'));`;
  await run(process.execPath, ['--input-type=module', '-e', script], { cwd: projectRoot, maxBuffer: 64 * 1024 * 1024 });
  return out;
}

/** One renderer's editions in a folder, by file name. */
export function editionsIn(folder: string, extension: string): Map<string, Buffer> {
  return new Map(
    readdirSync(folder)
      .filter((name) => name.endsWith(extension))
      .map((name) => [name, readFileSync(join(folder, name))]),
  );
}

/**
 * One renderer's editions of every fixture are the same in the default run (helper thread) and in the worker pool
 * (`--jobs 2`); five copies of a fixture, pictures included, are the same through `publish()` in one thread and with
 * `jobs: 2`, where threads rebuild the renderer (an expression: `docx({ pageSize: 'LETTER' })`) from the registry.
 * Resolves with the editions of that threaded run, for the caller to check that the options reached them.
 */
export async function expectSameInEveryThread(only: string, extension: string, renderer: string, fixture: string): Promise<Map<string, Buffer>> {
  const [helper, pool] = await Promise.all([publishFixtures(only), publishFixtures(only, ['--jobs', '2'])]);
  for (const { run: published } of [helper, pool]) expect(published.code, published.stderr).toBe(0);
  expect(editionsIn(helper.out, extension).size).toBe(helper.articles.size);
  expect(editionsIn(pool.out, extension)).toEqual(editionsIn(helper.out, extension));

  const source = mkdtempSync(join(tmpdir(), 'editions-formats-api-source-'));
  const folder = join(projectRoot, 'tests', 'fixtures', fixture);
  const story = readFileSync(join(folder, 'input.md'), 'utf8').replace(/^slug:.*\n/m, '');
  for (const entry of readdirSync(folder, { withFileTypes: true }))
    if (entry.isFile() && !entry.name.endsWith('.md')) copyFileSync(join(folder, entry.name), join(source, entry.name));
  for (let index = 1; index <= 5; index++) writeFileSync(join(source, `story-${index}.md`), story);
  const [oneThread, threads] = await Promise.all([publishThroughApi(source, renderer, 1), publishThroughApi(source, renderer, 2)]);
  const editions = editionsIn(threads, extension);
  expect(editions.size).toBe(5);
  expect(editions).toEqual(editionsIn(oneThread, extension));
  return editions;
}
