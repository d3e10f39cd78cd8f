import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { toString as mdastToString } from 'mdast-util-to-string';
import { unified } from 'unified';
import { describe, expect, it, vi } from 'vitest';
import { readArticle } from '../src/read/article.js';
import { readableDate } from '../src/renderers/common/dates.js';
import { projectRoot } from './helpers/cases.js';

const badInput = join(projectRoot, 'tests', 'bad-input');

function read(caseName: string) {
  const path = join(badInput, caseName, 'input.md');
  return readArticle(path, readFileSync(path));
}

function messages(caseName: string) {
  return read(caseName).file.messages.map((message) => ({ ruleId: message.ruleId, line: message.line, column: message.column, fatal: message.fatal }));
}

describe('the canonical article', () => {
  const path = join(projectRoot, 'source', 'moscow-syria-opposition-contact.md');
  const { article, file } = readArticle(path, readFileSync(path));

  it('parses without messages', () => {
    expect(file.messages.map(String)).toEqual([]);
    expect(article).toBeDefined();
  });

  it('has the canonical front matter, with typographic quotes in the title', () => {
    expect(article?.slug).toBe('moscow-syria-opposition-contact');
    expect(article?.meta).toMatchObject({
      title: 'Moscow wants ‘regular contact’ with Syrian opposition',
      authors: ['AFP'],
      credit: 'AFP',
      dateline: 'MUNICH, Germany',
      date: '2013-02-02',
      lang: 'en',
      publisher: 'The Straits Times',
    });
    expect(article?.meta.tags.length).toBeGreaterThan(2);
    expect(article?.meta.description).toMatch(/^Moscow said on Saturday it wanted to keep in regular contact/);
  });

  it('keeps the story word for word, without the dateline or the site promotion', () => {
    // A copy of ../shared/seed/000_171e995ce1062bf2.txt, so a clean clone (and CI) has it.
    const seed = readFileSync(join(projectRoot, 'tests', 'fixtures', 'canonical', 'seed.txt'), 'utf8').split('\n');
    const source = readFileSync(path, 'utf8');
    const body = source.slice(source.indexOf('\n---\n', 4) + 5).trim();
    const paragraphs = seed.slice(1).filter((line) => line.trim() !== '' && !line.startsWith("Join ST's Telegram"));
    expect(body.split('\n\n')).toEqual([paragraphs[0]?.replace('MUNICH, Germany (AFP) - ', ''), ...paragraphs.slice(1)]);
  });

  it('freezes both trees', () => {
    expect(Object.isFrozen(article?.mdast)).toBe(true);
    expect(Object.isFrozen(article?.hast.children[0])).toBe(true);
  });

  it('parses the Markdown once (front matter fields are parsed apart, as inline Markdown, with no path)', () => {
    const parse = vi.spyOn(Object.getPrototypeOf(unified()), 'parse');
    readArticle(path, readFileSync(path));
    expect(parse.mock.calls.filter(([file]) => (file as { path?: string }).path === path)).toHaveLength(1);
    parse.mockRestore();
  });
});

describe('bad input gets a placed message with a rule id', () => {
  const cases: [string, { ruleId: string; line: number; column: number; fatal: boolean }][] = [
    ['yaml-syntax', { ruleId: 'yaml-syntax', line: 3, column: 7, fatal: true }],
    ['missing-title-heading', { ruleId: 'missing-title', line: 5, column: 1, fatal: false }],
    ['missing-title-filename', { ruleId: 'missing-title', line: 1, column: 1, fatal: false }],
    ['wrong-type', { ruleId: 'invalid-tags', line: 3, column: 7, fatal: true }],
    ['unknown-key', { ruleId: 'unknown-key', line: 3, column: 1, fatal: false }],
    ['impossible-date', { ruleId: 'invalid-date', line: 3, column: 7, fatal: true }],
    ['impossible-offset', { ruleId: 'invalid-date', line: 3, column: 7, fatal: true }],
    ['utf-16', { ruleId: 'utf-16', line: 1, column: 1, fatal: true }],
    ['bad-language', { ruleId: 'invalid-lang', line: 3, column: 7, fatal: true }],
    ['unterminated-front-matter', { ruleId: 'unterminated-front-matter', line: 1, column: 1, fatal: true }],
    ['empty-file', { ruleId: 'empty-file', line: 1, column: 1, fatal: true }],
    ['invalid-utf8', { ruleId: 'invalid-utf8', line: 5, column: 18, fatal: true }],
    ['nul-bytes', { ruleId: 'binary-content', line: 5, column: 5, fatal: true }],
    ['binary-file', { ruleId: 'binary-content', line: 3, column: 1, fatal: true }],
    ['front-matter-controls', { ruleId: 'control-character', line: 2, column: 8, fatal: false }],
    ['front-matter-controls', { ruleId: 'control-character', line: 3, column: 9, fatal: false }],
    ['front-matter-controls', { ruleId: 'control-character', line: 4, column: 7, fatal: false }],
    ['updated-before-date', { ruleId: 'updated-before-date', line: 4, column: 10, fatal: false }],
    ['date-beyond-9999', { ruleId: 'invalid-date', line: 3, column: 7, fatal: true }],
  ];
  for (const [caseName, expected] of cases) {
    it(caseName, () => {
      expect(messages(caseName)).toContainEqual(expected);
      expect(read(caseName).article === undefined).toBe(expected.fatal);
    });
  }

  it('sets the control characters YAML escapes write into front matter as spaces, as in the body', () => {
    const meta = read('front-matter-controls').article?.meta;
    expect(meta?.title).toBe('Minister  [2J [31mresigns');
    expect(meta?.authors).toEqual(['Eve']);
    expect(meta?.tags).toEqual(['economy', 'a b']);
  });

  it('reads the years 1 to 99 as written, and cuts a fraction of a second to milliseconds', () => {
    const source = mkdtempSync(join(tmpdir(), 'editions-read-dates-'));
    const path = join(source, 'pompeii.md');
    writeFileSync(path, '---\ntitle: Pompeii\ndate: 0079-08-24\nupdated: 0079-08-25T10:00:00.123456+01:00\n---\n\nAsh.\n');
    const { file, article } = readArticle(path, readFileSync(path));
    expect(file.messages).toEqual([]);
    expect(article?.meta.date).toBe('0079-08-24');
    expect(article?.meta.updated).toBe('0079-08-25T10:00:00.123+01:00');
    expect(readableDate(article?.meta.date, 'en')).toBe('August 24, 79');
  });

  it('takes a headline, tags, an author and an id written as bare numbers or true as the text written', () => {
    const source = mkdtempSync(join(tmpdir(), 'editions-read-numbers-'));
    const path = join(source, 'year.md');
    writeFileSync(
      path,
      '---\ntitle: 2026\ndate: 2026-01-01\nauthor: 007\ntags: [COP30, 2026, 1e3, true]\nid: 12345678901234567890\ntranslationKey: 0x1F\n---\n\nThe year.\n',
    );
    const { file, article } = readArticle(path, readFileSync(path));
    expect(file.messages).toEqual([]);
    expect(article?.meta).toMatchObject({
      title: '2026',
      authors: ['007'],
      tags: ['COP30', '2026', '1e3', 'true'],
      id: '12345678901234567890',
      translationKey: '0x1F',
    });
  });

  it('names a missing picture by its address as written, not percent-encoded (Chinese, accents, spaces)', () => {
    const source = mkdtempSync(join(tmpdir(), 'editions-read-picture-name-'));
    const path = join(source, 'photos.md');
    writeFileSync(path, '---\ntitle: Photos\ndate: 2026-12-04\n---\n\n![图](不存在的图片.png)\n\n![Plage](<photos/plage été.jpg>)\n');
    const reasons = readArticle(path, readFileSync(path)).file.messages.map((message) => message.reason);
    expect(reasons).toEqual([
      expect.stringMatching(/^Image 不存在的图片\.png was not found at /),
      expect.stringMatching(/^Image photos\/plage été\.jpg was not found at /),
    ]);
  });

  it('names the offset of the first invalid byte', () => {
    expect(read('invalid-utf8').file.messages[0]?.reason).toContain('byte offset 43');
  });

  it('derives a missing title from the first heading, else the file name', () => {
    expect(read('missing-title-heading').article?.meta.title).toBe('The heading title');
    expect(read('missing-title-filename').article?.meta.title).toBe('input');
  });

  it('takes the level-1 heading of a README (after its badges) as the headline, out of the body, where it stood twice', () => {
    const source = mkdtempSync(join(tmpdir(), 'editions-read-title-'));
    const path = join(source, 'readme.md');
    writeFileSync(path, '[![build](https://ci.example/badge.svg)](https://ci.example)\n\n# semver\n\nThe semantic versioner.\n\n## Install\n\nnpm i semver\n');
    const { article } = readArticle(path, readFileSync(path));
    expect(article?.meta.title).toBe('semver');
    expect(article?.mdast.children.filter((node) => node.type === 'heading').map((node) => mdastToString(node))).toEqual(['Install']);
    // A document that opens with a heading of another level takes it; one that opens with words takes its file name.
    writeFileSync(path, '## Release notes\n\nFixed.\n');
    expect(readArticle(path, readFileSync(path)).article?.meta.title).toBe('Release notes');
    writeFileSync(path, 'Intro.\n\n## Install\n\nnpm i\n');
    expect(readArticle(path, readFileSync(path)).article?.meta.title).toBe('readme');
    expect(read('missing-title-heading').article?.mdast.children.some((node) => node.type === 'heading')).toBe(false);
  });

  it('reads a byte-order mark and CRLF line endings as if they were not there', () => {
    expect(read('byte-order-mark').article?.meta.title).toBe('With a BOM');
    const crlf = read('crlf');
    expect(crlf.file.messages).toEqual([]);
    expect(crlf.article?.meta).toMatchObject({ title: 'CRLF line endings', date: '2020-01-02' });
    expect(crlf.article?.mdast.children.filter((node) => node.type === 'paragraph')).toHaveLength(2);
  });
});
