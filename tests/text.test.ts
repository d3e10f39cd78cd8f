import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../src/config/load.js';
import { textEdition } from '../src/renderers/text/edition.js';
import { text } from '../src/renderers/text/index.js';
import type { Article } from '../src/types.js';
import { cases, fixturesDir, projectRoot, publishCase } from './helpers/cases.js';
import { codeLines, overlong, readArticleFile } from './helpers/words.js';

function render(article: Article, width?: number): string {
  return textEdition(article, width ?? 72, { config: resolveConfig({ renderers: [text()] }), warn: () => {} });
}

/** An article from Markdown written in the test. */
function articleFrom(markdown: string): Article {
  const path = join(mkdtempSync(join(tmpdir(), 'editions-text-')), 'article.md');
  writeFileSync(path, markdown);
  return readArticleFile(path);
}

const articles = cases.flatMap((testCase) =>
  readdirSync(testCase.source)
    .filter((name) => name.endsWith('.md') && name !== 'README.md')
    .map((name) => ({ testCase, article: readArticleFile(join(testCase.source, name)) })),
);

describe('text edition: encoding, line ends and width', () => {
  for (const { testCase, article } of articles) {
    it(`${testCase.name}/${article.slug}`, async () => {
      const path = (await publishCase(testCase)).files.get(article.slug)?.get('text');
      expect(path).toBeDefined();
      const bytes = readFileSync(path as string);
      const edition = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
      expect(edition.includes('\r')).toBe(false);
      expect(edition.endsWith('\n') && !edition.endsWith('\n\n')).toBe(true);
      expect(edition.split('\n').filter((line) => / $/.test(line))).toEqual([]);
      expect(overlong(edition, 72, article)).toEqual([]);
      // Narrow columns: every line still fits, by display width.
      expect(overlong(render(article, 30), 30, article)).toEqual([]);
    });
  }
});

describe('text edition: layout', () => {
  const canonical = readArticleFile(join(projectRoot, 'source', 'moscow-syria-opposition-contact.md'));
  const everyBlock = readArticleFile(join(fixturesDir, 'every-block', 'input.md'));

  it('opens with the headline block and the dateline before the first paragraph', () => {
    const lines = render(canonical).split('\n');
    expect(lines[0]).toBe(canonical.meta.title);
    expect(lines[1]).toBe('='.repeat(stringWidth(canonical.meta.title)));
    expect(lines).toContain('By AFP');
    expect(lines).toContain('February 2, 2013');
    expect(lines.find((line) => line.startsWith('MUNICH'))).toMatch(/^MUNICH, Germany \(AFP\) — Moscow said on Saturday/);
  });

  it('prints the credit once: in the dateline when there is one, else beside the byline', () => {
    const lines = render(everyBlock).split('\n');
    expect(lines).toContain('By Ada Lovelace and Charles Babbage');
    expect(lines.filter((line) => line.includes('Editions Test Desk'))).toEqual([expect.stringMatching(/^LONDON \(Editions Test Desk\) — /)]);
    const pictures = readArticleFile(join(fixturesDir, 'epub-images', 'input.md'));
    expect(render(pictures).split('\n')).toContain(`By ${pictures.meta.authors.join(' and ')} · Editions Picture Desk`);
  });

  it('underlines a wide-character title by its display width', () => {
    const edition = render(articleFrom('---\ntitle: 莫斯科希望与反对派保持接触\n---\n\n正文。\n'));
    expect(edition.split('\n').slice(0, 2)).toEqual(['莫斯科希望与反对派保持接触', '='.repeat(26)]);
  });

  it('numbers links and footnotes and lists them under the article', () => {
    const edition = render(everyBlock);
    expect(edition).toContain('a link to the project [1]');
    expect(edition).toMatch(/Links\n-----\n\n\[1\] https:\/\/example\.org\/editions\n\[2\] https:\/\/example\.org\/notes\n/);
    expect(edition).toContain('It has a footnote.[^1]');
    expect(edition).toMatch(/Footnotes\n---------\n\n\[\^1\] The first footnote, with a link \[2\]\.\n\[\^2\] A named footnote\.\n/);
  });

  it('nests lists with hanging indents, quotes with a marker, and keeps code verbatim', () => {
    const edition = render(everyBlock);
    expect(edition).toContain('- Another, with a nested list:\n  1. First nested\n  2. Second nested\n     - Deeper still\n- Last item');
    expect(edition).toContain('3. An ordered list that starts at three');
    expect(edition).toContain('- [x] A task that is done\n- [ ] A task still open');
    expect(edition).toContain('> A block quote with a paragraph.\n>\n> > And a quote nested inside it.');
    // Code lines stay whole, indented by four, even past the width.
    const code = [...codeLines(everyBlock)].filter((line) => line !== '');
    expect(code.some((line) => stringWidth(line) > 72)).toBe(true);
    for (const line of code) expect(edition).toMatch(new RegExp(`^ {4,}${line.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`, 'm'));
    expect(edition).toContain('[Image: A remote image that is never fetched]');
    expect(edition).toContain('with a hard\nline break inside it.');
  });

  it('aligns table columns by display width, honouring the alignment', () => {
    const edition = render(articleFrom('---\ntitle: Table\n---\n\n| 城市 | Population |\n|:--|--:|\n| 北京 | 21,540,000 |\n| Zürich | 421,878 |\n'));
    const lines = edition.split('\n');
    const start = lines.findIndex((line) => line.startsWith('城市'));
    const rows = lines.slice(start, start + 4);
    expect(rows).toEqual(['城市    Population', '------  ----------', '北京    21,540,000', 'Zürich     421,878']);
    for (const row of rows) expect(stringWidth(row)).toBe(18);
  });

  it('sets a table too wide for columns as labelled records, header first', () => {
    const long = 'a cell long enough that two of them cannot share one line of text, so each is a record';
    const edition = render(articleFrom(`---\ntitle: Wide\n---\n\n| One | Two |\n|--|--|\n| ${long} | ${long} |\n`));
    expect(edition).toContain(
      'One | Two\n---------\n\nOne: a cell long enough that two of them cannot share one line of text,\n     so each is a record\nTwo: a cell',
    );
  });

  it('sets a headerless table without an empty header row', () => {
    const edition = render(articleFrom('---\ntitle: Headerless\n---\n\n|  |  |\n|--|--|\n| a | b |\n| cc | d |\n'));
    expect(edition).toContain('--  -\na   b\ncc  d\n--  -');
  });
});
