import { copyFileSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Bidi } from 'bidi-js';
import type { Root } from 'hast';
import { toText } from 'hast-util-to-text';
import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../src/config/load.js';
import { isRightToLeft } from '../src/renderers/common/language.js';
import { textEdition } from '../src/renderers/text/edition.js';
import { text } from '../src/renderers/text/index.js';
import type { Article } from '../src/types.js';
import { cases, fixturesDir, projectRoot, publishCase } from './helpers/cases.js';
import { publish } from './helpers/cli.js';
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
      // No control character but code's tabs: a blank line of code in a quote or a list had left a NUL.
      expect(edition.split('\n').filter((line) => /\p{Cc}/u.test(line.replaceAll('\t', '')))).toEqual([]);
      expect(overlong(edition, 72, article)).toEqual([]);
      // A code block at the top level reads as written, each line indented by four, its blank lines all kept.
      for (const pre of (article.hast as Root).children.filter((node) => node.type === 'element' && node.tagName === 'pre')) {
        const code = toText(pre).replace(/\n$/, '').split('\n');
        expect(edition).toContain(code.map((line) => (line ? `    ${line}`.trimEnd() : '')).join('\n'));
      }
      // Narrow columns: every line still fits, by display width.
      expect(overlong(render(article, 30), 30, article)).toEqual([]);
    });
  }
});

// bidi-js is CommonJS whose module.exports is the factory; its types declare an ES default export.
const bidi = (createRequire(import.meta.url)('bidi-js') as () => Bidi)();

describe('text edition of a right-to-left article, through the CLI', () => {
  const rightToLeft = articles.filter(({ article }) => isRightToLeft(article.meta.lang));

  /** The article's text edition as the compiled CLI writes it. */
  async function published(testCase: (typeof articles)[number]['testCase'], slug: string): Promise<string> {
    const out = mkdtempSync(join(tmpdir(), 'editions-text-rtl-'));
    const { code, stderr } = await publish(['--source', testCase.source, '--out', out, '--only', 'text']);
    expect(code, stderr).toBe(0);
    return readFileSync(join(out, `${slug}.txt`), 'utf8');
  }

  it('covers the fixtures in Arabic and Hebrew, and lines indented under an item, a note or a quote that start with a Latin word or a number', async () => {
    expect(rightToLeft.map(({ testCase }) => testCase.name)).toEqual(expect.arrayContaining(['lang-ar', 'list-numbers-rtl', 'text-rtl-indents']));
    const { testCase, article } = rightToLeft.find(({ testCase }) => testCase.name === 'text-rtl-indents') as (typeof articles)[number];
    const lines = (await published(testCase, article.slug)).split('\n').map((line) => line.replace(/^\u200f/, ''));
    for (const line of [
      '    a draft',
      '    - UNHCR observers, who asked for access to the camps before the',
      '      winter',
      '    left open',
      '     2026, with annexes.',
    ])
      expect(lines).toContain(line);
  });

  it.each(rightToLeft.map(({ testCase, article }) => [testCase.name, testCase, article] as const))(
    "%s: Unicode's bidi algorithm reads every line but code right to left, and code left to right",
    async (_name, testCase, article) => {
      const code = codeLines(article);
      const lines = (await published(testCase, article.slug)).split('\n').filter((line) => line !== '');
      const direction = (line: string) => (bidi.getEmbeddingLevels(line).paragraphs[0]?.level === 1 ? 'rtl' : 'ltr');
      const isCode = (line: string) => line.replace(/^>/, '').trim() !== '' && code.has(line.replace(/^>/, '').trim());
      expect(lines.filter((line) => !isCode(line) && direction(line) !== 'rtl')).toEqual([]);
      expect(lines.filter((line) => isCode(line) && direction(line) !== 'ltr')).toEqual([]);
    },
  );
});

describe('text edition: the dateline of an article that opens with a picture, through the CLI', () => {
  it("opens the first paragraph of words, not the picture's caption (which dropped it) nor its stand-in", async () => {
    const source = mkdtempSync(join(tmpdir(), 'editions-text-dateline-'));
    const out = mkdtempSync(join(tmpdir(), 'editions-text-dateline-out-'));
    copyFileSync(join(fixturesDir, 'linked-pictures', 'crop.jpg'), join(source, 'smoke.jpg'));
    const masthead = '---\ntitle: Fire in the port\ndateline: MARSEILLE\ncredit: AFP\ndate: 2026-12-07\nlang: en\n---\n\n';
    writeFileSync(join(source, 'captioned.md'), `${masthead}![Smoke over the port](smoke.jpg "Smoke rises over the docks")\n\nA fire broke out.\n`);
    writeFileSync(join(source, 'uncaptioned.md'), `${masthead}![Smoke over the port](smoke.jpg)\n\nA fire broke out.\n`);
    const { code, stderr } = await publish(['--source', source, '--out', out, '--only', 'text']);
    expect(code, stderr).toBe(0);
    for (const slug of ['captioned', 'uncaptioned']) {
      const lines = readFileSync(join(out, `${slug}.txt`), 'utf8').split('\n');
      expect(
        lines.filter((line) => line.includes('MARSEILLE')),
        slug,
      ).toEqual(['MARSEILLE (AFP) — A fire broke out.']);
      expect(lines, slug).toContain('[Image: Smoke over the port]');
    }
  });
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

  it('lists a relative link as its address on the site when the config has a baseUrl: the edition is read away from the site', () => {
    const article = articleFrom(
      '---\ntitle: Links\n---\n\nSee [the earlier story](earlier-story.html), [its part](../world/part.html#two) and [the agency](https://afp.com/en).\n',
    );
    const config = resolveConfig({ baseUrl: 'https://news.example/world/', renderers: [text()] });
    const edition = textEdition(article, 72, { config, warn: () => {} });
    expect(edition).toMatch(
      /\[1\] https:\/\/news\.example\/world\/earlier-story\.html\n\[2\] https:\/\/news\.example\/world\/part\.html#two\n\[3\] https:\/\/afp\.com\/en\n/,
    );
    // Without one, the addresses stay as written.
    expect(render(article)).toContain('[1] earlier-story.html');
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

  it('marks struck text with ~~ and raises or lowers only what Unicode can', () => {
    const edition = render(readArticleFile(join(fixturesDir, 'inline-marks', 'input.md'))).replace(/\s+/g, ' ');
    expect(edition).toContain('Police said ~~10~~ 12 people');
    expect(edition).toContain('first said ~~eight~~ and later ~~nine~~, and an old system still sends ~~eleven~~.');
    expect(edition).toContain('E = mc², chemists write H₂O and CO₂, and a tolerance of 10⁻³ or 10⁻⁶ is small.');
    expect(edition).toContain('xⁿ and the sum to a(i+1), with i⁽ⁿ⁼²⁾ in the margin.');
    expect(edition).toContain('the 1st edition, logb and x2y,');
    // A footnote's reference is a superscript too, and stays one the reader can look up.
    expect(edition).toContain('still a note.[^1]');
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

  it('sets a cell spanning columns across their widths and the gap between them, widening the columns it needs', () => {
    const edition = render(
      articleFrom(
        '---\ntitle: Spans\n---\n\n<table>\n<tr><th>One</th><th>Two</th></tr>\n<tr><td>1</td><td>2</td></tr>\n<tr><td colspan="2">twenty-three characters</td></tr>\n</table>\n\n<table>\n<tr><td>Harbour Star</td><td>2</td></tr>\n<tr><td colspan="2" align="right">right</td></tr>\n</table>\n',
      ),
    );
    // 23 characters over two columns of 3 and a gap of 2: the 15 missing are shared, 8 and 7.
    expect(edition).toContain(['One          Two', '-----------  ----------', '1            2', 'twenty-three characters\n'].join('\n'));
    // Set right within the 12 + 2 + 1 columns it spans.
    expect(edition).toContain(['Harbour Star  2', '          right', '------------  -'].join('\n'));
  });

  it('sets a cell spanning rows in its first row and leaves its columns blank below', () => {
    const edition = render(
      articleFrom(
        '---\ntitle: Spans\n---\n\n<table>\n<tr><th>Ferry</th><th>Time</th></tr>\n<tr><td rowspan="2">Island Queen</td><td>07:10</td></tr>\n<tr><td>09:30</td></tr>\n<tr><td>Star</td><td>10:00</td></tr>\n</table>\n',
      ),
    );
    expect(edition).toContain(['Ferry         Time', '------------  -----', 'Island Queen  07:10', '              09:30', 'Star          10:00'].join('\n'));
  });

  it('takes no header from a table without th cells, and labels none of its records', () => {
    const long = 'a cell long enough that two of them cannot share one line of text, so each is a record';
    const narrow = render(
      articleFrom('---\ntitle: No header\n---\n\n<table>\n<tr><td>Office</td><td>Pier four</td></tr>\n<tr><td>Hours</td><td>From eight</td></tr>\n</table>\n'),
    );
    expect(narrow).toContain(['------  ----------', 'Office  Pier four', 'Hours   From eight', '------  ----------'].join('\n'));
    const wide = render(articleFrom(`---\ntitle: No header\n---\n\n<table>\n<tr><td>Office</td><td>${long}</td></tr>\n</table>\n`));
    expect(wide).toContain('\n\nOffice\na cell long enough');
    expect(wide).not.toMatch(/Office:|^-+$/m);
  });

  it('labels the cells of a record by their row header when the table has no header', () => {
    const long = 'a cell long enough that two of them cannot share one line of text, so each is a record';
    const edition = render(articleFrom(`---\ntitle: Row headers\n---\n\n<table>\n<tr><th scope="row">Licence</th><td>${long}</td></tr>\n</table>\n`));
    expect(edition).toContain('\n\nLicence: a cell long enough');
    expect(edition).not.toMatch(/^Licence$/m);
  });

  it('labels a record cell with the header cells over its columns', () => {
    const long = 'a cell long enough that two of them cannot share one line of text, so each is a record';
    const edition = render(
      articleFrom(
        `---\ntitle: Wide spans\n---\n\n<table>\n<tr><th rowspan="2">Route</th><th colspan="2">Crossing</th></tr>\n<tr><th>Calm</th><th>Windy</th></tr>\n<tr><td>North</td><td>${long}</td><td>${long}</td></tr>\n<tr><td>South</td><td colspan="2">${long}</td></tr>\n</table>\n`,
      ),
    );
    expect(edition).toContain('Route | Crossing\nCalm | Windy\n----------------\n\nRoute: North\nCrossing / Calm: a cell');
    expect(edition).toContain('Crossing / Windy: a cell');
    expect(edition).toContain('\n\nRoute: South\nCrossing / Calm / Windy: a cell');
  });
});
