import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { startCli } from './helpers/cli.js';

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

/** The compiled CLI with `--watch`. */
const watchCli = (args: string[]) => startCli(['--watch', ...args]);

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
