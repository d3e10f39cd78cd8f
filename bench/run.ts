/**
 * `npm run bench`: Editions side by side with Typst (and Pandoc + WeasyPrint when
 * installed), on the same articles, in one run, and the issue's targets with each
 * figure and whether it holds. Editions runs as `npm run publish` does: the
 * compiled CLI, one process per run, `--stats` for CPU time and peak memory (the
 * process's own accounting). Typst: the articles as Typst markup (bench/typst.ts,
 * converted beforehand), compiled by `@myriaddreamin/typst-ts-node-compiler`, one
 * Node process for the batch (bench/typst-batch.mjs). The runs of a size are taken
 * in turn, round after round; each figure is the median of the rounds.
 *
 *   npm run bench                   # everything: side by side, growth to 5 MB, republish of 1,000
 *   npm run bench -- --rounds 3     # medians of 3 instead of 5
 */
import { execFile, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { readArticle } from '../src/read/article.js';
import { longArticle } from './articles.js';
import { imageFiles, typstMarkup } from './typst.js';

const run = promisify(execFile);
const root = new URL('..', import.meta.url).pathname;
const cli = join(root, 'dist', 'cli.js');
const roundsArgument = process.argv.indexOf('--rounds');
const rounds = roundsArgument > 0 ? Number(process.argv[roundsArgument + 1]) : 5;
/** Every folder the bench makes, removed when it exits. */
const folders: string[] = [];
const temporary = (name: string) => {
  folders.push(mkdtempSync(join(tmpdir(), `editions-bench-${name}-`)));
  return folders.at(-1) as string;
};
process.on('exit', () => {
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});

/** The articles: the canonical story retitled; every tenth a fixture (every block type, seven scripts, the 30-page long form, with its images). */
function generate(count: number, onlyTheStory = false): string {
  const folder = temporary(`${count}`);
  const story = join(root, 'source', 'moscow-syria-opposition-contact.md');
  const fixtures = ['every-block', 'multi-script', 'long-form'].map((name) => join(root, 'tests', 'fixtures', name, 'input.md'));
  for (const fixture of fixtures) {
    for (const file of readdirSync(dirname(fixture)).filter((name) => /\.(png|jpe?g|gif)$/.test(name)))
      cpSync(join(dirname(fixture), file), join(folder, file));
  }
  for (let index = 0; index < count; index++) {
    const template = !onlyTheStory && index % 10 === 9 ? (fixtures[index % fixtures.length] as string) : story;
    // Each copy gets its slug from its file name.
    const text = readFileSync(template, 'utf8')
      .replace(/^slug:.*\n/m, '')
      .replace(/^title: "?/m, (match) => `${match}${index + 1}. `);
    writeFileSync(join(folder, `article-${String(index + 1).padStart(4, '0')}.md`), text);
  }
  return folder;
}

/** The same articles as Typst documents, with their images, in a folder of their own. */
function typstSources(source: string): string {
  const folder = temporary('typst');
  for (const name of readdirSync(source).filter((file) => file.endsWith('.md'))) {
    const { article } = readArticle(join(source, name), readFileSync(join(source, name)), source);
    if (!article) throw new Error(`${name} did not parse`);
    for (const image of imageFiles(article)) writeFileSync(join(folder, image.name), image.bytes);
    writeFileSync(join(folder, `${basename(name, '.md')}.typ`), typstMarkup(article));
  }
  return folder;
}

interface Measure {
  readonly wall: number;
  readonly cpu?: number;
  readonly peakMegabytes?: number;
}

/** A Node process's wall time, and its CPU time and peak memory as it prints them (`--stats`). */
async function measured(args: readonly string[]): Promise<Measure> {
  const started = performance.now();
  const { stdout } = await run(process.execPath, args, { maxBuffer: 256 * 1024 * 1024 });
  const wall = (performance.now() - started) / 1000;
  const stats = /cpu ([\d.]+) s, peak memory (\d+) MB/.exec(stdout);
  return { wall, cpu: Number(stats?.[1]), peakMegabytes: Number(stats?.[2]) };
}

/** One publish by the compiled CLI into `out` (a new folder unless given). */
function editions(source: string, extra: readonly string[] = [], out = temporary('out')): Promise<Measure> {
  return measured([cli, '--source', source, '--out', out, '--stats', ...extra]);
}

async function typst(folder: string): Promise<Measure> {
  const out = temporary('typst-out');
  const measure = await measured([join(root, 'bench', 'typst-batch.mjs'), folder, out]);
  const pdfs = readdirSync(out).filter((name) => name.endsWith('.pdf')).length;
  if (pdfs !== readdirSync(folder).filter((name) => name.endsWith('.typ')).length) throw new Error(`Typst made ${pdfs} PDFs from ${folder}`);
  return measure;
}

const pandocFormats = [
  ['html', ['-s']],
  ['pdf', ['-s', '--pdf-engine=weasyprint']],
  ['epub', []],
  ['txt', ['-t', 'plain']],
] as const;

/** Why Pandoc + WeasyPrint are left out, or undefined when both are installed. */
function pandocMissing(): string | undefined {
  const missing = ['pandoc', 'weasyprint'].filter((command) => spawnSync(command, ['--version']).status !== 0);
  return missing.length > 0 ? `${missing.join(' and ')} not installed` : undefined;
}

/** Pandoc as a user scripts it: one process per article and format, one after another. */
async function pandoc(source: string, formats: readonly (typeof pandocFormats)[number][]): Promise<Measure> {
  const out = temporary('pandoc-out');
  const started = performance.now();
  for (const name of readdirSync(source).filter((file) => file.endsWith('.md'))) {
    for (const [extension, args] of formats) {
      await run('pandoc', [join(source, name), ...args, '-o', join(out, `${basename(name, '.md')}.${extension}`)], {
        cwd: source,
        maxBuffer: 64 * 1024 * 1024,
      }).catch(() => undefined);
    }
  }
  return { wall: (performance.now() - started) / 1000 };
}

const median = (values: readonly number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;
const seconds = (value: number | undefined) => (value === undefined || Number.isNaN(value) ? '–' : `${value.toFixed(2)} s`);
const log = (line: string) => console.error(line);

if (!existsSync(cli)) throw new Error('dist/cli.js is missing: npm run build');
const loadAtStart = loadavg()[0] ?? 0;
log(`Benchmark on ${cpus().length} cores (${cpus()[0]?.model.trim()}), Node ${process.version}, medians of ${rounds}`);
const withoutPandoc = pandocMissing();
if (withoutPandoc) log(`Pandoc + WeasyPrint left out: ${withoutPandoc}`);

/** Side by side, for N = 1 and 50: each kind of run once per round, in turn. */
const sizes = [1, 50] as const;
const kinds = ['editions pdf', 'editions all', 'editions pdf --jobs 1', 'typst'] as const;
const walls = new Map<string, number[]>();
const cpuOf = new Map<string, number[]>();
const peaks = new Map<string, number[]>();
const key = (size: number, kind: string) => `${size} ${kind}`;
for (const size of sizes) {
  const source = generate(size);
  const typstFolder = typstSources(source);
  for (let round = 0; round < rounds; round++) {
    for (const kind of kinds) {
      const measure =
        kind === 'typst'
          ? await typst(typstFolder)
          : await editions(source, kind === 'editions all' ? [] : ['--only', 'pdf', ...(kind.endsWith('--jobs 1') ? ['--jobs', '1'] : [])]);
      for (const [map, value] of [
        [walls, measure.wall],
        [cpuOf, measure.cpu],
        [peaks, measure.peakMegabytes],
      ] as const) {
        if (value !== undefined) map.set(key(size, kind), [...(map.get(key(size, kind)) ?? []), value]);
      }
      log(`N=${size} round ${round + 1} ${kind}: ${seconds(measure.wall)}`);
    }
  }
  if (!withoutPandoc) {
    // One run: Pandoc takes about a second an article and format.
    walls.set(key(size, 'pandoc pdf'), [
      (
        await pandoc(
          source,
          pandocFormats.filter(([format]) => format === 'pdf'),
        )
      ).wall,
    ]);
    walls.set(key(size, 'pandoc all'), [(await pandoc(source, pandocFormats)).wall]);
  }
}
const wall = (size: number, kind: string) => median(walls.get(key(size, kind)) ?? []);

/** One article of growing size, all four editions: time per MB and peak memory. */
const growth: { megabytes: number; measure: Measure }[] = [];
for (const megabytes of [0.5, 1, 2, 5]) {
  const source = temporary('growth');
  writeFileSync(join(source, 'long.md'), longArticle(megabytes * 1024 * 1024));
  const measure = await editions(source);
  growth.push({ megabytes, measure });
  log(`${megabytes} MB: ${seconds(measure.wall)}, peak ${measure.peakMegabytes} MB`);
}

/**
 * 1,000 articles (the story alone: the full build is the denominator, not the subject), each with a picture of its own
 * as a newsroom's are, published, then published again unchanged.
 */
const archive = generate(1000, true);
const picture = readFileSync(join(root, 'tests', 'fixtures', 'html-rtl', 'munich.png'));
for (const name of readdirSync(archive).filter((file) => file.endsWith('.md'))) {
  const photo = `${basename(name, '.md')}.png`;
  writeFileSync(join(archive, photo), picture);
  const text = readFileSync(join(archive, name), 'utf8');
  // After the first paragraph of the body: the front matter's blank line is not one.
  const body = text.indexOf('\n\n', text.indexOf('\n---\n') + 5);
  writeFileSync(join(archive, name), `${text.slice(0, body)}\n\n![The scene](${photo})${text.slice(body)}`);
}
const archiveOut = temporary('archive-out');
const fullBuild = await editions(archive, [], archiveOut);
log(`1000 articles, full build: ${seconds(fullBuild.wall)}`);
const republishes: Measure[] = [];
for (let round = 0; round < rounds; round++) republishes.push(await editions(archive, [], archiveOut));
const republish = median(republishes.map((measure) => measure.wall));
const republishCpu = median(republishes.map((measure) => measure.cpu ?? Number.NaN));
log(`1000 articles, republished unchanged: ${seconds(republish)}`);

const ratio = (ours: number, theirs: number) => (Number.isNaN(theirs) ? '–' : `${(theirs / ours).toFixed(2)}×`);
const sideBySide = [
  '| work | Editions | CPU | peak memory | Typst | CPU | Typst ÷ Editions | Pandoc + WeasyPrint | Pandoc ÷ Editions |',
  '|---|---:|---:|---:|---:|---:|---:|---:|---:|',
  ...sizes.flatMap((size) =>
    (['pdf', 'all'] as const).map((what) => {
      const ours = wall(size, `editions ${what}`);
      const typstWall = what === 'pdf' ? wall(size, 'typst') : Number.NaN;
      const pandocWall = wall(size, `pandoc ${what}`);
      const label = `${size === 1 ? '1 article, cold' : `${size} articles`}, ${what === 'pdf' ? 'PDF only' : 'all four editions'}`;
      const cpu = median(cpuOf.get(key(size, `editions ${what}`)) ?? []);
      const peak = median(peaks.get(key(size, `editions ${what}`)) ?? []);
      const typstCpu = what === 'pdf' ? median(cpuOf.get(key(size, 'typst')) ?? []) : Number.NaN;
      return `| ${label} | ${seconds(ours)} | ${seconds(cpu)} | ${peak} MB | ${seconds(typstWall)} | ${seconds(typstCpu)} | ${ratio(ours, typstWall)} | ${seconds(pandocWall)} | ${ratio(ours, pandocWall)} |`;
    }),
  ),
  `| 50 articles, PDF only, one thread (\`--jobs 1\`) | ${seconds(wall(50, 'editions pdf --jobs 1'))} | ${seconds(median(cpuOf.get(key(50, 'editions pdf --jobs 1')) ?? []))} | | | | | | |`,
];

const growthTable = [
  '| article | wall | CPU | peak memory | wall per MB |',
  '|---:|---:|---:|---:|---:|',
  ...growth.map(
    ({ megabytes, measure }) =>
      `| ${megabytes} MB | ${seconds(measure.wall)} | ${seconds(measure.cpu)} | ${measure.peakMegabytes} MB | ${seconds(measure.wall / megabytes)} |`,
  ),
];

const perMegabyte = (megabytes: number) => {
  const row = growth.find((item) => item.megabytes === megabytes);
  return row ? row.measure.wall / megabytes : Number.NaN;
};
const largest = growth.at(-1)?.measure;
const holds = (condition: boolean) => (condition ? 'holds' : '**does not hold**');
const targets = [
  '| target | figure | |',
  '|---|---|---|',
  `| 50 articles, all four editions, in no more wall time than Typst's 50 PDFs | ${seconds(wall(50, 'editions all'))} vs ${seconds(wall(50, 'typst'))} | ${holds(wall(50, 'editions all') <= wall(50, 'typst'))} |`,
  `| 50 articles, PDF only, faster than Typst | ${seconds(wall(50, 'editions pdf'))} vs ${seconds(wall(50, 'typst'))} | ${holds(wall(50, 'editions pdf') < wall(50, 'typst'))} |`,
  `| 1 article, cold, all four editions, no slower than Typst's one PDF | ${seconds(wall(1, 'editions all'))} vs ${seconds(wall(1, 'typst'))} | ${holds(wall(1, 'editions all') <= wall(1, 'typst'))} |`,
  `| 5 MB article: peak memory under 400 MB | ${largest?.peakMegabytes} MB | ${holds((largest?.peakMegabytes ?? Number.POSITIVE_INFINITY) < 400)} |`,
  `| 5 MB article: time per MB no worse than at 0.5 MB | ${seconds(perMegabyte(5))} vs ${seconds(perMegabyte(0.5))} | ${holds(perMegabyte(5) <= perMegabyte(0.5))} |`,
  `| 1,000 unchanged articles republished in under 3 % of their full build | ${((republish / fullBuild.wall) * 100).toFixed(2)} % (${seconds(republish)} of ${seconds(fullBuild.wall)}) | ${holds(republish < 0.03 * fullBuild.wall)} |`,
  `| … and in under 0.5 s | ${seconds(republish)} | ${holds(republish < 0.5)} |`,
];

console.log(
  [
    `Measured ${new Date().toISOString().slice(0, 10)} on ${cpus().length} cores (${cpus()[0]?.model.trim()}), Node ${process.version}, medians of ${rounds} runs taken in turn; load average ${loadAtStart.toFixed(1)} at the start, ${(loadavg()[0] ?? 0).toFixed(1)} at the end${withoutPandoc ? `; Pandoc + WeasyPrint left out (${withoutPandoc})` : ''}.`,
    '',
    ...sideBySide,
    '',
    'One article of growing size, all four editions (one run each):',
    '',
    ...growthTable,
    '',
    `1,000 articles (the story with a picture, all four editions): full build ${seconds(fullBuild.wall)} (CPU ${seconds(fullBuild.cpu)}, peak ${fullBuild.peakMegabytes} MB); republished unchanged in ${seconds(republish)} (CPU ${seconds(republishCpu)}).`,
    '',
    ...targets,
  ].join('\n'),
);
