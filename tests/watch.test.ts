import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { projectRoot } from './helpers/cases.js';

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

it('--watch republishes a changed article, reports a broken one, and goes on watching', async () => {
  const source = mkdtempSync(join(tmpdir(), 'editions-watch-src-'));
  const out = mkdtempSync(join(tmpdir(), 'editions-watch-out-'));
  writeFileSync(join(source, 'story.md'), '---\ntitle: First draft\n---\n\nThe first draft.\n');
  const child = spawn(process.execPath, [join(projectRoot, 'dist', 'cli.js'), '--watch', '--source', source, '--out', out, '--only', 'text,html'], {
    cwd: projectRoot,
  });
  const output = { text: '' };
  child.stdout.on('data', (chunk) => {
    output.text += chunk;
  });
  child.stderr.on('data', (chunk) => {
    output.text += chunk;
  });
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
