/**
 * A corpus of real-world Markdown nobody on this project wrote: the READMEs, changelogs and
 * docs inside the locked packages in node_modules, chosen by a fixed rule so that every
 * `npm ci` of package-lock.json gives the same set. It is published in one run of the
 * compiled CLI and every edition is checked. `scripts/corpus.ts` (`npm run corpus`) and
 * tests/corpus.test.ts both use this module.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { Nodes } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import JSZip from 'jszip';
import type { Article } from '../../src/types.js';
import { checkPdfUa } from './pdfua.js';
import { epubcheckJar, isVnuDataImageBug, type VnuMessage, vnuJar } from './validators.js';
import { bodyWords, epubText, htmlText, missingInOrder, overlong, pdfStructureText, pdfText, readArticleFile, words } from './words.js';

const run = promisify(execFile);
const projectRoot = fileURLToPath(new URL('../..', import.meta.url));
const cli = join(projectRoot, 'dist', 'cli.js');
const epubcheckBatch = fileURLToPath(new URL('EpubcheckBatch.java', import.meta.url));
const bigOutput = { maxBuffer: 512 * 1024 * 1024 };

/** Files smaller than this are mostly a license line or a stub. */
const minBytes = 200;
/** Files larger than this are left out (none in the lock today): one article should not be the whole run. */
const maxBytes = 300 * 1024;
/** How many files the full corpus holds. */
export const corpusSize = 240;
/** The largest files are always in: they find what short ones cannot. */
const largestAlways = 5;
/** Size buckets (upper bounds in bytes): the corpus takes an equal share from each, so sizes vary. */
const bucketBounds = [1024, 4 * 1024, 16 * 1024, 64 * 1024, maxBytes + 1];
/** The text edition's width in pipeline.config.ts (`text({ width: 72 })`), which the CLI uses here. */
const textWidth = 72;

export interface CorpusFile {
  /** Path under the project, `node_modules/...`. */
  readonly origin: string;
  /** File name in the corpus's source folder, unique: the article's slug. */
  readonly slug: string;
  readonly bytes: number;
}

export type Check = 'exit' | 'stack trace' | 'editions' | 'epubcheck' | 'nu' | 'qpdf' | 'pdf/ua' | 'words' | 'text width' | 'live markup';
export const checks: readonly Check[] = ['exit', 'stack trace', 'editions', 'epubcheck', 'nu', 'qpdf', 'pdf/ua', 'words', 'text width', 'live markup'];

export interface Finding {
  readonly check: Check;
  /** The corpus file's slug, or '' for the run as a whole. */
  readonly slug: string;
  readonly detail: string;
}

export interface CorpusRun {
  readonly files: readonly CorpusFile[];
  readonly findings: readonly Finding[];
  readonly publishSeconds: number;
  readonly checkSeconds: number;
  readonly peakMegabytes: number | undefined;
  readonly warnings: number;
  /** Files whose PDF pdftotext reads out of order although its structure tree has every word in order (not findings). */
  readonly pdftotextOrder: readonly string[];
}

/** Packages that install on some platforms only (esbuild's, Biome's binaries): another machine's `npm ci` has others. */
function platformSpecific(packageDir: string): boolean {
  try {
    const manifest = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8'));
    return Array.isArray(manifest.os) || Array.isArray(manifest.cpu) || Array.isArray(manifest.libc);
  } catch {
    return false;
  }
}

/** Every `*.md` under `dir`, skipping dot folders (.bin, .cache, .vite) and links. */
function markdownFiles(dir: string, found: string[]): void {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) markdownFiles(path, found);
    else if (entry.isFile() && entry.name.toLowerCase().endsWith('.md')) found.push(path);
  }
}

/** `node_modules/a/node_modules/@s/b/docs/x.md` → `node_modules/a/node_modules/@s/b`. */
function packageOf(origin: string): string {
  return /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(origin)?.[1] ?? origin;
}

/** `node_modules/@scope/pkg/docs/API.md` → `scope-pkg-docs-api`. */
function slugOf(origin: string): string {
  return origin
    .replace(/^node_modules\//, '')
    .replace(/\/node_modules\//g, '/')
    .replace(/\.md$/i, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

/**
 * The corpus, by a fixed rule: every `*.md` under node_modules sorted by path, the first of
 * each distinct content kept, 200 bytes to 300 kB; then an equal share from each size bucket
 * (every k-th of a bucket, by path; a bucket with too few gives its share to the others) and
 * the largest few. Sorted by path.
 */
export function corpusFiles(root = projectRoot): CorpusFile[] {
  const found: string[] = [];
  markdownFiles(join(root, 'node_modules'), found);
  const platform = new Map<string, boolean>();
  const paths = found
    .map((path) => relative(root, path).split(sep).join('/'))
    .filter((origin) => {
      const packageDir = packageOf(origin);
      if (!platform.has(packageDir)) platform.set(packageDir, platformSpecific(join(root, packageDir)));
      return !platform.get(packageDir);
    })
    .sort();
  const seen = new Set<string>();
  const candidates: CorpusFile[] = [];
  const slugs = new Set<string>();
  for (const origin of paths) {
    const bytes = readFileSync(join(root, origin));
    if (bytes.length < minBytes || bytes.length > maxBytes) continue;
    const hash = createHash('sha256').update(bytes).digest('hex');
    if (seen.has(hash)) continue;
    seen.add(hash);
    let slug = slugOf(origin);
    while (slugs.has(slug)) slug = `${slug}-2`;
    slugs.add(slug);
    candidates.push({ origin, slug, bytes: bytes.length });
  }
  const buckets = bucketBounds.map((bound, index) => candidates.filter((file) => file.bytes < bound && file.bytes >= (bucketBounds[index - 1] ?? 0)));
  const chosen = new Set<CorpusFile>([...candidates].sort((a, b) => b.bytes - a.bytes || (a.origin < b.origin ? -1 : 1)).slice(0, largestAlways));
  // Shares: the smallest buckets first, each taking what it has up to an equal part of what is left.
  let left = corpusSize - chosen.size;
  const order = buckets
    .map((bucket, index) => ({ bucket: bucket.filter((file) => !chosen.has(file)), index }))
    .sort((a, b) => a.bucket.length - b.bucket.length);
  order.forEach(({ bucket }, position) => {
    const share = Math.min(bucket.length, Math.floor(left / (order.length - position)));
    for (let pick = 0; pick < share; pick++) chosen.add(bucket[Math.floor((pick * bucket.length) / share)] as CorpusFile);
    left -= share;
  });
  return [...chosen].sort((a, b) => (a.origin < b.origin ? -1 : 1));
}

/** Every k-th file of the sorted corpus, at least `count` of them. */
export function sample(files: readonly CorpusFile[], count: number): CorpusFile[] {
  const step = Math.max(1, Math.floor(files.length / count));
  return files.filter((_, index) => index % step === 0);
}

/** Copies the files into `sourceDir` as `<slug>.md`. */
export function copyCorpus(files: readonly CorpusFile[], sourceDir: string, root = projectRoot): void {
  mkdirSync(sourceDir, { recursive: true });
  for (const file of files) copyFileSync(join(root, file.origin), join(sourceDir, `${file.slug}.md`));
}

/** Runs `work` on every item, at most `limit` at once. */
async function eachLimited<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) await work(items[next++] as T);
  });
  await Promise.all(lanes);
}

/** Elements and attributes that run code: what sanitizing must never let through. */
export function liveMarkup(tree: Nodes): string[] {
  const found: string[] = [];
  const urlProperties = ['href', 'src', 'action', 'formAction', 'xLinkHref', 'data', 'poster', 'cite'];
  const visitNode = (node: Nodes): void => {
    if (node.type === 'element') {
      const type = String(node.properties.type ?? '');
      // JSON-LD metadata is data, not a script.
      if (node.tagName === 'script' && type !== 'application/ld+json') found.push(`<script${type ? ` type="${type}"` : ''}>`);
      if (['iframe', 'object', 'embed', 'frame'].includes(node.tagName)) found.push(`<${node.tagName}>`);
      for (const [name, value] of Object.entries(node.properties)) {
        if (/^on[a-z]/i.test(name)) found.push(`<${node.tagName} ${name}>`);
        // Browsers ignore control characters and white space before the scheme.
        if (urlProperties.includes(name) && /^[\s\p{Cc}]*(javascript|vbscript):/iu.test(String(value)))
          found.push(`<${node.tagName} ${name}="${String(value).slice(0, 40)}">`);
      }
    }
    if ('children' in node) for (const child of node.children) visitNode(child as Nodes);
  };
  visitNode(tree);
  return found;
}

async function epubDocuments(path: string): Promise<{ name: string; text: string }[]> {
  const zip = await JSZip.loadAsync(readFileSync(path));
  const names = Object.keys(zip.files).filter((name) => /\.(x?html|htm)$/i.test(name));
  return Promise.all(names.map(async (name) => ({ name, text: (await zip.file(name)?.async('string')) ?? '' })));
}

const extractors = { html: htmlText, epub: epubText, pdf: pdfText, text: (path: string) => readFileSync(path, 'utf8') };
const extensions = { html: '.html', pdf: '.pdf', epub: '.epub', text: '.txt' } as const;

function quoteFirst(words: readonly string[], count: number): string {
  return words
    .slice(0, count)
    .map((word) => `"${word}"`)
    .join(', ');
}

/**
 * Publishes `sourceDir` into `outDir` with one run of the compiled CLI, then checks every
 * file's editions. Needs `npm run build` first, Java (epubcheck, the Nu checker), qpdf and poppler.
 */
export async function publishAndCheck(files: readonly CorpusFile[], sourceDir: string, outDir: string): Promise<CorpusRun> {
  const findings: Finding[] = [];
  const add = (check: Check, slug: string, detail: string) => findings.push({ check, slug, detail });
  const pdftotextOrder: string[] = [];

  const started = performance.now();
  const published = await run(process.execPath, [cli, '--source', sourceDir, '--out', outDir, '--stats'], { cwd: projectRoot, ...bigOutput }).then(
    (result) => ({ ...result, code: 0 }),
    (error: { stdout: string; stderr: string; code: number }) => error,
  );
  const publishSeconds = (performance.now() - started) / 1000;
  const checkStarted = performance.now();
  if (published.code !== 0) add('exit', '', `exit code ${published.code}`);
  const stack = /^\s+at .+:\d+:\d+\)?$/m.exec(published.stderr);
  if (stack) add('stack trace', '', `stderr has a stack frame: ${stack[0].trim()}`);
  const peak = /peak memory (\d+(?:\.\d+)?) MB/.exec(published.stdout);
  // The reporter's last line counts them ("⚠ 213 warnings").
  const warnings = Number([...published.stderr.matchAll(/(\d+) warnings?$/gm)].at(-1)?.[1] ?? 0);

  const editionPath = (file: CorpusFile, renderer: keyof typeof extensions) => join(outDir, `${file.slug}${extensions[renderer]}`);
  const complete = files.filter((file) => {
    const missing = (Object.keys(extensions) as (keyof typeof extensions)[]).filter((renderer) => {
      const path = editionPath(file, renderer);
      return !existsSync(path) || statSync(path).size === 0;
    });
    if (missing.length > 0) add('editions', file.slug, `no ${missing.join(', ')} edition`);
    return missing.length === 0;
  });
  const bySlug = new Map(files.map((file) => [file.slug, file]));
  const slugOfPath = (path: string) => path.replace(/^.*\//, '').replace(/\.[a-z]+$/, '');

  // Two lanes at most: the machine may have two cores, and each validator is a JVM.
  const epubs = complete.map((file) => editionPath(file, 'epub'));
  const halves = [epubs.filter((_, index) => index % 2 === 0), epubs.filter((_, index) => index % 2 === 1)].filter((half) => half.length > 0);
  const epubcheck = Promise.all(
    halves.map(async (half) => {
      const { stdout } = await run('java', ['-cp', epubcheckJar, epubcheckBatch, ...half], bigOutput);
      const reports = stdout.split(/^@@ epubcheck exit (\d+) (.+)$/m);
      for (let index = 0; index + 2 < reports.length; index += 3) {
        const errors = (reports[index] ?? '').split('\n').filter((line) => /^(ERROR|FATAL)/.test(line));
        if (reports[index + 1] !== '0' || errors.length > 0)
          add(
            'epubcheck',
            slugOfPath(reports[index + 2] ?? ''),
            [...errors.slice(0, 5), ...(errors.length > 5 ? [`… and ${errors.length - 5} more`] : [])].join('\n') || `exit ${reports[index + 1]}`,
          );
      }
    }),
  );
  const nu = (async () => {
    const pages = complete.map((file) => editionPath(file, 'html'));
    const { stderr } = await run('java', ['-jar', vnuJar, '--errors-only', '--format', 'json', ...pages], bigOutput).catch((error) => error);
    for (const message of JSON.parse(stderr).messages as VnuMessage[]) {
      if (isVnuDataImageBug(message)) continue;
      add(
        'nu',
        slugOfPath(decodeURI(message.url ?? '')),
        `line ${message.lastLine}: ${message.message}${message.extract ? ` (${JSON.stringify(message.extract.trim().slice(0, 80))})` : ''}`,
      );
    }
  })();
  await Promise.all([epubcheck, nu]);

  await eachLimited(complete, 2, async (file) => {
    const pdf = editionPath(file, 'pdf');
    const qpdf = await run('qpdf', ['--check', pdf], bigOutput).catch((error) => error);
    if (!String(qpdf.stdout).includes('No syntax or stream encoding errors found') || qpdf.stderr)
      add('qpdf', file.slug, `${qpdf.stdout}${qpdf.stderr}`.trim().split('\n').slice(0, 3).join(' / '));
    // The independent PDF/UA-1 check: one finding per failed condition of the file, with its first object and message.
    const failures = await checkPdfUa(pdf).catch((error: Error) => [{ condition: 'unreadable', object: pdf, message: error.message }]);
    for (const condition of new Set(failures.map((failure) => failure.condition))) {
      const first = failures.filter((failure) => failure.condition === condition);
      add('pdf/ua', file.slug, `${condition} (${first.length}×): ${first[0]?.object}: ${first[0]?.message}`);
    }

    const article: Article = readArticleFile(join(sourceDir, `${file.slug}.md`));
    const source = bodyWords(article);
    for (const renderer of Object.keys(extractors) as (keyof typeof extractors)[]) {
      let edition = await extractors[renderer](editionPath(file, renderer));
      let missing = missingInOrder(source, edition);
      if (missing.length === 0) continue;
      let where: string = renderer;
      if (renderer === 'pdf') {
        // pdftotext guesses a reading order from positions: it reads table columns apart (README, known faults) and
        // puts the folio and running head inside a code line wrapped across pages. A screen reader follows the
        // structure tree: every word there, in order, is not a finding.
        edition = await pdfStructureText(editionPath(file, 'pdf'));
        missing = missingInOrder(source, edition);
        if (missing.length === 0) {
          pdftotextOrder.push(file.slug);
          continue;
        }
        where = 'pdf structure tree';
      }
      // Once one word is found too far on, every word after it counts as out of order: the words not there at all tell the two apart.
      const letters = words(edition).join('');
      const absent = [...new Set(missing)].filter((word) => !letters.includes(word));
      add(
        'words',
        file.slug,
        `${where}: ${missing.length} of ${source.length} words missing or out of order, from ${quoteFirst(missing, 6)}; ` +
          (absent.length > 0 ? `not there at all: ${quoteFirst(absent, 6)}` : 'all there, out of order'),
      );
    }

    const wide = overlong(readFileSync(editionPath(file, 'text'), 'utf8'), textWidth, article);
    if (wide.length > 0) add('text width', file.slug, `${wide.length} lines over ${textWidth} columns, first: ${JSON.stringify(wide[0])}`);

    const live = liveMarkup(fromHtml(readFileSync(editionPath(file, 'html'), 'utf8')));
    if (live.length > 0) add('live markup', file.slug, `html: ${live.slice(0, 3).join(' ')}`);
    for (const document of await epubDocuments(editionPath(file, 'epub'))) {
      const inEpub = liveMarkup(fromHtml(document.text));
      if (inEpub.length > 0) add('live markup', file.slug, `epub ${document.name}: ${inEpub.slice(0, 3).join(' ')}`);
    }
  });

  for (const finding of findings) if (finding.slug && !bySlug.has(finding.slug)) throw new Error(`finding for an unknown file: ${JSON.stringify(finding)}`);
  // Checks finish in any order: sorted, two runs print the same.
  findings.sort((a, b) => checks.indexOf(a.check) - checks.indexOf(b.check) || (a.slug < b.slug ? -1 : a.slug > b.slug ? 1 : 0));
  return {
    files,
    findings,
    publishSeconds,
    checkSeconds: (performance.now() - checkStarted) / 1000,
    peakMegabytes: peak ? Number(peak[1]) : undefined,
    warnings,
    pdftotextOrder: pdftotextOrder.sort(),
  };
}

/** The summary `npm run corpus` prints and the test shows when it fails: findings per check, with file names. */
export function summary(result: CorpusRun): string {
  const lines = [
    `${result.files.length} files (${result.files.reduce((sum, file) => sum + file.bytes, 0).toLocaleString('en')} bytes), ` +
      `published in ${result.publishSeconds.toFixed(1)} s (${result.warnings} warnings), checked in ${result.checkSeconds.toFixed(1)} s, ` +
      `peak memory of the publish ${result.peakMegabytes ?? '?'} MB`,
  ];
  const origin = new Map(result.files.map((file) => [file.slug, file.origin]));
  for (const check of checks) {
    const found = result.findings.filter((finding) => finding.check === check);
    const affected = new Set(found.map((finding) => finding.slug));
    lines.push(`${check}: ${found.length} findings${found.length > 0 ? ` in ${affected.size} files` : ''}`);
    for (const finding of found) lines.push(`  ${finding.slug ? origin.get(finding.slug) : '(run)'}: ${finding.detail.replace(/\n/g, '\n    ')}`);
  }
  if (result.pdftotextOrder.length > 0)
    lines.push(
      `not findings: ${result.pdftotextOrder.length} PDFs pdftotext reads out of order (table columns, page breaks) with every word in order in the structure tree`,
    );
  return lines.join('\n');
}
