/**
 * `npm run bench`: publishes generated articles with Editions (compiled, one
 * process per run, as `npm run publish` does) and, when pandoc and weasyprint
 * are installed, the same articles through them, one process per file and
 * format, in the same run. Prints a Markdown table for the README.
 *
 *   npm run bench                  # N = 1, 50, 1000
 *   npm run bench -- --sizes 1,50  # other sizes
 *   npm run bench -- --growth      # one article of 0.5, 1, 2 and 5 MB: time and memory against size
 */
import { execFile, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { promisify } from 'node:util';
import type { Article } from '../src/types.js';
import { longArticle } from './articles.js';

const run = promisify(execFile);
const root = new URL('..', import.meta.url).pathname;
const cli = join(root, 'dist', 'cli.js');
const argSizes = process.argv.indexOf('--sizes');
const sizes = argSizes > 0 ? (process.argv[argSizes + 1] ?? '').split(',').map(Number) : [1, 50, 1000];
/** Pandoc takes about half a second an article: beyond this many, it is left out. */
const pandocLimit = 50;

/** Articles of realistic length and variety: the canonical story and the fixtures, retitled. */
function templates(): string[] {
  const fixtures = join(root, 'tests', 'fixtures');
  const sources = [
    join(root, 'source', 'moscow-syria-opposition-contact.md'),
    ...['every-block', 'multi-script', 'long-form'].map((name) => join(fixtures, name, 'input.md')),
  ];
  return sources.flatMap((path) => {
    try {
      // Each copy gets its slug from its file name.
      return [readFileSync(path, 'utf8').replace(/^slug:.*\n/m, '')];
    } catch {
      return [];
    }
  });
}

function generate(count: number): string {
  const folder = mkdtempSync(join(tmpdir(), `editions-bench-${count}-`));
  const kinds = templates();
  // Mostly news stories, as in a newsroom archive; one in ten is a long or unusual one.
  for (let index = 0; index < count; index++) {
    const template = index % 10 === 9 ? (kinds[1 + (index % (kinds.length - 1))] ?? kinds[0]) : kinds[0];
    const article = (template ?? '').replace(/^title: "?/m, (match) => `${match}${index + 1}. `);
    writeFileSync(join(folder, `article-${String(index + 1).padStart(4, '0')}.md`), article);
  }
  return folder;
}

interface Measure {
  wall: number;
  cpu?: number;
  peakMegabytes?: number;
}

async function editions(source: string, extra: string[] = []): Promise<Measure> {
  const out = mkdtempSync(join(tmpdir(), 'editions-bench-out-'));
  const started = performance.now();
  const { stdout } = await run(process.execPath, [cli, '--source', source, '--out', out, '--stats', ...extra], { maxBuffer: 256 * 1024 * 1024 });
  const wall = (performance.now() - started) / 1000;
  const stats = /cpu ([\d.]+) s, peak memory (\d+) MB/.exec(stdout);
  return { wall, cpu: Number(stats?.[1]), peakMegabytes: Number(stats?.[2]), ...{ out } };
}

async function republish(source: string, out: string): Promise<number> {
  const started = performance.now();
  await run(process.execPath, [cli, '--source', source, '--out', out], { maxBuffer: 256 * 1024 * 1024 });
  return (performance.now() - started) / 1000;
}

const pandocFormats = [
  ['html', ['-s']],
  ['pdf', ['-s', '--pdf-engine=weasyprint']],
  ['epub', []],
  ['txt', ['-t', 'plain']],
] as const;

function hasPandoc(): boolean {
  return ['pandoc', 'weasyprint'].every((command) => spawnSync(command, ['--version']).status === 0);
}

/** Pandoc as a user scripts it: one process per article and format, one after another. */
async function pandoc(source: string): Promise<Measure> {
  const out = mkdtempSync(join(tmpdir(), 'pandoc-bench-out-'));
  const started = performance.now();
  for (const name of readdirSync(source).sort()) {
    for (const [extension, args] of pandocFormats) {
      await run('pandoc', [join(source, name), ...args, '-o', join(out, `${basename(name, '.md')}.${extension}`)], { maxBuffer: 64 * 1024 * 1024 }).catch(
        () => undefined,
      );
    }
  }
  return { wall: (performance.now() - started) / 1000 };
}

/** One article of growing size: wall, CPU and peak memory should grow in proportion. */
async function growth(): Promise<void> {
  const rows = ['| article | wall | CPU | peak memory | wall per MB |', '|---:|---:|---:|---:|---:|'];
  for (const megabytes of [0.5, 1, 2, 5]) {
    const source = mkdtempSync(join(tmpdir(), 'editions-growth-'));
    writeFileSync(join(source, 'long.md'), longArticle(megabytes * 1024 * 1024));
    const measure = await editions(source);
    rows.push(
      `| ${megabytes} MB | ${measure.wall.toFixed(2)} s | ${(measure.cpu ?? 0).toFixed(2)} s | ${measure.peakMegabytes} MB | ${(measure.wall / megabytes).toFixed(2)} s |`,
    );
    console.error(rows.at(-1));
  }
  console.log(rows.join('\n'));
}

if (process.argv.includes('--growth')) {
  await growth();
  process.exit(0);
}

const seconds = (value: number) => `${value.toFixed(2)} s`;
const rows: string[] = [];
const withPandoc = hasPandoc();
console.error(
  `Benchmark on ${cpus().length} cores, Node ${process.version}${withPandoc ? ', with pandoc and weasyprint' : ', without pandoc (not installed)'}`,
);

for (const size of sizes) {
  const source = generate(size);
  const full = (await editions(source)) as Measure & { out: string };
  const again = await republish(source, full.out);
  const reference = withPandoc && size <= pandocLimit ? await pandoc(source) : undefined;
  rows.push(
    `| ${size} | ${seconds(full.wall)} | ${seconds(full.cpu ?? 0)} | ${full.peakMegabytes} MB | ${((full.wall / size) * 1000).toFixed(1)} ms | ${seconds(again)} (${((again / full.wall) * 100).toFixed(1)} %) | ${reference ? `${seconds(reference.wall)} | ${(reference.wall / full.wall).toFixed(1)}×` : '– | –'} |`,
  );
  console.error(rows.at(-1));
}

const perEdition: string[] = [];
const editionSample = generate(50);
for (const renderer of ['html', 'pdf', 'epub', 'text']) {
  const measure = await editions(editionSample, ['--only', renderer, '--jobs', '0']);
  perEdition.push(`| ${renderer} | ${((measure.wall / 50) * 1000).toFixed(1)} ms |`);
}

/**
 * A warm process: the canonical article's PDF, set again and again after a
 * warm-up; the median. Once as it is (paragraphs already set come from the
 * process's cache, as when an edited article is republished), once with every
 * text changed each time (every paragraph set afresh).
 */
async function warmPdf(): Promise<{ cached: number; fresh: number }> {
  const { readArticle } = await import('../src/read/article.js');
  const { pdf } = await import('../src/renderers/pdf/index.js');
  const path = join(root, 'source', 'moscow-syria-opposition-contact.md');
  const { article } = readArticle(path, readFileSync(path), join(root, 'source'));
  if (!article) throw new Error('the canonical article did not parse');
  const renderer = pdf();
  const context = { config: {} as never, warn: () => undefined };
  const median = async (variant: (round: number) => Article) => {
    const times: number[] = [];
    for (let round = 0; round < 40; round++) {
      const input = variant(round);
      const started = performance.now();
      await renderer.render(input, context);
      if (round >= 10) times.push(performance.now() - started);
    }
    return times.sort((a, b) => a - b)[Math.floor(times.length / 2)] ?? 0;
  };
  const changed = (round: number) => {
    const hast = structuredClone(article.hast);
    const visit = (node: { type: string; value?: string; children?: unknown[] }) => {
      if (node.type === 'text' && node.value?.trim()) node.value = `${node.value} ${round}`;
      for (const child of node.children ?? []) visit(child as typeof node);
    };
    visit(hast as never);
    return { ...article, hast };
  };
  return { cached: await median(() => article), fresh: await median(changed) };
}
const warm = await warmPdf();

const report = [
  `Measured ${new Date().toISOString().slice(0, 10)} on ${cpus().length} cores (${cpus()[0]?.model.trim()}), Node ${process.version}.`,
  '',
  '| articles | Editions wall | CPU | peak memory | per article | republish unchanged | Pandoc + WeasyPrint | Editions is faster by |',
  '|---:|---:|---:|---:|---:|---:|---:|---:|',
  ...rows,
  '',
  'Per edition, 50 articles in one thread (`--only X --jobs 0`), process start included:',
  '',
  '| edition | per article |',
  '|---|---:|',
  ...perEdition,
  '',
  `A warm process sets the canonical article's PDF in ${warm.fresh.toFixed(1)} ms with every paragraph changed, ${warm.cached.toFixed(1)} ms unchanged (paragraphs from its cache); medians of 30, after 10 to warm up.`,
].join('\n');
mkdirSync(join(root, 'bench'), { recursive: true });
console.log(report);
