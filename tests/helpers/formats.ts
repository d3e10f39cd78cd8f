import { mkdirSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { pathToFileURL } from 'node:url';
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
