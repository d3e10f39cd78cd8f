import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { describe, expect, it } from 'vitest';
import { mayHaveLiteralAutolinks, remarkGfmWithoutLiteralAutolinks } from '../src/read/gfm.js';
import { projectRoot } from './helpers/cases.js';

const full = unified().use(remarkParse).use(remarkGfm).freeze();
const withoutAutolinks = unified().use(remarkParse).use(remarkGfmWithoutLiteralAutolinks).freeze();

/** Every Markdown document of the fixtures, with what could start a literal autolink taken out. */
const fixtures = join(projectRoot, 'tests', 'fixtures');
const documents = readdirSync(fixtures, { recursive: true, encoding: 'utf8' })
  .filter((name) => name.endsWith('.md'))
  .map((name) => [
    name,
    readFileSync(join(fixtures, name), 'utf8').replace(/@/g, ' at ').replace(/&/g, ' and ').replace(/www/gi, 'w w w').replace(/http/gi, 'web'),
  ]);

describe('GFM without literal autolinks, for text that cannot hold one', () => {
  it.each(documents)('parses %s as remark-gfm does', (_name, markdown) => {
    expect(mayHaveLiteralAutolinks(markdown)).toBe(false);
    expect(withoutAutolinks.parse(markdown)).toEqual(full.parse(markdown));
  });

  it('parses random GFM without "@", "&", "www" or "http" as remark-gfm does', () => {
    // Pieces that come close: escapes that vanish when read ("www\\." was a link), parts of "www" and "http".
    const piece = fc.constantFrom(
      'word',
      'ww',
      'w',
      'ht',
      'tp',
      's',
      'ww.',
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
          fc.pre(!mayHaveLiteralAutolinks(markdown));
          expect(withoutAutolinks.parse(markdown)).toEqual(full.parse(markdown));
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
