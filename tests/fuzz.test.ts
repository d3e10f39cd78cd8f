import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DOMParser } from '@xmldom/xmldom';
import fc from 'fast-check';
import { fromHtml } from 'hast-util-from-html';
import JSZip from 'jszip';
import { expect, it } from 'vitest';
import { projectRoot } from './helpers/cases.js';
import { executionModes, modeNames, publish } from './helpers/cli.js';
import { describeWithTools, run } from './helpers/tools.js';
import { bodyWords, epubText, htmlText, missingInOrder, pdfStructureText, readArticleFile } from './helpers/words.js';

/** 200 articles in CI; `FUZZ_RUNS=5000 npm test` for a longer search. */
const runs = Number(process.env.FUZZ_RUNS ?? 200);
const picture = join(projectRoot, 'tests', 'fixtures', 'epub-images', 'headline-crop.png');

/** Letters of the scripts a newsroom publishes in. */
const scripts: [number, number][] = [
  [0x61, 0x7a], // Latin
  [0xc0, 0x17f], // Latin-1 and Extended-A
  [0x410, 0x44f], // Cyrillic
  [0x3b1, 0x3c9], // Greek
  [0x627, 0x63a], // Arabic letters (the tatweel and its neighbours, 0x63b–0x640, are not letters)
  [0x641, 0x64a],
  [0x5d0, 0x5ea], // Hebrew
  [0x915, 0x939], // Devanagari
  [0x4e00, 0x4fff], // CJK ideographs
];
/** A word is written in one script; sentences mix them. */
const word = fc
  .constantFrom(...scripts)
  .chain(([from, to]) => fc.array(fc.integer({ min: from, max: to }), { minLength: 1, maxLength: 9 }))
  .map((codes) => String.fromCodePoint(...codes));
const words = fc.array(word, { minLength: 1, maxLength: 12 }).map((list) => list.join(' '));

const inline = fc.oneof(
  { weight: 6, arbitrary: words },
  fc.tuple(fc.constantFrom('*', '**', '`', '~~'), words).map(([mark, text]) => `${mark}${text}${mark}`),
  words.map((text) => `[${text}](https://example.org/${encodeURIComponent(text.slice(0, 5))})`),
  words.map((text) => `<span onclick="alert(1)">${text}</span>`),
  fc.constant('<script>alert("no")</script>'),
  fc.constant('[^note]'),
);
const line = fc.array(inline, { minLength: 1, maxLength: 5 }).map((parts) => parts.join(' '));

const { block } = fc.letrec<{ block: string }>((tie) => ({
  block: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    { weight: 5, arbitrary: line },
    fc.tuple(fc.integer({ min: 2, max: 6 }), words).map(([level, text]) => `${'#'.repeat(level)} ${text}`),
    tie('block').map((inner) => inner.replace(/^/gm, '> ')),
    fc
      .tuple(fc.constantFrom('-', '1.', '- [ ]', '- [x]'), fc.array(line, { minLength: 1, maxLength: 4 }))
      .map(([marker, items]) => items.map((item) => `${marker} ${item}`).join('\n')),
    fc.tuple(line, tie('block')).map(([item, inner]) => `- ${item}\n\n${inner.replace(/^/gm, '  ')}`),
    fc.array(words, { minLength: 1, maxLength: 4 }).map((code) => `\`\`\`\n${code.join('\n')}\n\`\`\``),
    fc.tuple(fc.integer({ min: 1, max: 4 }), fc.array(word, { minLength: 2, maxLength: 12 })).map(([columns, cells]) => {
      const rows = [];
      for (let start = 0; start < cells.length; start += columns) rows.push(`| ${cells.slice(start, start + columns).join(' | ')} |`);
      return [rows[0], `|${' --- |'.repeat(columns)}`, ...rows.slice(1)].join('\n');
    }),
    fc.constant('---'),
    words.map((text) => `![${text}](missing-image.png)`),
    // A picture that exists: its bytes go to every thread that renders the article.
    words.map((text) => `![${text}](picture.png)`),
  ),
}));

const article = fc
  .tuple(words, fc.array(block, { minLength: 1, maxLength: 8 }), words)
  .map(([title, blocks, note]) => `---\ntitle: "${title}"\n---\n\n${blocks.join('\n\n')}\n\n[^note]: ${note}\n`);

const xml = new DOMParser({
  onError: (level: string, message: string) => {
    if (level !== 'warning') throw new Error(message);
  },
});

/** Articles per publish: the CLI's start-up is paid once per batch, and a batch is what the threads share. */
const batch = 10;

describeWithTools(['poppler', 'qpdf'], `property: random articles in every script, through the compiled CLI in every mode (${runs} articles)`, () => {
  it('never crash, stay well-formed and parseable, and keep every word in order', { timeout: 1_800_000 }, async () => {
    let publishes = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(article, { minLength: batch, maxLength: batch }), async (markdowns) => {
        const source = mkdtempSync(join(tmpdir(), 'editions-fuzz-src-'));
        const outDir = mkdtempSync(join(tmpdir(), 'editions-fuzz-out-'));
        copyFileSync(picture, join(source, 'picture.png'));
        for (const [index, markdown] of markdowns.entries()) writeFileSync(join(source, `fuzz-${index}.md`), markdown);
        // Each mode in turn, publish by publish: every mode sees a third of the articles.
        const mode = modeNames[publishes++ % modeNames.length] ?? 'default';
        const run = await publish(['--source', source, '--out', outDir, ...executionModes[mode]]);
        expect(run.code, `${mode}: ${run.stderr}`).toBe(0);
        expect(run.stderr, mode).not.toMatch(/renderer-failed|\n\s+at /);
        for (const index of markdowns.keys()) await checkEditions(join(source, `fuzz-${index}.md`), join(outDir, `fuzz-${index}`), mode);
      }),
      { numRuns: Math.ceil(runs / batch), endOnFailure: true },
    );
    expect(publishes).toBeGreaterThanOrEqual(modeNames.length);
  });
});

/** The four editions at `base` (without extension) of the article at `path`: well-formed, parseable, every word in order. */
async function checkEditions(path: string, base: string, mode: string): Promise<void> {
  const wordsOf = bodyWords(readArticleFile(path));
  const where = `${mode}: ${base}`;
  const errors: string[] = [];
  fromHtml(readFileSync(`${base}.html`, 'utf8'), {
    onerror: (error) => {
      errors.push(error.message);
    },
  });
  expect(errors, where).toEqual([]);
  expect(missingInOrder(wordsOf, htmlText(`${base}.html`)), `HTML, ${where}`).toEqual([]);
  expect(missingInOrder(wordsOf, readFileSync(`${base}.txt`, 'utf8')), `text, ${where}`).toEqual([]);

  const zip = await JSZip.loadAsync(readFileSync(`${base}.epub`));
  for (const name of Object.keys(zip.files).filter((item) => /\.(xhtml|opf|ncx|svg)$/.test(item))) {
    xml.parseFromString((await zip.file(name)?.async('string')) ?? '', 'application/xml');
  }

  await run('qpdf', ['--check', `${base}.pdf`]);
  expect(missingInOrder(wordsOf, await epubText(`${base}.epub`)), `EPUB, ${where}`).toEqual([]);

  // In the PDF, every word in the reading order of its structure tree (what a screen reader follows).
  expect(missingInOrder(wordsOf, await pdfStructureText(`${base}.pdf`)), `PDF, ${where}`).toEqual([]);
}
