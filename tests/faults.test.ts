import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { articleArchive, projectRoot } from './helpers/cases.js';
import { cli, executionModes, modeNames, publishUnderStrace } from './helpers/cli.js';
import { describeWithTools } from './helpers/tools.js';

const execFileAsync = promisify(execFile);

/** Every edition in the folder is whole: what a reader opening it would need. */
async function assertComplete(outDir: string): Promise<void> {
  for (const name of readdirSync(outDir)) {
    if (/\.tmp$/.test(name)) continue;
    const bytes = readFileSync(join(outDir, name));
    expect(bytes.length, `${name} is empty`).toBeGreaterThan(0);
    if (name.endsWith('.html')) expect(bytes.toString('utf8').trimEnd().endsWith('</html>'), name).toBe(true);
    else if (name.endsWith('.txt')) expect(bytes.toString('utf8').endsWith('\n'), name).toBe(true);
    else if (name.endsWith('.pdf')) {
      expect(bytes.subarray(0, 5).toString(), name).toBe('%PDF-');
      expect(bytes.subarray(-6).toString().trim(), name).toBe('%%EOF');
    } else if (name.endsWith('.epub')) {
      const zip = await JSZip.loadAsync(bytes);
      expect(await zip.file('mimetype')?.async('string'), name).toBe('application/epub+zip');
      expect(zip.file('OEBPS/content.opf'), name).not.toBeNull();
    } else if (name.endsWith('.json')) expect(() => JSON.parse(bytes.toString('utf8')), name).not.toThrow();
  }
}

function exited(child: ChildProcess): Promise<number | null> {
  // A publish that finished before its kill has already emitted 'exit'.
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.on('exit', (code) => resolve(code)));
}

describe('interrupted and concurrent publishes', () => {
  it('killed at random moments (SIGKILL, SIGTERM, SIGINT), 20 times in a row, never leave a partial edition', { timeout: 900_000 }, async () => {
    const source = articleArchive(12, 'editions-faults-src-');
    const outDir = mkdtempSync(join(tmpdir(), 'editions-kill-'));
    const signals = ['SIGKILL', 'SIGTERM', 'SIGINT'] as const;
    for (let round = 0; round < 20; round++) {
      // Every execution mode in turn, and every signal in each (20 rounds: 3 × 3 and more).
      const mode = executionModes[modeNames[round % modeNames.length] ?? 'default'];
      const child = spawn(process.execPath, [cli, '--source', source, '--out', outDir, '--force', ...mode], { stdio: 'ignore' });
      // Random moments across start-up and the writing of files (12 articles take about a second).
      await new Promise((resolve) => setTimeout(resolve, 50 + Math.random() * 1000));
      child.kill(signals[Math.floor(round / modeNames.length) % signals.length]);
      await exited(child);
      await assertComplete(outDir);
    }
    // The next publish clears what killed ones left behind and completes.
    await execFileAsync(process.execPath, [cli, '--source', source, '--out', outDir]);
    expect(readdirSync(outDir).filter((name) => name.endsWith('.tmp'))).toEqual([]);
    expect(readdirSync(outDir).filter((name) => !name.startsWith('.') && !/\.(png|jpe?g)$/.test(name))).toHaveLength(48);
    await assertComplete(outDir);
  });

  it('two publishes at once into one folder, 20 times in a row, write only whole, correct files', { timeout: 900_000 }, async () => {
    const source = articleArchive(3, 'editions-faults-src-');
    const reference = mkdtempSync(join(tmpdir(), 'editions-concurrent-reference-'));
    await execFileAsync(process.execPath, [cli, '--source', source, '--out', reference]);
    const outDir = mkdtempSync(join(tmpdir(), 'editions-concurrent-'));
    for (let round = 0; round < 20; round++) {
      // Each pair of modes in turn, the default against itself included.
      const modes = [modeNames[round % modeNames.length], modeNames[Math.floor(round / modeNames.length) % modeNames.length]];
      const runs = modes.map((mode) =>
        spawn(process.execPath, [cli, '--source', source, '--out', outDir, '--force', ...executionModes[mode ?? 'default']], { stdio: 'ignore' }),
      );
      expect(await Promise.all(runs.map(exited))).toEqual([0, 0]);
      await assertComplete(outDir);
      for (const name of readdirSync(reference).filter((item) => !item.startsWith('.'))) {
        expect(readFileSync(join(outDir, name)).equals(readFileSync(join(reference, name))), name).toBe(true);
      }
    }
  });
});

describeWithTools(['strace'], 'where temporary files are written, through the compiled CLI', () => {
  it("every temporary file is made in the output folder itself, an HTML page's images' too (where the next publish clears a killed one's), and a file name of 240 characters publishes", async () => {
    const source = mkdtempSync(join(tmpdir(), 'editions-temporaries-src-'));
    const fixture = join(projectRoot, 'tests', 'fixtures', 'epub-images');
    for (const name of readdirSync(fixture).filter((item) => /\.(png|jpe?g|gif)$/.test(item))) cpSync(join(fixture, name), join(source, name));
    // Named by its file, whose name is long.
    writeFileSync(join(source, `${'a'.repeat(237)}.md`), readFileSync(join(fixture, 'input.md'), 'utf8').replace(/^slug:.*\n/m, ''));
    const outDir = mkdtempSync(join(tmpdir(), 'editions-temporaries-out-'));
    const log = join(mkdtempSync(join(tmpdir(), 'editions-strace-')), 'calls.txt');
    const run = await publishUnderStrace(log, 'open,openat,creat', ['--config', 'tests/configs/images-beside.config.ts', '--source', source, '--out', outDir]);
    expect(run.code, run.stderr).toBe(0);
    const temporaries = [...readFileSync(log, 'utf8').matchAll(/open(?:at)?\([^"]*"([^"]+\.tmp)"/g)].map((match) => match[1] ?? '');
    // The page, and at least one picture beside it.
    expect(temporaries.length).toBeGreaterThanOrEqual(2);
    for (const path of temporaries) expect(dirname(path), path).toBe(outDir);
    const pictures = readdirSync(join(outDir, `${'a'.repeat(237)}.images`));
    expect(pictures.length).toBeGreaterThan(0);
    expect(pictures.filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });
});

describe('an output folder that cannot be written', () => {
  it('gives a clear error and exit code 1, not a stack trace', async () => {
    const parent = mkdtempSync(join(tmpdir(), 'editions-unwritable-'));
    const notAFolder = join(parent, 'a-file');
    writeFileSync(notAFolder, 'a file where the output folder should be\n');
    const run = await execFileAsync(process.execPath, [cli, '--out', join(notAFolder, 'outputs')]).catch((error) => error);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/the output folder cannot be written \((ENOTDIR|EEXIST)\); check that it is a folder you may write to/);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it("inside /proc: the same clear error, where Node's own recursive mkdir never returns", async (context) => {
    if (!existsSync('/proc/self')) context.skip(); // Linux only
    const run = await execFileAsync(process.execPath, [cli, '--out', '/proc/editions-outputs/today'], { timeout: 60_000 }).catch((error) => error);
    expect(run.killed, 'the publish hung').toBe(false);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^\/proc\/editions-outputs\/today: the output folder cannot be written \(ENOENT\); check that it is a folder you may write to/);
  });

  it('read-only: the same clear error', async (context) => {
    if (process.getuid?.() === 0) context.skip(); // root writes to read-only folders: the ENOTDIR case above covers the message
    const outDir = mkdtempSync(join(tmpdir(), 'editions-readonly-'));
    cpSync(join(projectRoot, 'source'), join(outDir, 'unused'), { recursive: true });
    await execFileAsync('chmod', ['a-w', outDir]);
    const run = await execFileAsync(process.execPath, [cli, '--out', outDir]).catch((error) => error);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/the output folder cannot be written \(EACCES\)/);
  });
});
