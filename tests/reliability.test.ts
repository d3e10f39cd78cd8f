import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { longArticle } from '../bench/articles.js';
import { resolveConfig } from '../src/config/load.js';
import { type PublishResult, runPipeline } from '../src/publish/pipeline.js';
import { readArticle } from '../src/read/article.js';
import { builtInRenderers, projectRoot } from './helpers/cases.js';
import { bodyWords, missingInOrder, readArticleFile } from './helpers/words.js';

const badInput = join(projectRoot, 'tests', 'bad-input');
const execFileAsync = promisify(execFile);

async function publishFolder(source: string): Promise<PublishResult & { outDir: string }> {
  const outDir = mkdtempSync(join(tmpdir(), 'editions-reliability-'));
  return { ...(await runPipeline(resolveConfig({ source, outDir, renderers: builtInRenderers() }))), outDir };
}

function messages(result: PublishResult) {
  return result.files.flatMap((file) => file.messages.map((message) => ({ ruleId: message.ruleId, line: message.line, fatal: message.fatal })));
}

describe('images that cannot be shown get a warning, and their alt text stands in', () => {
  it('missing, outside the source folder, remote, corrupt, unsupported or too large', async () => {
    const result = await publishFolder(join(badInput, 'images'));
    expect(result.failed).toBe(0);
    expect(result.written).toHaveLength(4);
    expect(messages(result)).toEqual([
      { ruleId: 'remote-image', line: 16, fatal: false },
      { ruleId: 'image-missing', line: 8, fatal: false },
      { ruleId: 'image-outside-source', line: 10, fatal: false },
      { ruleId: 'image-outside-source', line: 12, fatal: false },
      { ruleId: 'image-outside-source', line: 14, fatal: false },
      { ruleId: 'image-unsupported', line: 18, fatal: false },
      { ruleId: 'image-unsupported', line: 20, fatal: false },
      { ruleId: 'image-too-large', line: 22, fatal: false },
      { ruleId: 'image-missing', line: 24, fatal: false },
      // Shown, but --watch and the preview would not see it change.
      { ruleId: 'image-hidden-folder', line: 26, fatal: false },
      // The good images sit in a line of text: the PDF sets their alt text there, and says so.
      { ruleId: 'pdf-image-inline', line: 6, fatal: false },
      { ruleId: 'pdf-image-inline', line: 26, fatal: false },
    ]);
    const text = readFileSync(join(result.outDir, 'article.txt'), 'utf8');
    for (const alt of [
      'A missing picture',
      'The password file',
      'An absolute path',
      'A link out',
      'A remote photo',
      'A corrupt PNG',
      'Text, not an image',
      'A gigapixel bomb',
      'An album',
    ]) {
      expect(text).toContain(`[Image: ${alt}]`);
    }
    const hostname = readFileSync('/etc/hostname', 'utf8').trim();
    for (const name of readdirSync(result.outDir).filter((item) => !item.startsWith('.'))) {
      expect(readFileSync(join(result.outDir, name)).includes('root:x:0:0'), name).toBe(false);
      if (name.endsWith('.html') || name.endsWith('.txt')) expect(readFileSync(join(result.outDir, name), 'utf8').includes(hostname), name).toBe(false);
    }
  });
});

describe('file names', () => {
  it('with spaces, non-Latin letters and shell characters are published as they are', async () => {
    const result = await publishFolder(join(badInput, 'names'));
    expect(result.failed).toBe(0);
    const slugs = ["it's $(rm -rf) & `x`; ok", 'with spaces', 'Überschrift 東京'];
    expect(
      readdirSync(result.outDir)
        .filter((name) => !name.startsWith('.'))
        .sort(),
    ).toEqual(slugs.flatMap((slug) => ['.epub', '.html', '.pdf', '.txt'].map((extension) => `${slug}${extension}`)).sort());
  });
});

/** Writes one generated article into a fresh source folder. */
function generated(name: string, body: string): string {
  const source = mkdtempSync(join(tmpdir(), `editions-structure-${name}-`));
  writeFileSync(join(source, `${name}.md`), `---\ntitle: ${name}\n---\n\n${body}\n`);
  return source;
}

describe('extreme structure: no stack overflow, no hang, no word lost', () => {
  const structures: [string, () => string][] = [
    ['quotes-10000-deep', () => `${'> '.repeat(10_000)}the deepest quoted words`],
    ['lists-10000-deep', () => `${'- '.repeat(10_000)}the deepest listed words`],
    ['indented-lists-300-deep', () => Array.from({ length: 300 }, (_, level) => `${'  '.repeat(level)}- item ${level}`).join('\n')],
    ['html-divs-20000-deep', () => `${'<div>'.repeat(20_000)}the deepest words in blocks${'</div>'.repeat(20_000)}\n\nAfter them.`],
    ['html-spans-5000-deep', () => `Before ${'<span class="x">'.repeat(5000)}the deepest words in a line${'</span>'.repeat(5000)} after.`],
    ['paragraph-1mb', () => Array.from({ length: 150_000 }, (_, index) => `word${index % 997}`).join(' ')],
    ['word-100000', () => `before ${'x'.repeat(100_000)} after`],
    [
      'footnotes-5000',
      () =>
        `${Array.from({ length: 5000 }, (_, index) => `Claim ${index}.[^n${index}]`).join(' ')}\n\n${Array.from({ length: 5000 }, (_, index) => `[^n${index}]: Source ${index}.`).join('\n')}`,
    ],
  ];
  for (const [name, body] of structures) {
    it(name, async () => {
      const source = generated(name, body());
      const result = await publishFolder(source);
      expect(result.failed, result.files.flatMap((file) => file.messages.map(String)).join('\n')).toBe(0);
      expect(result.written).toHaveLength(4);
      const words = bodyWords(readArticleFile(join(source, `${name}.md`)));
      expect(missingInOrder(words, readFileSync(join(result.outDir, `${name}.txt`), 'utf8'))).toEqual([]);
    });
  }
});

describe('raw HTML nested too deeply', () => {
  it('is flattened to 128 levels, with a warning at the first tag let go', () => {
    const source = generated('html-nesting', `Text.\n\n${'<div>'.repeat(200)}deep${'</div>'.repeat(200)}`);
    const path = join(source, 'html-nesting.md');
    const { file, article } = readArticle(path, readFileSync(path));
    const warning = file.messages.find((message) => message.ruleId === 'html-nesting-too-deep');
    // Line 7 (the front matter, a blank line, "Text.", a blank line): the 129th <div> starts at column 128 × 5 + 1.
    expect(warning && { line: warning.line, column: warning.column, fatal: warning.fatal }).toEqual({ line: 7, column: 641, fatal: false });
    let depth = 0;
    const deepest = (node: { type: string; children?: unknown[] }, level: number): void => {
      depth = Math.max(depth, level);
      for (const child of (node.children ?? []) as { type: string; children?: unknown[] }[]) deepest(child, child.type === 'element' ? level + 1 : level);
    };
    if (article) deepest(article.hast, 0);
    expect(depth).toBe(128);
  });
});

describe('a 5 MB article', () => {
  it('is published in every edition by the compiled CLI, every word in order in the text edition', { timeout: 600_000 }, async () => {
    const source = mkdtempSync(join(tmpdir(), 'editions-5mb-'));
    writeFileSync(join(source, 'five-megabytes.md'), longArticle(5 * 1024 * 1024));
    const outDir = mkdtempSync(join(tmpdir(), 'editions-5mb-out-'));
    const run = await execFileAsync(process.execPath, [join(projectRoot, 'dist', 'cli.js'), '--source', source, '--out', outDir], {
      maxBuffer: 64 * 1024 * 1024,
    });
    expect(run.stdout).toMatch(/4 editions of 1\/1 article/);
    expect(
      readdirSync(outDir)
        .filter((name) => !name.startsWith('.'))
        .sort(),
    ).toEqual(['.epub', '.html', '.pdf', '.txt'].map((extension) => `five-megabytes${extension}`));
    const words = bodyWords(readArticleFile(join(source, 'five-megabytes.md')));
    expect(words.length).toBeGreaterThan(750_000);
    expect(missingInOrder(words, readFileSync(join(outDir, 'five-megabytes.txt'), 'utf8'))).toEqual([]);
  });
});
