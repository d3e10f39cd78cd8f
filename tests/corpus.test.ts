import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { copyCorpus, corpusFiles, publishAndCheck, sample, summary } from './helpers/corpus.js';
import { describeWithTools } from './helpers/tools.js';

/** `npm run corpus -- --sample 50`: every k-th file of the corpus, the same set on every `npm ci`. */
const sampleSize = 50;

describeWithTools(['epubcheck', 'vnu', 'qpdf', 'poppler'], 'real-world Markdown corpus (the Markdown in node_modules), a fixed sample', () => {
  it(`publishes at least ${sampleSize} files in one CLI run with no finding`, { timeout: 600_000 }, async () => {
    const files = sample(corpusFiles(), sampleSize);
    expect(files.length).toBeGreaterThanOrEqual(sampleSize);
    const work = mkdtempSync(join(tmpdir(), 'editions-corpus-test-'));
    copyCorpus(files, join(work, 'source'));
    const result = await publishAndCheck(files, join(work, 'source'), join(work, 'out'));
    expect(result.findings.length, summary(result)).toBe(0);
  });
});
