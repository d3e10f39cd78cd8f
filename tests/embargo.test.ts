import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixturesDir, projectRoot } from './helpers/cases.js';
import { type CliRun, executionModes, publish, publishUnderStrace, startCli } from './helpers/cli.js';
import { describeWithTools } from './helpers/tools.js';

const config = 'tests/configs/embargo.config.ts';
const collectionFiles = ['index.html', 'feed.xml', 'feed.json', 'sitemap.xml'];
const moscow = readFileSync(join(projectRoot, 'source', 'moscow-syria-opposition-contact.md'), 'utf8');
const arabic = readFileSync(join(fixturesDir, 'html-rtl', 'input.md'), 'utf8');

/** An article's text with front matter lines added first. */
const withKeys = (article: string, ...lines: string[]) => article.replace(/^---\n/, `---\n${lines.join('\n')}\n`);

/** An embargo `seconds` from now (before it when negative), to the second, in UTC (`Z`). */
const embargoIn = (seconds: number) => new Date(Math.floor(Date.now() / 1000) * 1000 + seconds * 1000).toISOString().replace(/\.000Z$/, 'Z');

/** The same moment written in the zone one hour east of UTC, as a Paris desk writes it in winter. */
const inParis = (utc: string) => `${new Date(new Date(utc).getTime() + 3_600_000).toISOString().slice(0, 19)}+01:00`;

/** The summary's note of held articles: how many, and the soonest end of an embargo as a time. */
function heldNote(stdout: string): { count: number; until: number } | undefined {
  const match = /; (\d+) articles? held (?:until|\(embargo\), the first until) (\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}(?::\d{2})?) UTC/.exec(stdout);
  return match ? { count: Number(match[1]), until: new Date(`${match[2]}T${match[3]}Z`).getTime() } : undefined;
}

/** The Arabic fixture (slug `rtl-arabic`, a picture), and an English article: both versions of one story. */
function sourceFolder(arabicKeys: string[]): string {
  const source = mkdtempSync(join(tmpdir(), 'editions-embargo-src-'));
  writeFileSync(join(source, 'moscow.md'), withKeys(moscow, 'translationKey: syria-russia', `embargo: ${inParis(embargoIn(-3600))}`));
  writeFileSync(join(source, 'arabic.md'), withKeys(arabic, 'translationKey: syria-russia', ...arabicKeys));
  cpSync(join(fixturesDir, 'html-rtl', 'munich.png'), join(source, 'munich.png'));
  return source;
}

const published = (source: string, out: string, mode: keyof typeof executionModes = 'default') =>
  publish(['--config', config, '--source', source, '--out', out, ...executionModes[mode]]);

/** Nothing of the article `rtl-arabic` in the output folder: no edition, no picture beside one, no collection listing it, no page naming it. */
function expectNothingOf(out: string): void {
  expect(readdirSync(out).filter((name) => name.startsWith('rtl-arabic'))).toEqual([]);
  for (const file of [...collectionFiles, 'moscow.html']) expect(readFileSync(join(out, file), 'utf8'), file).not.toContain('rtl-arabic');
}

/** Published: its editions and its picture beside the page, listed by every collection, named by the other version's page. */
function expectPublished(out: string): void {
  for (const edition of ['rtl-arabic.html', 'rtl-arabic.pdf', 'rtl-arabic.txt']) expect(existsSync(join(out, edition)), edition).toBe(true);
  expect(readdirSync(join(out, 'rtl-arabic.images')).length).toBeGreaterThan(0);
  for (const file of [...collectionFiles, 'moscow.html']) expect(readFileSync(join(out, file), 'utf8'), file).toContain('rtl-arabic');
}

describe.each(['default', 'one thread (--jobs 1)'] as const)('an embargo, in the %s mode', (mode) => {
  it('holds the article until its time: none of its editions, no collection or page names it, the summary says until when, exit 0; then a story published and given an embargo is pulled back', async () => {
    const until = embargoIn(3600);
    const source = sourceFolder([`embargo: ${until}`]);
    const out = mkdtempSync(join(tmpdir(), 'editions-embargo-out-'));
    const held = await published(source, out, mode);
    expect(held.code, held.stderr).toBe(0);
    expect(held.stderr).toBe('');
    expect(heldNote(held.stdout)).toEqual({ count: 1, until: new Date(until).getTime() });
    // The other version, its embargo (written with its zone, +01:00) an hour past, is published.
    expect(held.stdout).toMatch(/^\d+ editions of 1\/2 articles and 4 collection files written/m);
    expect(existsSync(join(out, 'moscow.html'))).toBe(true);
    expectNothingOf(out);

    // Its embargo lifted: published, with its picture.
    writeFileSync(join(source, 'arabic.md'), withKeys(arabic, 'translationKey: syria-russia'));
    const lifted = await published(source, out, mode);
    expect(lifted.code, lifted.stderr).toBe(0);
    expect(heldNote(lifted.stdout)).toBeUndefined();
    expectPublished(out);

    // Given an embargo again (pulled back): its editions and picture removed, and every collection and page made without it.
    writeFileSync(join(source, 'arabic.md'), withKeys(arabic, 'translationKey: syria-russia', `embargo: ${until}`));
    const pulled = await published(source, out, mode);
    expect(pulled.code, pulled.stderr).toBe(0);
    expect(heldNote(pulled.stdout)).toEqual({ count: 1, until: new Date(until).getTime() });
    expect(pulled.stdout).toMatch(/; 3 editions of held articles removed \(embargo\); 1 article held until /);
    expect(pulled.stdout).not.toMatch(/deleted articles/);
    expectNothingOf(out);
  });

  it('a held article is read and checked now: an embargo without a zone, or a held article with an error, is an error at its line and column, the others published, exit 1', async () => {
    const source = mkdtempSync(join(tmpdir(), 'editions-embargo-src-'));
    writeFileSync(join(source, 'moscow.md'), moscow);
    writeFileSync(join(source, 'no-zone.md'), '---\ntitle: No zone\nembargo: 2026-12-08T06:00\n---\n\nBody.\n');
    writeFileSync(join(source, 'no-time.md'), '---\ntitle: No time\nembargo: 2026-12-08\n---\n\nBody.\n');
    writeFileSync(join(source, 'held-broken.md'), `---\ntitle: Held and broken\nembargo: ${embargoIn(3600)}\ndate: 2013-02-31\n---\n\nBody.\n`);
    const out = mkdtempSync(join(tmpdir(), 'editions-embargo-out-'));
    const run = await published(source, out, mode);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/no-zone\.md\n\s*3:10\s+error\s+Front matter `embargo` has no time zone: give one, Z for UTC or an offset such as \+01:00/);
    expect(run.stderr).toMatch(/no-time\.md\n\s*3:10\s+error\s+Front matter `embargo` must be a date and time with its time zone/);
    expect(run.stderr).toMatch(/held-broken\.md\n\s*4:7\s+error\s+Front matter `date`/);
    expect(run.stdout).toMatch(/ of 1\/4 articles and 4 collection files written .*; 3 articles failed$/m);
    expect(readdirSync(out).filter((name) => !name.startsWith('moscow') && !name.startsWith('.'))).toEqual(collectionFiles.toSorted());
  });
});

/** The files a run of the compiled CLI opened under the source folder, or changed in the output folder, as strace saw them (every thread). */
async function fileCalls(args: readonly string[], source: string, out: string): Promise<{ run: CliRun; opened: string[]; changed: string[] }> {
  const log = join(mkdtempSync(join(tmpdir(), 'editions-strace-')), 'calls.txt');
  const run = await publishUnderStrace(log, 'open,openat,creat,rename,renameat,renameat2,unlink,unlinkat,mkdir,mkdirat,rmdir', args);
  const calls = readFileSync(log, 'utf8').split('\n');
  const isOpen = (call: string) => /^\d+\s+open(at)?\(/.test(call);
  return {
    run,
    opened: calls.filter((call) => isOpen(call) && call.includes(`"${source}/`)),
    changed: calls.filter((call) => call.includes(`"${out}`) && (/O_(WRONLY|RDWR|CREAT)/.test(call) || !isOpen(call))),
  };
}

describeWithTools(['strace'], 'an embargo and the republish', () => {
  it('a held article, unchanged, is not read again while held, nor anything written; once its time has passed, the next publish publishes it, its file untouched', async () => {
    // Far enough ahead for two publishes, one under strace, on a loaded machine.
    const until = embargoIn(20);
    const source = sourceFolder([`embargo: ${until}`]);
    const out = mkdtempSync(join(tmpdir(), 'editions-embargo-out-'));
    const args = ['--config', config, '--source', source, '--out', out];
    const first = await publish(args);
    expect(first.code, first.stderr).toBe(0);
    expect(heldNote(first.stdout)?.count).toBe(1);
    const stamp = statSync(join(source, 'arabic.md'));

    const again = await fileCalls(args, source, out);
    expect(Date.now(), 'the republish ended before the embargo').toBeLessThan(new Date(until).getTime());
    expect(again.run.code, again.run.stderr).toBe(0);
    expect(again.run.stdout).toMatch(/^0 editions of 1\/2 articles written .*; 3 editions and 4 collection files up to date; 1 article held until/m);
    expect(again.opened, 'article files opened').toEqual([]);
    expect(again.changed, 'output folder changed').toEqual([]);
    expectNothingOf(out);

    await new Promise((resolve) => setTimeout(resolve, new Date(until).getTime() - Date.now() + 100));
    const due = await publish(args);
    expect(due.code, due.stderr).toBe(0);
    expect(heldNote(due.stdout)).toBeUndefined();
    // The other version's page, which names it now, is made again.
    expect(due.stdout).toMatch(/^4 editions of 2\/2 articles and 4 collection files written .*; 2 editions up to date$/m);
    expectPublished(out);
    const { mtimeMs, ctimeMs, ino } = statSync(join(source, 'arabic.md'));
    expect({ mtimeMs, ctimeMs, ino }).toEqual({ mtimeMs: stamp.mtimeMs, ctimeMs: stamp.ctimeMs, ino: stamp.ino });
  });
});

it('--watch publishes a held article when its embargo ends, without a save, and goes on watching', async () => {
  const until = embargoIn(10);
  const source = sourceFolder([`embargo: ${until}`]);
  const out = mkdtempSync(join(tmpdir(), 'editions-embargo-out-'));
  const { child, output } = startCli(['--watch', '--config', config, '--source', source, '--out', out]);
  const summaries = () => output.text.match(/ written in /g)?.length ?? 0;
  const waitFor = (done: () => boolean, timeout: number) =>
    new Promise<void>((resolve, reject) => {
      const deadline = Date.now() + timeout;
      const check = () => {
        if (done()) resolve();
        else if (Date.now() > deadline) reject(new Error(`timed out:\n${output.text}`));
        else setTimeout(check, 50);
      };
      check();
    });
  try {
    await waitFor(() => summaries() >= 1, 60_000);
    expect(heldNote(output.text)?.count, output.text).toBe(1);
    expectNothingOf(out);
    await waitFor(() => summaries() >= 2, new Date(until).getTime() - Date.now() + 30_000);
    expect(Date.now()).toBeGreaterThanOrEqual(new Date(until).getTime());
    expectPublished(out);
  } finally {
    child.kill('SIGINT');
  }
  expect(await new Promise((resolve) => child.on('exit', resolve))).toBe(0);
});
