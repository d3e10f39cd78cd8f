import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { executionModes, idle, publish, startCli } from './helpers/cli.js';

/** Resolves when the process has printed `count` summaries (one per publish). */
function summaries(output: { text: string }, count: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const deadline = Date.now() + 60_000;
    const check = () => {
      if ((output.text.match(/ written in /g) ?? []).length >= count) resolve();
      else if (Date.now() > deadline) reject(new Error(`timed out waiting for publish ${count}:\n${output.text}`));
      else setTimeout(check, 20);
    };
    check();
  });
}

/** Resolves once the process has printed `text`. */
function printed(output: { text: string }, text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const deadline = Date.now() + 15_000;
    const check = () => {
      if (output.text.includes(text)) resolve();
      else if (Date.now() > deadline) reject(new Error(`timed out waiting for "${text}":\n${output.text}`));
      else setTimeout(check, 20);
    };
    check();
  });
}

/** Resolves once `file` exists and holds `text`; rejects, with the process's output, after `timeout` ms. */
function contains(file: string, text: string, output: { text: string }, timeout = 15_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const deadline = Date.now() + timeout;
    const check = () => {
      if (existsSync(file) && readFileSync(file, 'utf8').includes(text)) resolve();
      else if (Date.now() > deadline) reject(new Error(`timed out waiting for "${text}" in ${file}:\n${output.text}`));
      else setTimeout(check, 20);
    };
    check();
  });
}

/** Saves as `sed -i` and editors' safe save do: a new file beside it, renamed over it (a new inode). */
function saveByRename(file: string, text: string): void {
  const temporary = join(file, '..', `sed${Math.random().toString(36).slice(2, 8)}`);
  writeFileSync(temporary, text);
  renameSync(temporary, file);
}

/** The compiled CLI with `--watch`. */
const watchCli = (args: string[], env: NodeJS.ProcessEnv = {}) => startCli(['--watch', ...args], env);

it('--watch republishes a changed article, reports a broken one, and goes on watching', async () => {
  const source = mkdtempSync(join(tmpdir(), 'editions-watch-src-'));
  const out = mkdtempSync(join(tmpdir(), 'editions-watch-out-'));
  writeFileSync(join(source, 'story.md'), '---\ntitle: First draft\n---\n\nThe first draft.\n');
  const { child, output } = watchCli(['--source', source, '--out', out, '--only', 'text,html']);
  try {
    await summaries(output, 1);
    expect(readFileSync(join(out, 'story.txt'), 'utf8')).toContain('The first draft.');

    writeFileSync(join(source, 'story.md'), '---\ntitle: Second draft\ndate: 2013-02-31\n---\n\nA broken date.\n');
    await summaries(output, 2);
    expect(output.text).toMatch(/story\.md[\s\S]*3:7\s+error/);

    writeFileSync(join(source, 'story.md'), '---\ntitle: Third draft\n---\n\nThe third draft.\n');
    await summaries(output, 3);
    expect(readFileSync(join(out, 'story.txt'), 'utf8')).toContain('The third draft.');
  } finally {
    child.kill('SIGINT');
  }
  const code = await new Promise((resolve) => child.on('exit', resolve));
  expect(code).toBe(0);
});

it('--watch prints no summary for a republish that changed nothing (a new empty folder), but one for a failure undone', async () => {
  const source = mkdtempSync(join(tmpdir(), 'editions-watch-src-'));
  const out = mkdtempSync(join(tmpdir(), 'editions-watch-out-'));
  const story = (date: string) => `---\ntitle: Fire\ndate: ${date}\n---\n\nThe port burns.\n`;
  writeFileSync(join(source, 'first.md'), story('2026-12-01'));
  const { child, output } = watchCli(['--source', source, '--out', out, '--only', 'text']);
  try {
    await summaries(output, 1);
    mkdirSync(join(source, 'new'));
    // Its republish runs 40 ms after the folder's event; it printed "0 editions of 1/1 article written in 0.00 s".
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    writeFileSync(join(source, 'new', 'fire.md'), story('2026-12-07'));
    await summaries(output, 2);
    await idle(output);
    expect(output.text.match(/^.* written in .*$/gm)).toEqual([
      expect.stringMatching(/^1 edition of 1\/1 article written in /),
      expect.stringMatching(/^1 edition of 2\/2 articles written in [\d.]+ s; 1 edition up to date$/),
    ]);

    writeFileSync(join(source, 'new', 'fire.md'), story('2026-13-07'));
    await summaries(output, 3);
    // Back to the published text: nothing is written, and the summary says the failure is gone.
    writeFileSync(join(source, 'new', 'fire.md'), story('2026-12-07'));
    await summaries(output, 4);
    expect(output.text).toMatch(/^0 editions of 2\/2 articles written in [\d.]+ s; 2 editions up to date$/m);
  } finally {
    child.kill('SIGINT');
  }
  const code = await new Promise((resolve) => child.on('exit', resolve));
  expect(code).toBe(0);
});

it('--watch: a signal during the first publish says it stops once the editions begun are written; a second stops at once, with its code, leaving no file half-written', async () => {
  const source = mkdtempSync(join(tmpdir(), 'editions-watch-src-'));
  const out = mkdtempSync(join(tmpdir(), 'editions-watch-out-'));
  const story = readFileSync(join('source', 'moscow-syria-opposition-contact.md'), 'utf8').replace(/^slug:.*\n/m, '');
  for (let index = 0; index < 60; index++) writeFileSync(join(source, `story-${index}.md`), story);
  const { child, output } = watchCli(['--source', source, '--out', out, '--jobs', '1']);
  await printed(output, 'Ctrl-C stops.');
  // Some editions written, the publish not ended.
  await new Promise<void>((resolve) => {
    const check = () => (readdirSync(out).some((name) => name.endsWith('.pdf')) ? resolve() : setTimeout(check, 20));
    check();
  });
  // The second before the editions begun are written (two of one signal sent at once may come as one). Two signals
  // pending at once reach the process's handlers in either order: the first says it stops, the second's code is the exit's.
  child.kill('SIGINT');
  child.kill('SIGTERM');
  const code = await new Promise((resolve) => child.on('exit', resolve));
  const first = /^(SIGINT|SIGTERM): stopping once the editions being written are written; again to stop at once$/m.exec(output.text)?.[1];
  expect(first, output.text).toBeDefined();
  expect(code, output.text).toBe(first === 'SIGINT' ? 143 : 130);
  expect(output.text).toContain('stopped at once: the next publish makes again what the manifest last saved does not hold');
  expect(output.text).not.toMatch(/ written in |^interrupted: /m);
  // What the next publish finds: whole editions, and no temporary file once it has run.
  const next = await publish(['--source', source, '--out', out, '--only', 'text']);
  expect(next.code, next.stderr).toBe(0);
  expect(readdirSync(out).filter((name) => name.startsWith('.') && !name.startsWith('.editions-manifest'))).toEqual([]);
});

it('--watch sees every save of an article that a save renamed a new file over (sed -i, safe save)', async () => {
  const source = mkdtempSync(join(tmpdir(), 'editions-watch-src-'));
  const out = mkdtempSync(join(tmpdir(), 'editions-watch-out-'));
  const version = (number: number) => `---\ntitle: One\ndate: 2024-01-01\n---\n\nversion ${number}\n`;
  writeFileSync(join(source, 'one.md'), version(1));
  const { child, output } = watchCli(['--source', source, '--out', out, '--only', 'text']);
  try {
    await summaries(output, 1);
    for (const number of [2, 3, 4]) {
      saveByRename(join(source, 'one.md'), version(number));
      await contains(join(out, 'one.txt'), `version ${number}`, output);
    }
    await idle(output);
  } finally {
    child.kill('SIGINT');
  }
  const code = await new Promise((resolve) => child.on('exit', resolve));
  expect(code).toBe(0);
});

it('--watch follows the source folder of a reloaded config, and no longer the old one', async () => {
  const project = mkdtempSync(join(tmpdir(), 'editions-watch-config-'));
  const out = join(project, 'out');
  for (const folder of ['first', 'second']) mkdirSync(join(project, folder));
  writeFileSync(join(project, 'first', 'old.md'), '---\ntitle: In the first folder\n---\n\nOld.\n');
  writeFileSync(join(project, 'second', 'new.md'), '---\ntitle: In the second folder\n---\n\nNew.\n');
  // A config without imports: a renderer that writes the title, so the test needs nothing installed beside it.
  const config = (source: string) =>
    `export default { source: '${source}', renderers: [{ name: 'title', extension: '.title', render: (article) => article.meta.title + '\\n' }] };\n`;
  const configFile = join(project, 'editions.config.ts');
  writeFileSync(configFile, config('first'));
  const { child, output } = watchCli(['--config', configFile, '--out', out]);
  try {
    await summaries(output, 1);
    expect(readdirSync(out).filter((name) => !name.startsWith('.'))).toEqual(['old.title']);

    writeFileSync(configFile, config('second'));
    await summaries(output, 2);
    expect(readFileSync(join(out, 'new.title'), 'utf8')).toBe('In the second folder\n');

    writeFileSync(join(project, 'second', 'later.md'), '---\ntitle: Written later\n---\n\nLater.\n');
    await summaries(output, 3);
    expect(readFileSync(join(out, 'later.title'), 'utf8')).toBe('Written later\n');

    // A change in the old folder publishes nothing any more.
    writeFileSync(join(project, 'first', 'old.md'), '---\ntitle: Edited in the first folder\n---\n\nOld.\n');
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(output.text.match(/ written in /g)).toHaveLength(3);
    expect(readFileSync(join(out, 'old.title'), 'utf8')).toBe('In the first folder\n');
  } finally {
    child.kill('SIGINT');
  }
  const code = await new Promise((resolve) => child.on('exit', resolve));
  expect(code).toBe(0);
});

it('--watch, while the config has an error, republishes an edited article alone, with the config in use', async () => {
  const project = mkdtempSync(join(tmpdir(), 'editions-watch-broken-config-'));
  const out = join(project, 'out');
  mkdirSync(join(project, 'source'));
  for (const name of ['edited', 'untouched']) writeFileSync(join(project, 'source', `${name}.md`), `---\ntitle: ${name}\n---\n\nText.\n`);
  const config = `export default { source: 'source', renderers: [{ name: 'title', extension: '.title', render: (article) => article.meta.title + '\\n' }] };\n`;
  const configFile = join(project, 'editions.config.ts');
  writeFileSync(configFile, config);
  const { child, output } = watchCli(['--config', configFile, '--out', out]);
  try {
    await summaries(output, 1);
    const untouched = statSync(join(out, 'untouched.title')).mtimeMs;

    writeFileSync(configFile, config.replace('renderers: [', 'renderers: 12, ['));
    await printed(output, 'the config could not be loaded');
    writeFileSync(join(project, 'source', 'edited.md'), '---\ntitle: edited again\n---\n\nText.\n');
    await contains(join(out, 'edited.title'), 'edited again', output);
    await summaries(output, 2);
    expect(output.text).toMatch(/^1 edition of 2\/2 articles written in [\d.]+ s; 1 edition up to date$/m);
    expect(statSync(join(out, 'untouched.title')).mtimeMs, 'remade, though neither it nor the config in use changed').toBe(untouched);

    // Mended as it was: the editions were made with that very text, and stay.
    writeFileSync(configFile, config);
    await summaries(output, 3);
    expect(statSync(join(out, 'untouched.title')).mtimeMs).toBe(untouched);
  } finally {
    child.kill('SIGINT');
  }
  const code = await new Promise((resolve) => child.on('exit', resolve));
  expect(code).toBe(0);
});

it('--watch republishes everything when a theme file changes, however it is saved, and publishes later edits with the new theme', async () => {
  const project = mkdtempSync(join(tmpdir(), 'editions-watch-theme-'));
  const out = join(project, 'out');
  mkdirSync(join(project, 'source'));
  writeFileSync(join(project, 'source', 'story.md'), '---\ntitle: Styled\ndate: 2024-01-01\n---\n\nText.\n');
  // A renderer that writes the title and the theme's CSS, in a config without imports.
  const config = (css: string) =>
    `export default { source: 'source', theme: { css: '${css}' }, renderers: [{ name: 'styled', extension: '.styled', render: (article, context) => article.meta.title + '\\n' + context.config.theme.css }] };\n`;
  const configFile = join(project, 'editions.config.ts');
  writeFileSync(configFile, config('house.css'));
  writeFileSync(join(project, 'house.css'), 'body { color: #111111; }\n');
  const edition = join(out, 'story.styled');
  const { child, output } = watchCli(['--config', configFile, '--out', out]);
  try {
    await summaries(output, 1);
    expect(readFileSync(edition, 'utf8')).toBe('Styled\nbody { color: #111111; }\n');

    saveByRename(join(project, 'house.css'), 'body { color: #222222; }\n');
    await contains(edition, '#222222', output);
    writeFileSync(join(project, 'house.css'), 'body { color: #333333; }\n');
    await contains(edition, '#333333', output);

    // The config, saved by a rename, names another stylesheet: that one is watched from now on.
    writeFileSync(join(project, 'print.css'), 'body { color: #444444; }\n');
    saveByRename(configFile, config('print.css'));
    await contains(edition, '#444444', output);
    writeFileSync(join(project, 'print.css'), 'body { color: #555555; }\n');
    await contains(edition, '#555555', output);

    writeFileSync(join(project, 'source', 'story.md'), '---\ntitle: Restyled\ndate: 2024-01-01\n---\n\nText.\n');
    await contains(edition, 'Restyled', output);
    await idle(output);
    expect(readFileSync(edition, 'utf8')).toBe('Restyled\nbody { color: #555555; }\n');
  } finally {
    child.kill('SIGINT');
  }
  const code = await new Promise((resolve) => child.on('exit', resolve));
  expect(code).toBe(0);
});

// The modes in which an edit renders in the main thread (an edit's publish takes --jobs 1 unless told).
for (const mode of ['default', 'one thread (--jobs 1)'] as const) {
  it(`--watch, in the ${mode} mode: a render that never settles fails its edition, and the session goes on; a save made meanwhile is published`, async () => {
    const source = mkdtempSync(join(tmpdir(), 'editions-watch-src-'));
    const out = mkdtempSync(join(tmpdir(), 'editions-watch-out-'));
    const hold = join(mkdtempSync(join(tmpdir(), 'editions-watch-hold-')), 'hold');
    const story = (title: string) => `---\ntitle: ${title}\n---\n\nA story.\n`;
    writeFileSync(join(source, 'first.md'), story('Story'));
    // tests/configs/render-faults.config.ts: by the title, "Hang" never settles, "Held" waits until the hold file is removed.
    const config = ['--config', 'tests/configs/render-faults.config.ts', '--source', source, '--out', out, ...executionModes[mode]];
    const { child, output } = watchCli(config, { EDITIONS_PROBE_HOLD: hold });
    try {
      await summaries(output, 1);
      // One publish, one article after the other by file name: held.md waits (on a timer) until the hold file goes, then never.md never settles.
      writeFileSync(hold, '');
      writeFileSync(join(source, 'held.md'), story('Held'));
      writeFileSync(join(source, 'never.md'), story('Hang'));
      await contains(hold, 'light', output);
      // Saved while a publish runs, when the session's handles do not hold the event loop: seen all the same.
      writeFileSync(join(source, 'later.md'), story('Story'));
      await new Promise((resolve) => setTimeout(resolve, 300));
      rmSync(hold);
      for (const probe of ['heavy', 'light']) {
        await printed(output, `The ${probe} renderer failed for "never": it never settled: nothing was left in its thread`);
        await contains(join(out, `held.${probe}.txt`), `held by ${probe}`, output);
        await contains(join(out, `later.${probe}.txt`), `later by ${probe}`, output);
      }
      expect(output.text).toMatch(/never\.md\s*\n[^\n]*error\s+The (heavy|light) renderer failed for "never"/);
      expect(output.text, 'no error outside the articles').not.toMatch(/^editions:/m);
      expect(readdirSync(out).filter((name) => name.startsWith('never.'))).toEqual(['never.txt']);
    } catch (error) {
      // A session whose publish hangs would outlive the suite: a first Ctrl-C waits for the publish to end.
      child.kill('SIGKILL');
      throw error;
    }
    child.kill('SIGINT');
    const code = await new Promise((resolve) => child.on('exit', resolve));
    expect(code, output.text).toBe(0);
  });
}

for (const mode of ['--watch', '--preview']) {
  it(`${mode} whose output folder cannot be written says so in one line and exits 1, as a plain publish does`, async () => {
    const source = mkdtempSync(join(tmpdir(), 'editions-watch-src-'));
    writeFileSync(join(source, 'story.md'), '---\ntitle: Story\ndate: 2024-01-01\n---\n\nText.\n');
    const notAFolder = join(mkdtempSync(join(tmpdir(), 'editions-watch-out-')), 'a-file');
    writeFileSync(notAFolder, '');
    const args = ['--source', source, '--out', notAFolder, '--only', 'text'];
    const plain = await publish(args);
    expect(plain.code).toBe(1);
    expect(plain.stderr).toMatch(/^\S*a-file: the output folder cannot be written \(\w+\); .*\n$/);

    const { child, output } = startCli([mode, '--port', '0', ...args]);
    const code = await new Promise((resolve) => child.on('exit', resolve));
    expect(code, output.text).toBe(1);
    expect(output.text).toContain(plain.stderr);
    expect(output.text).not.toMatch(/\n\s+at |Node\.js v/);
  });
}
