import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { describe, expect, it } from 'vitest';
import { gfmSyntaxIn, mayHaveLiteralAutolinks, remarkGfmFor } from '../src/read/gfm.js';
import { projectRoot } from './helpers/cases.js';

const full = unified().use(remarkParse).use(remarkGfm).freeze();
/** GFM with only the constructs the text may hold, as the reader parses it. */
const subset = (markdown: string) =>
  unified()
    .use(remarkParse)
    .use(remarkGfmFor(gfmSyntaxIn(markdown)))
    .freeze();

/** Every Markdown document of the fixtures. */
const fixtures = join(projectRoot, 'tests', 'fixtures');
const documents = readdirSync(fixtures, { recursive: true, encoding: 'utf8' })
  .filter((name) => name.endsWith('.md'))
  .map((name): [string, string] => [name, readFileSync(join(fixtures, name), 'utf8')]);

/** Each document again with what could start a construct taken out, one kind at a time, then all of them. */
const removals: [string, (markdown: string) => string][] = [
  ['autolinks', (markdown) => markdown.replace(/@/g, ' at ').replace(/&/g, ' and ').replace(/www/gi, 'w w w').replace(/http/gi, 'web')],
  ['e-mail addresses', (markdown) => markdown.replace(/@/g, ' at ')],
  ['footnotes', (markdown) => markdown.replace(/\^/g, 'caret')],
  ['strikethrough', (markdown) => markdown.replace(/~/g, '-')],
  ['tables', (markdown) => markdown.replace(/\|/g, '/').replace(/:-/g, ': -').replace(/-:/g, '- :')],
  ['task lists', (markdown) => markdown.replace(/\[/g, '(')],
];
const variants = documents.flatMap(([name, markdown]) => [
  [name, 'nothing', markdown],
  ...removals.map(([kind, remove]) => [name, kind, remove(markdown)]),
  [name, 'all of them', removals.reduce((text, [, remove]) => remove(text), markdown)],
]);

describe('GFM with only the constructs a text may hold', () => {
  it.each(variants)('parses %s without %s as remark-gfm does', (_name, _kind, markdown) => {
    expect(subset(markdown).parse(markdown)).toEqual(full.parse(markdown));
  });

  it('parses random GFM as remark-gfm does', () => {
    // Pieces that come close: escapes that vanish when read ("www\\." was a link), parts of "www" and "http".
    const piece = fc.constantFrom(
      'word',
      'ww',
      'w',
      'ht',
      'tp',
      's',
      'ww.',
      'www.',
      'http://',
      '@',
      'a@b.c',
      '&#64;',
      '&amp;',
      ':-',
      '-:',
      '---',
      '\n:-\n',
      '^',
      '[',
      ']',
      '[^',
      '\\.',
      '\\:',
      '\\/',
      '//',
      'mailto:',
      'x.com',
      '.',
      ':',
      '/',
      '|',
      '| --- |',
      '|:-:|',
      '~',
      '~~',
      '[^1]',
      '[^1]: ',
      '- [ ] ',
      '- [x] ',
      '* ',
      '**',
      '_',
      '`',
      '<b>',
      '\\',
      ' ',
      '\n',
      '\n\n',
      '    ',
      '# ',
      '> ',
      '1. ',
      '[a](b)',
      '<http:x>',
    );
    fc.assert(
      fc.property(
        fc.array(piece, { maxLength: 40 }).map((pieces) => pieces.join('')),
        (markdown) => {
          expect(subset(markdown).parse(markdown)).toEqual(full.parse(markdown));
        },
      ),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 2000) },
    );
  });

  it('is used only where no literal autolink can start', () => {
    for (const text of ['write to ed@example.com', 'see www.example.com', 'see www\\.example.com', 'at HTTPS://example.com', 'ed&#64;example.com']) {
      expect(mayHaveLiteralAutolinks(text)).toBe(true);
    }
    expect(mayHaveLiteralAutolinks('Moscow said on Saturday: “regular contact”.')).toBe(false);
  });
});
