import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { shardOf } from '../src/publish/manifest.js';
import { fixturesDir, projectRoot } from './helpers/cases.js';
import { type CliRun, executionModes, modeNames, publish, publishUnderStrace, startCli } from './helpers/cli.js';
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
    // The two whose embargo cannot be read are held with no known end: failed, and held.
    expect(run.stdout).toMatch(/ of 1\/4 articles and 4 collection files written .*; 3 articles failed; 2 articles held, their embargo's end unknown$/m);
    expect(readdirSync(out).filter((name) => !name.startsWith('moscow') && !name.startsWith('.'))).toEqual(collectionFiles.toSorted());
  });
});

/** A small article with these front matter lines after its title. */
const article = (title: string, ...lines: string[]) => `---\ntitle: ${title}\ndate: 2013-02-02\n${lines.join('\n')}\n---\n\n${title}, the body.\n`;

/** An article's editions, and whether each collection file lists its slug. */
const editionsOf = (out: string, slug: string) =>
  readdirSync(out).filter((name) => name === `${slug}.html` || name === `${slug}.pdf` || name === `${slug}.txt`);
const listedBy = (out: string, slug: string) => collectionFiles.filter((file) => readFileSync(join(out, file), 'utf8').includes(`${slug}.`));

/** The error vfile-reporter prints at this article's line and column, its message matching `reason`. */
const errorAt = (name: string, place: string, reason: string) =>
  new RegExp(`${name}\\.md\\n(?:[^\\n]*\\d+:\\d+[^\\n]*\\n)*?\\s*${place}\\s+error\\s+${reason}`);
const heldUntilFixed = 'the story is held, none of its editions published, until its embargo is fixed';

/** Articles published once, then given front matter in error that spells an `embargo`: their text, and the error at its place. */
const faults = {
  // A valid embargo to come, and another error.
  'future-broken': { text: () => article('future-broken', `embargo: ${embargoIn(3600)}`, 'id: ""'), error: ['5:5', 'Front matter `id` must not be empty'] },
  'no-zone': {
    text: () => article('no-zone', 'embargo: 2030-12-08T06:00'),
    error: ['4:10', `Front matter \`embargo\` has no time zone[^\\n]*${heldUntilFixed}`],
  },
  'date-only': {
    text: () => article('date-only', 'embargo: 2030-12-08'),
    error: ['4:10', `Front matter \`embargo\` must be a date and time[^\\n]*${heldUntilFixed}`],
  },
  'not-a-date': {
    text: () => article('not-a-date', 'embargo: tomorrow morning'),
    error: ['4:10', `Front matter \`embargo\` must be a date and time[^\\n]*${heldUntilFixed}`],
  },
  'wrong-type': {
    text: () => article('wrong-type', 'embargo: [2030-12-08T06:00:00Z]'),
    error: ['4:10', `Front matter \`embargo\` must be a string[^\\n]*${heldUntilFixed}`],
  },
  // YAML that does not parse (an unclosed list), an `embargo` key among its lines.
  'broken-yaml': {
    text: () => article('broken-yaml', 'tags: [unclosed', 'embargo: 2030-12-08T06:00:00Z'),
    error: ['5:1', `Front matter is not valid YAML, so its \`embargo\` cannot be read: ${heldUntilFixed}`],
  },
  // YAML that does not parse, its `embargo` key indented (under the line before, which it breaks): held as a top-level one is.
  indented: {
    text: () => article('indented', 'desk: world', '  embargo: 2030-12-08T06:00:00Z'),
    error: ['5:3', `Front matter is not valid YAML, so its \`embargo\` cannot be read: ${heldUntilFixed}`],
  },
  // Front matter that no `---` line closes, an `embargo` line in it.
  unclosed: {
    text: () => article('unclosed', 'embargo: 2030-12-08T06:00:00Z').replace('\n---\n\n', '\n\n'),
    error: ['4:1', `Front matter is never closed, so its \`embargo\` cannot be read: ${heldUntilFixed}`],
  },
  // Front matter after a blank line, which the reader takes for text (a paragraph between two rules), an `embargo` line in it.
  'blank-first': {
    text: () => `\n${article('blank-first', 'embargo: 2030-12-08T06:00:00Z', '')}`,
    error: ['5:1', `Front matter does not start the file \\(a blank line is before its opening ---\\), so its \`embargo\` cannot be read: ${heldUntilFixed}`],
  },
  // A valid embargo to come, in a file saved as UTF-16 (Windows editors' "Unicode"), which the reader refuses.
  utf16: {
    text: () => Buffer.from(`\uFEFF${article('utf16', `embargo: ${embargoIn(3600)}`)}`, 'utf16le'),
    error: ['1:1', 'The file is UTF-16 text; save it as UTF-8'],
  },
  // A valid embargo already past, and another error: fails as any article in error, its last editions kept.
  'past-broken': { text: () => article('past-broken', `embargo: ${embargoIn(-3600)}`, 'id: ""'), error: ['5:5', 'Front matter `id` must not be empty'] },
} as const;
const heldFaults = Object.keys(faults).filter((name) => name !== 'past-broken');

describe.each(modeNames)('an embargo in front matter in error fails closed, in the %s mode', (mode) => {
  it('holds an article whose embargo is to come or cannot be read: its editions removed, no collection lists it, its error shown, exit 1, and so again on a republish; the others published', async () => {
    const source = mkdtempSync(join(tmpdir(), 'editions-embargo-src-'));
    const out = mkdtempSync(join(tmpdir(), 'editions-embargo-out-'));
    writeFileSync(join(source, 'moscow.md'), moscow);
    for (const name of Object.keys(faults)) writeFileSync(join(source, `${name}.md`), article(name));
    const first = await published(source, out, mode);
    expect(first.code, first.stderr).toBe(0);
    for (const name of Object.keys(faults)) expect(listedBy(out, name), name).toEqual(collectionFiles);

    for (const [name, { text }] of Object.entries(faults)) writeFileSync(join(source, `${name}.md`), text());
    for (const run of ['pulled back', 'republished unchanged']) {
      const result = await published(source, out, mode);
      expect(result.code, run).toBe(1);
      for (const [name, { error }] of Object.entries(faults)) expect(result.stderr, `${run}: ${name}`).toMatch(errorAt(name, error[0], error[1]));
      expect(result.stderr, run).toMatch(errorAt('broken-yaml', '\\d+:\\d+', 'Front matter is not valid YAML: '));
      expect(result.stdout, run).toMatch(/ of 1\/12 articles .*; 11 articles failed; 8 articles held, their embargo's end unknown$/m);
      if (run === 'pulled back') expect(result.stdout).toMatch(/; 30 editions of held articles removed \(embargo\);/);
      for (const name of heldFaults) {
        expect(editionsOf(out, name), `${run}: ${name}`).toEqual([]);
        expect(listedBy(out, name), `${run}: ${name}`).toEqual([]);
      }
      // Past its embargo, in error: its last editions stay, and the collections list them.
      expect(editionsOf(out, 'past-broken')).toHaveLength(3);
      expect(listedBy(out, 'past-broken')).toEqual(collectionFiles);
      expect(listedBy(out, 'moscow')).toEqual(collectionFiles);
    }
  });
});

it('--only pulls a story newly held back from every collection, not only those it names; an --only run with no held change leaves the collections as they are', async () => {
  const source = sourceFolder([]);
  const out = mkdtempSync(join(tmpdir(), 'editions-embargo-out-'));
  expect((await published(source, out)).code).toBe(0);
  expectPublished(out);

  writeFileSync(join(source, 'arabic.md'), withKeys(arabic, 'translationKey: syria-russia', `embargo: ${embargoIn(3600)}`));
  const pulled = await publish(['--config', config, '--source', source, '--out', out, '--only', 'html']);
  expect(pulled.code, pulled.stderr).toBe(0);
  expect(pulled.stdout).toMatch(/; 3 editions of held articles removed \(embargo\); 1 article held until /);
  expectNothingOf(out);

  const mtimes = () => collectionFiles.map((file) => statSync(join(out, file)).mtimeMs);
  const before = mtimes();
  const again = await publish(['--config', config, '--source', source, '--out', out, '--only', 'html']);
  expect(again.code, again.stderr).toBe(0);
  expect(again.stdout).toMatch(/^0 editions of 1\/2 articles written /m);
  expect(mtimes()).toEqual(before);
});

it("--only that names no page (--only pdf) pulls a story back from its other versions' pages too, which named the removed page", async () => {
  const source = sourceFolder([]);
  const out = mkdtempSync(join(tmpdir(), 'editions-embargo-out-'));
  expect((await published(source, out)).code).toBe(0);
  expectPublished(out);

  writeFileSync(join(source, 'arabic.md'), withKeys(arabic, 'translationKey: syria-russia', `embargo: ${embargoIn(3600)}`));
  const pulled = await publish(['--config', config, '--source', source, '--out', out, '--only', 'pdf']);
  expect(pulled.code, pulled.stderr).toBe(0);
  expect(pulled.stdout).toMatch(/^html .* ms {2}\S*moscow\.html$/m);
  expect(pulled.stdout).toMatch(/; 3 editions of held articles removed \(embargo\); 1 article held until /);
  expectNothingOf(out);
  const again = await publish(['--config', config, '--source', source, '--out', out, '--only', 'pdf']);
  expect(again.stdout).toMatch(/^0 editions of 1\/2 articles written /m);
});

it("--shard: a story given an embargo that cannot be read is held in its shard (its editions removed, the other shard's pages name it no more), and by the full publish after", async () => {
  const source = sourceFolder([]);
  // The two versions in different shards (its slug is its front matter's), so that the other shard names it, or not, from its front matter.
  renameSync(join(source, 'arabic.md'), join(source, 'ar.md'));
  expect(shardOf('ar.md', 2)).not.toBe(shardOf('moscow.md', 2));
  const out = mkdtempSync(join(tmpdir(), 'editions-embargo-out-'));
  expect((await published(source, out)).code).toBe(0);
  expectPublished(out);

  writeFileSync(join(source, 'ar.md'), withKeys(arabic, 'translationKey: syria-russia', 'embargo: 2030-12-08T06:00'));
  for (const index of [1, 2]) {
    const shard = await publish(['--config', config, '--source', source, '--out', out, '--shard', `${index}/2`]);
    expect(shard.code, shard.stdout).toBe(shardOf('ar.md', 2) === index ? 1 : 0);
  }
  expect(readdirSync(out).filter((name) => name.startsWith('rtl-arabic'))).toEqual([]);
  expect(readFileSync(join(out, 'moscow.html'), 'utf8')).not.toContain('rtl-arabic');

  const full = await published(source, out);
  expect(full.code).toBe(1);
  expect(full.stderr).toMatch(errorAt('ar', '\\d+:10', `Front matter \`embargo\` has no time zone[^\\n]*${heldUntilFixed}`));
  expect(full.stdout).toMatch(/ of 1\/2 articles and 4 collection files written .*; 1 article failed; 1 article held, its embargo's end unknown$/m);
  expectNothingOf(out);
});

it('--shard: a story the shards pull back (held without an error) leaves every collection at the next full publish, though its --only names none', async () => {
  const source = sourceFolder([]);
  const out = mkdtempSync(join(tmpdir(), 'editions-embargo-out-'));
  expect((await published(source, out)).code).toBe(0);
  expectPublished(out);

  writeFileSync(join(source, 'arabic.md'), withKeys(arabic, 'translationKey: syria-russia', `embargo: ${embargoIn(3600)}`));
  for (const index of [1, 2]) {
    const shard = await publish(['--config', config, '--source', source, '--out', out, '--shard', `${index}/2`]);
    expect(shard.code, shard.stderr).toBe(0);
  }
  expect(readdirSync(out).filter((name) => name.startsWith('rtl-arabic'))).toEqual([]);
  // A shard makes no collection: they list it until a full publish.
  expect(listedBy(out, 'rtl-arabic')).toEqual(collectionFiles);

  const full = await publish(['--config', config, '--source', source, '--out', out, '--only', 'pdf']);
  expect(full.code, full.stderr).toBe(0);
  expect(heldNote(full.stdout)?.count).toBe(1);
  expectNothingOf(out);
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
