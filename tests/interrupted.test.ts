import { type ChildProcess, spawn } from 'node:child_process';
import { appendFileSync, cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { loadManifest } from '../src/publish/manifest.js';
import { articleArchive, projectRoot } from './helpers/cases.js';
import { cli, publish } from './helpers/cli.js';
import { describeWithTools } from './helpers/tools.js';
import { assertWhole, filesUnder } from './helpers/whole.js';

/** Every edition, the pages' pictures beside them, the front page, feed and sitemap. */
const config = 'tests/configs/interrupted.config.ts';
const articleCount = 150;
/** Four editions an article. */
const editionCount = articleCount * 4;

const isEdition = (path: string) => /^article-\d+\.(html|pdf|epub|txt)$/.test(path);

/** The collection renderers' files (the front page, the feed, the sitemap). */
const collectionFiles = (folder: string) => filesUnder(folder).filter((path) => !isEdition(path) && !path.includes('.images/'));

/** The editions written, whose last change is after `since` (ms). */
const editionsSince = (folder: string, since: number) =>
  existsSync(folder) ? readdirSync(folder).filter((name) => isEdition(name) && statSync(join(folder, name)).mtimeMs > since).length : 0;

async function until(condition: () => boolean, what: string): Promise<void> {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > 120_000) throw new Error(`waited 2 minutes for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

function start(source: string, outDir: string, flags: readonly string[]) {
  const child = spawn(process.execPath, [cli, '--config', config, '--source', source, '--out', outDir, ...flags], { cwd: projectRoot });
  const output = { stdout: '', stderr: '' };
  child.stdout.on('data', (chunk) => {
    output.stdout += chunk;
  });
  child.stderr.on('data', (chunk) => {
    output.stderr += chunk;
  });
  return { child, output };
}

function exited(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve({ code: child.exitCode, signal: child.signalCode });
  return new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
}

/** The folders hold the same files, byte for byte (the manifests aside). */
function assertSameFiles(outDir: string, reference: string): void {
  expect(filesUnder(outDir)).toEqual(filesUnder(reference));
  for (const path of filesUnder(reference)) expect(readFileSync(join(outDir, path)).equals(readFileSync(join(reference, path))), path).toBe(true);
}

/** What the CLI says an interrupted publish kept. */
function kept(stdout: string): { editions: number; articles: number } {
  const match = /^interrupted: (\d+) editions? of (\d+) articles? written and kept; the next publish goes on from there$/m.exec(stdout);
  expect(match, stdout).not.toBeNull();
  return { editions: Number(match?.[1]), articles: Number(match?.[2]) };
}

/** The next publish: it exits 0, writes only the editions missing (its summary's counts), and makes the collections. */
async function assertResumed(source: string, outDir: string, upToDate: number): Promise<void> {
  const run = await publish(['--config', config, '--source', source, '--out', outDir]);
  expect(run.code, run.stderr).toBe(0);
  const summary = /^(\d+) editions? of (\d+)\/(\d+) articles and (\d+) collection files written in [\d.]+ s; (\d+) editions up to date/m.exec(run.stdout);
  expect(summary, run.stdout).not.toBeNull();
  expect(Number(summary?.[1])).toBe(editionCount - upToDate);
  expect(Number(summary?.[2])).toBe(articleCount);
  expect(Number(summary?.[4])).toBeGreaterThan(0);
  expect(Number(summary?.[5])).toBe(upToDate);
}

describeWithTools(['qpdf'], 'an interrupted publish keeps what it finished, through the compiled CLI', () => {
  let source = '';
  /** The same articles, published without interruption. */
  let reference = '';
  beforeAll(async () => {
    source = articleArchive(articleCount, 'editions-interrupted-src-');
    reference = mkdtempSync(join(tmpdir(), 'editions-interrupted-reference-'));
    const run = await publish(['--config', config, '--source', source, '--out', reference]);
    expect(run.code, run.stderr).toBe(0);
  }, 180_000);

  it.each([
    ['SIGINT (Ctrl-C)', 'SIGINT', 130, []],
    ['SIGINT (Ctrl-C) with --jobs 1', 'SIGINT', 130, ['--jobs', '1']],
    // The first publish of a session stops as a plain one does, and the session with it.
    ['SIGTERM in --watch', 'SIGTERM', 143, ['--watch']],
    ['SIGINT (Ctrl-C) in --preview', 'SIGINT', 130, ['--preview', '--port', '0']],
  ] as const)(
    'a first publish stopped by %s keeps every edition written, whole, and the next publish makes only the others',
    { timeout: 300_000 },
    async (_, signal, code, flags) => {
      const outDir = mkdtempSync(join(tmpdir(), 'editions-interrupted-out-'));
      const { child, output } = start(source, outDir, flags);
      await until(() => editionsSince(outDir, 0) >= 40, 'some editions');
      child.kill(signal);
      expect(await exited(child), output.stderr).toEqual({ code, signal: null });
      const { editions, articles } = kept(output.stdout);
      // Stopped well before the end, with every edition of the articles it finished on disk, and no collection made.
      expect(editions).toBeGreaterThanOrEqual(40);
      expect(editions).toBeLessThan(editionCount);
      expect(articles).toBeGreaterThanOrEqual(editions / 4);
      expect(readdirSync(outDir).filter(isEdition)).toHaveLength(editions);
      expect(collectionFiles(outDir)).toEqual([]);
      expect(filesUnder(outDir).filter((path) => path.endsWith('.tmp'))).toEqual([]);
      await assertWhole(outDir);
      await assertResumed(source, outDir, editions);
      assertSameFiles(outDir, reference);
    },
  );

  it('a republish stopped by SIGTERM (a cancelled CI job) keeps the edited articles it wrote, and the old front page, feed and sitemap until the next publish remakes them', {
    timeout: 300_000,
  }, async () => {
    const outDir = mkdtempSync(join(tmpdir(), 'editions-interrupted-republish-'));
    cpSync(reference, outDir, { recursive: true });
    const collectionsBefore = collectionFiles(outDir).map((path) => [path, readFileSync(join(outDir, path))] as const);
    expect(collectionsBefore.length).toBeGreaterThan(0);
    const original = mkdtempSync(join(tmpdir(), 'editions-interrupted-original-'));
    cpSync(source, original, { recursive: true });
    try {
      // Every article edited in place, as a newsroom's are.
      const editedAt = Date.now();
      for (const name of readdirSync(source).filter((item) => item.endsWith('.md'))) appendFileSync(join(source, name), '\nA paragraph added later.\n');
      const editedReference = mkdtempSync(join(tmpdir(), 'editions-interrupted-edited-reference-'));
      const full = await publish(['--config', config, '--source', source, '--out', editedReference]);
      expect(full.code, full.stderr).toBe(0);

      const { child, output } = start(source, outDir, []);
      await until(() => editionsSince(outDir, editedAt) >= 40, 'some edited editions');
      child.kill('SIGTERM');
      expect(await exited(child), output.stderr).toEqual({ code: 143, signal: null });
      const { editions } = kept(output.stdout);
      expect(editions).toBeLessThan(editionCount);
      expect(editionsSince(outDir, editedAt)).toBe(editions);
      for (const [path, bytes] of collectionsBefore) expect(readFileSync(join(outDir, path)).equals(bytes), `${path} changed`).toBe(true);
      expect(filesUnder(outDir).filter((path) => path.endsWith('.tmp'))).toEqual([]);
      await assertWhole(outDir);
      await assertResumed(source, outDir, editions);
      assertSameFiles(outDir, editedReference);
    } finally {
      // The source as it was, for the other tests.
      cpSync(original, source, { recursive: true });
    }
  });

  it('a first publish killed outright (SIGKILL) after a checkpoint keeps the editions the checkpoint recorded, each of them whole', {
    timeout: 300_000,
  }, async () => {
    const outDir = mkdtempSync(join(tmpdir(), 'editions-interrupted-killed-'));
    const { child } = start(source, outDir, ['--jobs', '1']);
    await until(() => existsSync(join(outDir, '.editions-manifest.json')), 'a checkpoint');
    child.kill('SIGKILL');
    expect(await exited(child)).toEqual({ code: null, signal: 'SIGKILL' });
    // Killed before the end: no collection made yet.
    expect(collectionFiles(outDir)).toEqual([]);
    const { manifest } = await loadManifest(outDir);
    expect(manifest.size).toBeGreaterThan(0);
    expect(manifest.size).toBeLessThan(editionCount);
    // Never an edition claimed that is not on disk, whole.
    for (const file of manifest.keys()) expect(existsSync(join(outDir, file)), file).toBe(true);
    for (const file of [...manifest.values()].flatMap((entry) => entry.beside ?? [])) expect(existsSync(join(outDir, file)), file).toBe(true);
    await assertWhole(outDir);
    await assertResumed(source, outDir, manifest.size);
    // The next publish cleared the temporary files the kill left.
    assertSameFiles(outDir, reference);
  });
});

it('a signal once every article is written, while the collections are made, cuts nothing short: the run exits 0', { timeout: 60_000 }, async () => {
  const source = articleArchive(3, 'editions-signal-late-src-');
  const outDir = mkdtempSync(join(tmpdir(), 'editions-signal-late-out-'));
  const run = await publish(['--config', 'tests/configs/signal-in-collections.config.ts', '--source', source, '--out', outDir]);
  expect(run.stderr).toContain('SIGTERM: stopping once');
  expect(run.code, run.stderr).toBe(0);
  expect(run.stdout).toMatch(/^3 editions of 3\/3 articles and 1 collection file written in /m);
  expect(readFileSync(join(outDir, 'count.txt'), 'utf8')).toBe('3\n');
});
