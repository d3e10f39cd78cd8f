import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import remarkFrontmatter from 'remark-frontmatter';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import remarkSmartypants from 'remark-smartypants';
import { unified } from 'unified';
import { describe, expect, it } from 'vitest';
import { remarkTypography } from '../src/read/typography.js';
import { projectRoot } from './helpers/cases.js';

/** The same parser with remark-smartypants, which the article reader's typography must match node for node. */
const reference = unified().use(remarkParse).use(remarkFrontmatter, ['yaml']).use(remarkGfm).use(remarkSmartypants).freeze();
const ours = unified().use(remarkParse).use(remarkFrontmatter, ['yaml']).use(remarkGfm).use(remarkTypography).freeze();
/** Long articles are paired chunk by chunk: tiny chunks put a chunk boundary before nearly every block. */
const oursInTinyChunks = unified().use(remarkParse).use(remarkFrontmatter, ['yaml']).use(remarkGfm).use(remarkTypography, { chunkSize: 1 }).freeze();

const tree = (processor: typeof ours | typeof oursInTinyChunks | typeof reference, markdown: string) => processor.runSync(processor.parse(markdown));

const fixtures = join(projectRoot, 'tests', 'fixtures');
const documents = readdirSync(fixtures, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .flatMap((entry) =>
    readdirSync(join(fixtures, entry.name), { recursive: true, encoding: 'utf8' })
      .filter((name) => name.endsWith('.md') && !name.startsWith('expected'))
      .map((name) => join(fixtures, entry.name, name)),
  );

describe('typographic quotes, dashes and ellipses', () => {
  it.each(documents.map((path) => [path.slice(fixtures.length + 1), path]))('match remark-smartypants on %s', (_name, path) => {
    const markdown = readFileSync(path, 'utf8');
    expect(tree(ours, markdown)).toEqual(tree(reference, markdown));
    expect(tree(oursInTinyChunks, markdown)).toEqual(tree(reference, markdown));
  });

  it('match remark-smartypants on random text full of quotes, dashes, dots and backticks', () => {
    const piece = fc.constantFrom(
      '"',
      "'",
      '``',
      "''",
      '--',
      '---',
      '...',
      '. . .',
      '.',
      ' ',
      'word',
      "don't",
      '’80s',
      '*',
      '**',
      '`',
      '\n\n',
      '# ',
      '- ',
      '[a](b)',
      '(',
      ')',
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 40 }), (pieces) => {
        const markdown = pieces.join('');
        const expected = tree(reference, markdown);
        expect(tree(ours, markdown)).toEqual(expected);
        expect(tree(oursInTinyChunks, markdown)).toEqual(expected);
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 500) },
    );
  });
});
