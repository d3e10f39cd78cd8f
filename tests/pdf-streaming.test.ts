import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';
import { longArticle } from '../bench/articles.js';
import { projectRoot } from './helpers/cases.js';
import { cli } from './helpers/cli.js';
import { describeWithTools, run } from './helpers/tools.js';

const execFileAsync = promisify(execFile);

/**
 * The most resident memory a publish of a 2,000-page PDF may take, the whole
 * process with its helper thread. Measured 2026-12-05 (2,173 pages): 203 MB with
 * pages streamed; 289 MB when every page was kept until the last was set, for the
 * "n / N" folios (359 MB with V8's default heap growth as well).
 */
const boundMegabytes = 256;

describeWithTools(['qpdf', 'poppler'], 'a PDF of 2,000 pages and more', () => {
  it(`streams its pages: the publish peaks under ${boundMegabytes} MB, and the last folio counts every page`, { timeout: 600_000 }, async () => {
    const source = mkdtempSync(join(tmpdir(), 'editions-pages-'));
    const outDir = mkdtempSync(join(tmpdir(), 'editions-pages-out-'));
    // 1.5 MB of news in 24-point type (tests/configs/pdf-large-type.config.ts): 2,173 pages in about 13 s of CPU.
    writeFileSync(join(source, 'pages.md'), longArticle(1.5 * 1024 * 1024));
    const sampler = join(projectRoot, 'tests', 'helpers', 'peak-memory.mjs');
    const config = join(projectRoot, 'tests', 'configs', 'pdf-large-type.config.ts');
    const { stdout, stderr } = await execFileAsync(process.execPath, ['--import', sampler, cli, '--source', source, '--out', outDir, '--config', config], {
      cwd: projectRoot,
      maxBuffer: 64 * 1024 * 1024,
    });
    expect(stdout).toMatch(/1 edition of 1\/1 article/);
    const pdf = join(outDir, 'pages.pdf');
    const pages = Number(/\/Type \/Pages\n\/Count (\d+)/.exec(readFileSync(pdf).toString('latin1'))?.[1]);
    expect(pages).toBeGreaterThanOrEqual(2000);

    const peak = Number(/^peak rss (\d+)$/m.exec(stderr)?.[1]) / 1024 / 1024;
    expect(peak, `peak resident memory ${peak.toFixed(0)} MB`).toBeGreaterThan(0);
    expect(peak, `peak resident memory ${peak.toFixed(0)} MB`).toBeLessThan(boundMegabytes);

    // Each page was written before the count was known: its folio, filled in at the end, still says "n / N".
    expect((await run('qpdf', ['--check', pdf])).stdout).toMatch(/No syntax or stream encoding errors/);
    for (const page of [2, pages]) {
      const text = (await run('pdftotext', ['-f', String(page), '-l', String(page), pdf, '-'])).stdout;
      expect(text).toMatch(new RegExp(`^${page}\\s*/\\s*${pages}$`, 'm'));
    }
  });
});
