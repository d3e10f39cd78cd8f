import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fromHtml } from 'hast-util-from-html';
import { describe, expect, it } from 'vitest';
import { copyCorpus, corpusFiles, corpusSize, liveMarkup, publishAndCheck, sample, summary } from './helpers/corpus.js';
import { describeWithTools } from './helpers/tools.js';

/** `npm run corpus -- --sample 50`: every k-th file of the corpus, the same set on every `npm ci`. */
const sampleSize = 50;

describe('real-world Markdown corpus: the rule', () => {
  it(`picks ${corpusSize} distinct files of 200 bytes to 300 kB from node_modules, sorted, with unique slugs`, () => {
    const files = corpusFiles();
    expect(files.length).toBe(corpusSize);
    expect(files.map((file) => file.origin)).toEqual(files.map((file) => file.origin).sort());
    expect(new Set(files.map((file) => file.slug)).size).toBe(files.length);
    for (const file of files) {
      expect(file.origin).toMatch(/^node_modules\/.+\.md$/i);
      expect(file.slug).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(file.bytes).toBeGreaterThanOrEqual(200);
      expect(file.bytes).toBeLessThanOrEqual(300 * 1024);
    }
    // Sizes vary: small, medium and large files are all in.
    expect(files.filter((file) => file.bytes < 1024).length).toBeGreaterThan(20);
    expect(files.filter((file) => file.bytes > 16 * 1024).length).toBeGreaterThan(20);
  });

  it('finds scripts, event handlers and javascript: addresses', () => {
    const page = fromHtml(
      '<script>x()</script><script type="application/ld+json">{}</script><img src=a.png onerror="x()"><a href=" javascript:x()">a</a><a href="https://a.example/">b</a>',
    );
    expect(liveMarkup(page)).toEqual(['<script>', '<img onError>', '<a href=" javascript:x()">']);
  });
});

describeWithTools(['epubcheck', 'vnu', 'qpdf', 'poppler'], 'real-world Markdown corpus: a fixed sample through the compiled CLI', () => {
  it(`publishes at least ${sampleSize} files in one run with no finding`, { timeout: 600_000 }, async () => {
    const files = sample(corpusFiles(), sampleSize);
    expect(files.length).toBeGreaterThanOrEqual(sampleSize);
    const work = mkdtempSync(join(tmpdir(), 'editions-corpus-test-'));
    copyCorpus(files, join(work, 'source'));
    const result = await publishAndCheck(files, join(work, 'source'), join(work, 'out'));
    expect(result.findings.length, summary(result)).toBe(0);
  });
});
