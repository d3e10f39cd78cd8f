import fc from 'fast-check';
import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import { graphemesOf } from '../src/renderers/common/segments.js';
import { displayWidth, narrowAlone } from '../src/renderers/common/width.js';
import { wrapText } from '../src/renderers/text/wrap.js';

const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
const reference = (text: string) => Array.from(segmenter.segment(text), ({ segment }) => segment);

/** Characters alone and the kinds that join others into one cluster. */
const pieces = [
  'a',
  'Z',
  ' ',
  '.',
  'é',
  'ß',
  'ж',
  'λ',
  'م',
  'ש',
  '中',
  'か',
  'ก',
  'क',
  '\n',
  '\t',
  '\u0301',
  '\u064e',
  '\u0651',
  '\u093f',
  '\u094d',
  '\u0e33',
  '\u0eb3',
  '\uff76',
  '\uff9e', // marks and extenders
  '\u200c',
  '\u200d',
  '\ufe0f',
  '\r',
  '\r\n', // joiners, variation selector, CR LF
  '😀',
  '👍🏽',
  '👩‍💻',
  '🇫🇷',
  '\u{1f1e6}', // emoji, modifier, ZWJ sequence, flags, a lone regional indicator
  '\u1100',
  '\u1161',
  '\u11a8',
  '한', // Hangul jamo and a syllable
  '\u0600',
  '\u06dd', // prepended concatenation marks
];

describe('grapheme clusters', () => {
  it('are those of Intl.Segmenter, for text with and without joining characters', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 60 }), (parts) => {
        const text = parts.join('');
        expect([...graphemesOf(text)]).toEqual(reference(text));
      }),
      { numRuns: 2000 },
    );
  });

  it('are those of Intl.Segmenter across the chunks a long text is cut into', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces), { minLength: 200, maxLength: 400 }), (parts) => {
        const text = parts.join('');
        expect([...graphemesOf(text, 16)]).toEqual(reference(text));
      }),
      { numRuns: 200 },
    );
  });
});

describe('display width', () => {
  // Outside its fast path displayWidth is string-width itself: what there is to test is the fast path.
  const fastPath = [...Array(0x10000).keys()]
    .filter((code) => code < 0xd800 || code > 0xdfff)
    .map((code) => String.fromCharCode(code))
    .filter((character) => narrowAlone.test(character));

  it('counts a column for each character of its fast path, as string-width does, alone and after a letter', () => {
    // Printable ASCII at least, and the typographic punctuation smartypants writes.
    expect(fastPath.length).toBeGreaterThan(700);
    for (const character of ' ~‘’“”—–…ç') expect(fastPath).toContain(character);
    for (const character of fastPath) {
      const code = character.charCodeAt(0).toString(16);
      expect(stringWidth(character), code).toBe(1);
      expect(stringWidth(`a${character}`), code).toBe(2);
    }
  });

  it("is string-width's for random text, on and off its fast path", () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.constantFrom(...fastPath), fc.constantFrom(...pieces, '\u00ad')), { maxLength: 40 }), (parts) => {
        const text = parts.join('');
        expect(displayWidth(text)).toBe(stringWidth(text));
      }),
      { numRuns: 2000 },
    );
  });
});

describe('soft hyphens', () => {
  it('are left out of plain text, and a line broken at one ends with a hyphen, within the width', () => {
    const word = ['Donau', 'dampf', 'schiff', 'fahrts', 'gesellschafts', 'kapitäns', 'mütze'].join('\u00ad');
    const source = `Die Bundesregierung hat heute die neue ${word} beschlossen und verkündet.`;
    const lines = wrapText(source, 40);
    expect(lines.join('\n')).not.toContain('\u00ad');
    expect(lines.some((line) => /[a-zä]-$/.test(line))).toBe(true);
    for (const line of lines) expect(displayWidth(line)).toBeLessThanOrEqual(40);
    // Joined again (a line ended by the hyphen without a space), the lines are the text without its soft hyphens.
    const joined = lines.reduce((text, line) => (text === '' ? line : text.endsWith('-') ? text.slice(0, -1) + line : `${text} ${line}`), '');
    expect(joined).toBe(source.replaceAll('\u00ad', ''));
  });
});

describe('web addresses', () => {
  it('stay whole, on a line of their own when wider than the line, never cut at a slash, a question mark or a hyphen', () => {
    const address = 'https://curia.europa.eu/juris/document/document.jsf?docid=123456&doclang=EN&mode=req&part=1';
    const lines = wrapText(`The ruling is at ${address} today, and www.example.com/a-b-c/d-e says why.`, 40);
    expect(lines).toContain(address);
    expect(lines.some((line) => line.includes('www.example.com/a-b-c/d-e'))).toBe(true);
    for (const line of lines) if (!line.includes(address)) expect(displayWidth(line)).toBeLessThanOrEqual(40);
  });
});
