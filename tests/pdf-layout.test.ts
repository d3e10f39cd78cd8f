import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { builtInTheme } from '../src/config/theme.js';
import { readArticle } from '../src/read/article.js';
import { hyphenationPoints } from '../src/renderers/pdf/hyphenate.js';
import { pdf } from '../src/renderers/pdf/index.js';
import { type Line, setParagraph } from '../src/renderers/pdf/layout.js';
import { placeRuns } from '../src/renderers/pdf/place.js';
import { shape } from '../src/renderers/pdf/shape.js';
import { number } from '../src/renderers/pdf/writer.js';
import type { RenderContext, SourcePlace } from '../src/types.js';
import { fixturesDir, projectRoot } from './helpers/cases.js';
import { publish } from './helpers/cli.js';
import { checkPdfUa } from './helpers/pdfua.js';
import { describeWithTools, run } from './helpers/tools.js';
import { pageWords, type WordBox } from './helpers/words.js';

const text = { bold: false, italic: false, mono: false };
const longParagraph = readFileSync(join(fixturesDir, 'long-form', 'input.md'), 'utf8')
  .split('\n\n')
  .filter((block) => /^[A-Z]/.test(block) && block.length > 600)
  .slice(0, 6);

function set(paragraph: string, width: number, justify = true): Line[] {
  return setParagraph([{ text: paragraph, style: text, size: 10.5 }], { width, justify, lang: 'en', rtl: false, onMissing: () => {} });
}

const lineText = (line: Line) => line.pieces.flatMap((piece) => piece.runs.map((run) => run.text)).join('');

describe('PDF paragraphs: Knuth–Plass lines with hyphenation', () => {
  for (const width of [110, 180, 260, 340, 467]) {
    it(`at a ${width} pt measure: no line overflows, at most two hyphens in a row, none on the last line, every letter kept`, () => {
      // Six paragraphs of the fixture, or the loop below would pass on nothing.
      expect(longParagraph).toHaveLength(6);
      for (const paragraph of longParagraph) {
        const lines = set(paragraph, width);
        expect(lines.length).toBeGreaterThan(1);
        // Justified lines may be set a little tight: their spaces shrink, never past their shrink.
        for (const line of lines) expect(line.ratio).toBeGreaterThanOrEqual(-1);
        for (const line of set(paragraph, width, false)) expect(line.width).toBeLessThanOrEqual(width + 0.01);
        let streak = 0;
        for (const line of lines) {
          streak = line.hyphenated ? streak + 1 : 0;
          expect(streak).toBeLessThanOrEqual(2);
        }
        expect(lines.at(-1)?.hyphenated).toBe(false);
        expect(lines.at(-1)?.last).toBe(true);
        const letters = (value: string) => value.replace(/[^\p{L}\p{N}]/gu, '');
        expect(letters(lines.map((line) => lineText(line).replace(/-$/, '')).join(''))).toBe(letters(paragraph).replace(/-/g, ''));
      }
    });
  }

  it('a Chinese paragraph fills its lines by spreading between characters, and its next-to-last line is set no looser than its others', () => {
    const paragraph =
      '拉夫罗夫说，莫斯科“欢迎”这一倡议，并表示：“考虑到联盟是以拒绝与政权对话为基础建立的，这是非常重要的一步。”白宫表示，拜登在与拉夫罗夫会面时呼吁美俄两国搁置“严重分歧”，强调包括在叙利亚问题上开展合作的必要性。';
    const lines = setParagraph([{ text: paragraph, style: text, size: 10.5 }], { width: 342.7, justify: true, lang: 'zh', rtl: false, onMissing: () => {} });
    expect(lines.map(lineText).join('')).toBe(paragraph);
    expect(lines.length).toBeGreaterThanOrEqual(3);
    for (const line of lines.slice(0, -1)) {
      // Each line but the last spreads: its pieces meet between characters, and the gaps take the line to the measure.
      expect(line.pieces.slice(0, -1).every((piece) => piece.interCharacter === true)).toBe(true);
      const placed = placeRuns(line, (342.7 - line.width) / (line.pieces.length - 1));
      const last = placed.at(-1);
      expect((last?.x ?? 0) + (last?.run.shaped.width ?? 0) * 10.5).toBeCloseTo(342.7, 1);
      // No line loose when taking a character more would have set it tighter: the last line is not stretched, so the one before it need not be.
      expect(line.ratio).toBeLessThanOrEqual(0.5);
    }
  });

  it('a Korean paragraph breaks at its spaces only, justified there and not between syllables; a run wider than the measure is cut to fit', () => {
    const paragraph =
      '유엔(UN)에 따르면 22개월째 이어지고 있는 시리아 분쟁으로 지금까지 6만 명이 넘는 사람이 목숨을 잃었으며, 모스크바와 워싱턴은 분쟁을 끝내는 방법을 두고 여전히 크게 엇갈리고 있다.';
    const korean = (value: string, width: number) =>
      setParagraph([{ text: value, style: text, size: 10.5 }], { width, justify: true, lang: 'ko', rtl: false, onMissing: () => {} });
    const lines = korean(paragraph, 200);
    expect(lines.map(lineText).join('')).toBe(paragraph);
    expect(lines.length).toBeGreaterThan(3);
    for (const line of lines.slice(0, -1)) {
      expect(lineText(line), 'a line ends at a space').toMatch(/ $/);
      expect(line.pieces.some((piece) => piece.interCharacter)).toBe(false);
      expect(line.ratio).toBeGreaterThanOrEqual(-1);
    }
    // Twenty syllables without a space, 210 pt at 10.5 pt: broken where the measure ends, as a long token is.
    const run = '시리아인권관측소대변인성명서초안검토위원회';
    const cut = korean(`그는 ${run}에 답했다.`, 100);
    expect(cut.map(lineText).join('')).toBe(`그는 ${run}에 답했다.`);
    for (const line of cut) expect(line.width).toBeLessThanOrEqual(100);
  });

  it('a paragraph of Chinese does not end on a line of one character (a runt) when the lines before it can spare one', () => {
    const paragraph = '在國際社會為彌合如何結束敘利亞衝突的嚴重分歧而重新展開努力之際，俄羅斯外長謝爾蓋·拉夫羅夫與敘利亞全國聯盟領導人穆阿茲·哈蒂卜首次會面。';
    const lines = setParagraph([{ text: paragraph, style: text, size: 10.5 }], { width: 342.7, justify: true, lang: 'zh-TW', rtl: false, onMissing: () => {} });
    expect(lines.map(lineText).join('')).toBe(paragraph);
    expect(lines).toHaveLength(3);
    // An eighth of the measure: more than "面。", two characters of 10.5 pt.
    expect(lines.at(-1)?.width).toBeGreaterThan(342.7 / 8);
    for (const line of lines.slice(0, -1)) expect(line.ratio).toBeLessThanOrEqual(1);
  });

  /** Every line-end hyphen of a paragraph set at a narrow measure sits at a point of the language's patterns; returns how many there were. */
  function expectHyphensAtPatternPoints(paragraph: string, lang: string): number {
    const lines = setParagraph([{ text: paragraph, style: text, size: 10.5 }], { width: 150, justify: true, lang, rtl: false, onMissing: () => {} });
    const tokens = lines.map((line) => lineText(line).trim().split(/\s+/));
    let hyphenated = 0;
    lines.forEach((line, index) => {
      if (!line.hyphenated) return;
      hyphenated++;
      const half = (tokens[index]?.at(-1) ?? '').replace(/-$/, '');
      // The word goes on until a line does not end on a hyphen.
      let rest = '';
      for (let next = index + 1; next < lines.length; next++) {
        const first = tokens[next]?.[0] ?? '';
        rest += first.replace(/-$/, '');
        if (!(lines[next]?.hyphenated && tokens[next]?.length === 1)) break;
      }
      const parts = hyphenationPoints(`${half}${rest}`.replace(/[^\p{L}]+$/u, ''), lang);
      const prefixes = parts.map((_, count) => parts.slice(0, count + 1).join(''));
      expect(prefixes, `${half}-${rest}`).toContain(half);
    });
    return hyphenated;
  }

  it('hyphenates by the article language: every line-end hyphen sits at a point of the English patterns', () => {
    expect(expectHyphensAtPatternPoints(longParagraph.join(' '), 'en')).toBeGreaterThan(5);
  });

  it.each([
    [
      'fr',
      'Les gouvernements européens ont réaffirmé leur attachement inconditionnel aux négociations intergouvernementales, malgré les incompréhensions persistantes entre les administrations nationales et les institutions communautaires.',
      'intergouvernementales',
      ['in', 'ter', 'gou', 'ver', 'ne', 'men', 'tales'],
    ],
    [
      'de',
      'Die Bundesregierung kündigte eine Verfassungsbeschwerde gegen die Rundfunkbeitragsverordnung an, nachdem die Landesregierungen die Sicherheitsvorkehrungen der Donaudampfschifffahrtsgesellschaft kritisiert hatten.',
      'Donaudampfschifffahrtsgesellschaft',
      ['Do', 'nau', 'dampf', 'schiff', 'fahrts', 'ge', 'sell', 'schaft'],
    ],
  ])('hyphenates %s by its own patterns, in words and in set lines', (lang, paragraph, word, parts) => {
    expect(hyphenationPoints(word, lang)).toEqual(parts);
    // The English patterns cut the word elsewhere, or the test would not tell the languages apart.
    expect(hyphenationPoints(word, 'en')).not.toEqual(parts);
    expect(expectHyphensAtPatternPoints(paragraph, lang)).toBeGreaterThan(2);
  });

  /** Where a word's parts meet, as offsets. */
  const cuts = (parts: readonly string[]) => parts.slice(0, -1).map((_, index) => parts.slice(0, index + 1).join('').length);

  it.each([
    ['fr-CA', 'fr', 'anticonstitutionnellement'],
    ['de-AT', 'de-1996', 'Sicherheitsvorkehrungen'],
    ['de-CH', 'de-1996', 'Sicherheitsvorkehrungen'],
    ['de-CH-1901', 'de-ch-1901', 'Sicherheitsvorkehrungen'],
    // "progress" has a point in the British patterns only.
    ['en-AU', 'en-gb', 'progress'],
    ['en-GB', 'en-gb', 'progress'],
    ['sr-Latn-RS', 'sh-latn', 'oslobođenje'],
    ['sr', 'sr-cyrl', 'ослобођење'],
    ['am', 'mul-ethi', 'ኢትዮጵያ'],
    ['pt-BR', 'pt', 'inconstitucionalidade'],
    ['es-419', 'es', 'anticonstitucionalmente'],
    ['el', 'el-monoton', 'αντιπολίτευση'],
    ['ru', 'ru', 'достопримечательность'],
    ['ka', 'ka', 'რეგულარული'],
    ['hy', 'hy', 'ընդդիմության'],
    ['bn', 'bn', 'পরিস্থিতিতে'],
  ])('a %s article takes the %s patterns', async (lang, patterns, word) => {
    const { hyphenateSync } = (await import(`hyphen/${patterns}`)) as { hyphenateSync: (text: string, options: object) => string };
    const ours = cuts(hyphenationPoints(word, lang));
    expect(ours.length, `${lang} cuts ${word}`).toBeGreaterThan(0);
    // Every cut is one of the patterns' (fewer near the word's ends, which stay whole).
    const theirs = cuts(hyphenateSync(word, { hyphenChar: '|', minWordLength: 5 }).split('|'));
    for (const cut of ours) expect(theirs).toContain(cut);
  });

  it('total-fit sets a newspaper measure without a word alone on a line, and spaces stretched no further than one paragraph needs', () => {
    const ratios: number[] = [];
    for (const paragraph of longParagraph) {
      for (const line of set(paragraph, 340).slice(0, -1)) {
        // A lone word's line was how the breaker once dodged stretching spaces ("The" alone on the first line); a URL breaks inside.
        const breaksAtWord = (line.pieces.at(-1)?.space ?? 0) > 0 || line.hyphenated;
        if (breaksAtWord) expect(lineText(line).trim().split(/\s+/).length, lineText(line)).toBeGreaterThan(1);
        ratios.push(line.ratio);
      }
    }
    // The strict pass takes 3; one of these paragraphs has no set of lines that tight, and needs 4.7 on one line.
    expect(Math.max(...ratios)).toBeLessThan(5);
    expect(ratios.filter((ratio) => ratio > 3)).toHaveLength(1);
  });

  it('a URL longer than the measure breaks inside, never overflowing', () => {
    const url = 'https://example.org/letters/2024/an-extraordinarily-long-address-that-must-break-across-lines/index.html';
    const lines = set(`A reader sent ${url} as a complaint.`, 120, false);
    for (const line of lines) expect(line.width).toBeLessThanOrEqual(120.01);
    expect(lines.map(lineText).join('').replace(/\s/g, '')).toContain(url.replace(/\s/g, ''));
  });

  it('orders a mixed line by the bidi algorithm: the Arabic words run right to left between the English ones', () => {
    const [line] = setParagraph([{ text: 'the word السلام عليكم is a greeting', style: text, size: 10 }], {
      width: 1000,
      justify: false,
      lang: 'en',
      rtl: false,
      onMissing: () => {},
    });
    expect(line).toBeDefined();
    const placed = placeRuns(line as Line, 0);
    const x = (word: string) => placed.find((entry) => entry.run.text.includes(word))?.x ?? Number.NaN;
    expect(x('word')).toBeLessThan(x('عليكم'));
    expect(x('عليكم')).toBeLessThan(x('السلام'));
    expect(x('السلام')).toBeLessThan(x('greeting'));
  });
});

describe('PDF fonts for every script', () => {
  const runsOf = (paragraph: string, lang = 'en') => {
    const missing: string[] = [];
    const lines = setParagraph([{ text: paragraph, style: text, size: 10.5 }], {
      width: 2000,
      justify: false,
      lang,
      rtl: false,
      onMissing: (cluster) => missing.push(cluster),
    });
    return { runs: lines.flatMap((line) => line.pieces.flatMap((piece) => piece.runs)), missing };
  };

  it.each([
    ['모스크바는 시리아', 'hangul-regular'],
    ['มอสโกกล่าวว่า', 'thai-regular'],
    ['মস্কো জানিয়েছে', 'bengali-regular'],
    ['மாஸ்கோ தெரிவித்தது', 'tamil-regular'],
    ['ሞስኮ ገለጸች', 'ethiopic-regular'],
    ['მოსკოვმა განაცხადა', 'sans-regular'],
    ['Մոսկվան հայտարարել', 'sans-regular'],
    ['モスクワは述べた', 'cjk-regular'],
  ])('%s is set in %s, with no character missing', (sample, font) => {
    const { runs, missing } = runsOf(sample);
    expect(missing).toEqual([]);
    expect(new Set(runs.map((run) => run.font))).toEqual(new Set([font]));
  });

  it('sets each emoji sequence (ZWJ family, flag, skin tone, keycap, VS16) in the emoji font as one glyph that carries its characters, and the spaces after them in the text face', () => {
    const { runs, missing } = runsOf('Family 👨‍👩‍👧 flag 🇫🇷 thumbs 👍🏽 key 1️⃣ heart ❤️ smile 😀 end');
    expect(missing).toEqual([]);
    const emoji = runs.filter((run) => run.font === 'emoji');
    expect(emoji.map((run) => run.text)).toEqual(['👨‍👩‍👧', '🇫🇷', '👍🏽', '1️⃣', '❤️', '😀']);
    for (const run of emoji) {
      expect(run.shaped.glyphs, run.text).toHaveLength(1);
      // The text layer gives the characters, less the joiners and variation selectors that draw nothing.
      expect(String.fromCodePoint(...(run.shaped.glyphs[0]?.codePoints ?? []))).toBe(run.text.replace(/[\u200d\ufe0f]/gu, ''));
    }
    expect(runs.filter((run) => run.font !== 'emoji').every((run) => run.font === 'serif-regular')).toBe(true);
  });

  it('keeps a character with no emoji presentation (☺, ✔) in the text fonts, and still warns for what no font has', () => {
    const { runs, missing } = runsOf('ok ☺ ✔ ශ');
    expect(runs.some((run) => run.font === 'emoji')).toBe(false);
    expect(missing).toEqual(['ශ']);
  });
});

describe('PDF right to left: brackets and quotes drawn mirrored (UAX #9 rule L4)', () => {
  it.each([
    ['serif-regular', '(', ')'],
    ['arabic-regular', '(', ')'],
    ['arabic-regular', '«', '»'],
  ] as const)('%s: "%s" right to left is drawn with the glyph of "%s" left to right, and reads as itself', (font, character, mirror) => {
    const [drawn] = shape(font, character, true).glyphs;
    expect(drawn?.id).toBe(shape(font, mirror, false).glyphs[0]?.id);
    expect(drawn?.id).not.toBe(shape(font, character, false).glyphs[0]?.id);
    expect(drawn?.codePoints).toEqual([character.codePointAt(0)]);
  });
});

describe('PDF renderer: warnings and determinism', () => {
  function renderContext(warnings: { reason: string; place?: SourcePlace; ruleId?: string }[]): RenderContext {
    return {
      config: { source: projectRoot, outDir: projectRoot, renderers: [], collections: [], labels: {}, theme: builtInTheme },
      warn: (reason, options) => warnings.push({ reason, ...options }),
    };
  }

  it('a character no font covers is drawn as a placeholder and reported with its line, column and code point', async () => {
    const source = '---\ntitle: Missing glyphs\nlang: en\n---\n\nA private character \uE123 here.\n';
    const folder = mkdtempSync(join(tmpdir(), 'editions-pdf-missing-'));
    writeFileSync(join(folder, 'missing.md'), source);
    const { article } = readArticle(join(folder, 'missing.md'), readFileSync(join(folder, 'missing.md')));
    expect(article).toBeDefined();
    const warnings: { reason: string; place?: SourcePlace; ruleId?: string }[] = [];
    const bytes = await pdf().render(article as NonNullable<typeof article>, renderContext(warnings));
    expect(Buffer.from(bytes).subarray(0, 5).toString()).toBe('%PDF-');
    const missing = warnings.filter((warning) => warning.ruleId === 'pdf-missing-glyph');
    expect(missing).toHaveLength(1);
    expect(missing[0]?.reason).toContain('U+E123');
    expect(missing[0]?.place).toEqual({ line: 6, column: 21 });
  });

  it('XMP escapes what the article says: a title with "&" and "<" keeps the metadata well-formed', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'editions-pdf-xmp-'));
    const source = '---\ntitle: "Q&A: <Bold> claims"\nauthor: "Tom & Jerry"\npublisher: "P&Q Press"\nlang: en\n---\n\nA short body.\n';
    writeFileSync(join(folder, 'xmp.md'), source);
    const { article } = readArticle(join(folder, 'xmp.md'), readFileSync(join(folder, 'xmp.md')));
    const bytes = Buffer.from(await pdf().render(article as NonNullable<typeof article>, renderContext([]))).toString('utf8');
    const xmp = bytes.slice(bytes.indexOf('<x:xmpmeta'), bytes.indexOf('</x:xmpmeta>'));
    expect(xmp).toContain('<rdf:li xml:lang="x-default">Q&amp;A: &lt;Bold&gt; claims</rdf:li>');
    expect(xmp).toContain('<rdf:li>Tom &amp; Jerry</rdf:li>');
    expect(xmp).toContain('<dc:publisher><rdf:Bag><rdf:li>P&amp;Q Press</rdf:li></rdf:Bag></dc:publisher>');
    expect(xmp).not.toMatch(/&(?!amp;|lt;|gt;|quot;)/);
  });

  it('the same article gives the same bytes, twice in one process', async () => {
    const path = join(projectRoot, 'source', 'moscow-syria-opposition-contact.md');
    const { article } = readArticle(path, readFileSync(path));
    const renderer = pdf();
    const first = await renderer.render(article as NonNullable<typeof article>, renderContext([]));
    const second = await renderer.render(article as NonNullable<typeof article>, renderContext([]));
    expect(Buffer.from(second).equals(Buffer.from(first))).toBe(true);
  });

  it('page size and base size come from the options: Letter pages, larger type, more pages', async () => {
    const path = join(projectRoot, 'source', 'moscow-syria-opposition-contact.md');
    const { article } = readArticle(path, readFileSync(path));
    const a4 = Buffer.from(await pdf().render(article as NonNullable<typeof article>, renderContext([]))).toString('latin1');
    // 18 pt: the 66-character measure grows with the type, and at 14 pt this article still took three pages; at 18 the measure is the page's width.
    const letter = Buffer.from(await pdf({ pageSize: 'LETTER', baseSize: 18 }).render(article as NonNullable<typeof article>, renderContext([]))).toString(
      'latin1',
    );
    expect(a4).toContain('/MediaBox [0 0 595.28 841.89]');
    expect(letter).toContain('/MediaBox [0 0 612 792]');
    const pages = (pdfSource: string) => (pdfSource.match(/\/Type \/Page\b/g) ?? []).length;
    expect(pages(letter)).toBeGreaterThan(pages(a4));
  });
});

describe('PDF content stream numbers', () => {
  it('prints positions and shifts as Number.toString prints them rounded to thousandths, for every thousandth to ±1000 and 100,000 other values', () => {
    const reference = (value: number) => (Math.round(value * 1000) / 1000).toString();
    const mismatches: number[] = [];
    for (let thousandths = -1_000_000; thousandths <= 1_000_000; thousandths++) {
      const value = thousandths / 1000;
      if (number(value) !== reference(value)) mismatches.push(value);
    }
    // Values between thousandths, near the halfway points, large ones and the edge cases: from a fixed linear congruential sequence.
    let seed = 12345;
    const next = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const others = [0, -0, 0.0005, -0.0005, 0.0004999, 999_999.9995, 1e7, -1e7, 1e21, Number.NaN, Number.POSITIVE_INFINITY, 841.89, 595.28];
    for (let index = 0; index < 50_000; index++) others.push((next() - 0.5) * 4e6, Math.round(next() * 1e6) / 1000 + 0.0005);
    for (const value of others) if (number(value) !== reference(value)) mismatches.push(value);
    expect(mismatches.slice(0, 10)).toEqual([]);
  });
});

const publishedPdfs = new Map<string, Promise<string>>();

/** A fixture's article published as a PDF by the compiled CLI, once per fixture; resolves with the PDF's path. */
function publishedPdf(name: string): Promise<string> {
  let published = publishedPdfs.get(name);
  if (!published) {
    published = (async () => {
      const out = mkdtempSync(join(tmpdir(), `editions-pdf-layout-${name}-`));
      const { code, stderr } = await publish(['--source', join(fixturesDir, name), '--out', out, '--only', 'pdf']);
      expect(code, stderr).toBe(0);
      // The one PDF, whatever the article's slug.
      return join(out, readdirSync(out).find((file) => file.endsWith('.pdf')) ?? 'input.pdf');
    })();
    publishedPdfs.set(name, published);
  }
  return published;
}

/** The words of a PDF's first page in lines, top to bottom, each left to right: pdftotext puts a list's label in a block of its own, so lines are found by the words' vertical middles. */
async function pageLines(pdf: string, page = 0): Promise<WordBox[][]> {
  const words = (await pageWords(pdf))[page] ?? [];
  const middle = (word: WordBox) => (word.yMin + word.yMax) / 2;
  const lines: WordBox[][] = [];
  for (const word of words.sort((a, b) => middle(a) - middle(b))) {
    const line = lines.at(-1);
    // Inline code's smaller face sits a point off the line's middle; lines are 15 points apart.
    if (line?.[0] && Math.abs(middle(word) - middle(line[0])) < 4) line.push(word);
    else lines.push([word]);
  }
  return lines.map((line) => line.sort((a, b) => a.xMin - b.xMin));
}

describeWithTools(['poppler'], 'PDF lines around a word wider than the measure (long-tokens, through the CLI)', () => {
  const longTokens = [
    ['The function is', 'averyveryveryveryveryverylongidentifierthatneverendsandkeepsgoingforever()', 'lines.'],
    ['A long word:', 'Pneumonoultramicroscopicsilicovolcanoconiosisandsomemoreletterstomakeitlongerthanoneline', 'end.'],
    ['In a list item,', 'anotherveryveryveryveryverylongidentifierthatneverendsandkeepsgoingforever()', 'too.'],
  ] as const;

  /** The lines of the paragraph that starts with `before`'s first word and ends with `end`, as their words (a list item's bullet left out). */
  async function paragraphLines(before: string, end: string): Promise<WordBox[][]> {
    const lines = (await pageLines(await publishedPdf('long-tokens'))).map((line) => line.filter((word) => word.text !== '•'));
    const first = lines.findIndex((line) => line.some((word) => word.text === before.split(' ')[0]));
    const last = lines.findIndex((line, index) => index >= first && line.some((word) => word.text === end));
    expect(first, `a line with "${before}"`).toBeGreaterThanOrEqual(0);
    expect(last, `a line with "${end}"`).toBeGreaterThanOrEqual(first);
    return lines.slice(first, last + 1);
  }

  it.each(longTokens)('"%s" share the first line, at their natural spacing; the long token starts the next', async (before, token, end) => {
    const [firstLine, tokenLine] = await paragraphLines(before, end);
    expect(firstLine?.map((word) => word.text).join(' ')).toBe(before);
    expect(tokenLine).toHaveLength(1);
    expect(token.startsWith(tokenLine?.[0]?.text ?? '-')).toBe(true);
    // Not stretched to the measure as a justified line: the space between the words is a space (2.7 pt at 10.5 pt), as on a paragraph's last line.
    const gaps = (firstLine ?? []).slice(1).map((word, index) => word.xMin - (firstLine?.[index]?.xMax ?? 0));
    for (const gap of gaps) expect(gap).toBeLessThan(4);
  });

  it.each(longTokens)('the paragraph of "%s": no line but the long token\'s holds one word alone, and the token reads whole', async (before, token, end) => {
    const lines = await paragraphLines(before, end);
    for (const line of lines) if (line.length === 1) expect(token, 'a word alone on its line').toContain(line[0]?.text);
    // The token's parts start the lines after the first, broken between characters.
    const parts = lines.slice(1).map((line) => line[0]?.text ?? '');
    expect(parts.join('').startsWith(token)).toBe(true);
  });
});

describeWithTools(['poppler'], 'PDF code and page furniture in a right-to-left article, through the CLI (html-rtl, running-head-emoji)', () => {
  it('a code block reads left to right in an Arabic article: its quotes and pipes stay where the source has them', async () => {
    const pdf = await publishedPdf('html-rtl');
    const source = readFileSync(join(fixturesDir, 'html-rtl', 'input.md'), 'utf8');
    const code = /```\n([\s\S]*?)\n```/.exec(source)?.[1]?.split('\n') ?? [];
    expect(code).toHaveLength(3);
    const pages = await Promise.all((await pageWords(pdf)).map((_, page) => pageLines(pdf, page)));
    const read = pages.flat().map((line) => line.map((word) => word.text).join(' '));
    for (const line of code) expect(read).toContain(line);
  });

  it('a justified line of Arabic reaches both margins: the gap of each space is on its left, where a right-to-left word ends', async () => {
    const { stdout } = await run('pdftotext', ['-f', '1', '-l', '1', '-bbox-layout', await publishedPdf('html-rtl'), '-']);
    const lines = [...stdout.matchAll(/<line xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)"/g)].map((match) => ({
      left: Number(match[1]),
      right: Number(match[2]),
    }));
    const margin = { left: Math.min(...lines.map((line) => line.left)), right: Math.max(...lines.map((line) => line.right)) };
    // A line that starts at the left margin is a justified one (the last line of a paragraph ends at the right margin only).
    const full = lines.filter((line) => line.left < margin.left + 0.5);
    expect(full.length).toBeGreaterThanOrEqual(3);
    for (const line of full) expect(line.right).toBeCloseTo(margin.right, 0);
  });

  it('the running head starts at the right margin of an Arabic article, as its lines do', async () => {
    const [, second = []] = await pageWords(await publishedPdf('html-rtl'));
    const head = second.filter((word) => word.yMax < 60);
    const body = second.filter((word) => word.yMin >= 60);
    expect(head.length).toBeGreaterThan(0);
    expect(Math.max(...head.map((word) => word.xMax))).toBeCloseTo(Math.max(...body.map((word) => word.xMax)), 0);
  });

  it('a title longer than the running head is cut between grapheme clusters, never inside an emoji', async () => {
    const pdf = await publishedPdf('running-head-emoji');
    const title = /^title: "(.*)"$/m.exec(readFileSync(join(fixturesDir, 'running-head-emoji', 'input.md'), 'utf8'))?.[1] ?? '';
    const graphemes = [...new Intl.Segmenter('en').segment(title)].map((part) => part.segment);
    expect(graphemes.length).toBeGreaterThan(70);
    const { stdout } = await run('pdftotext', ['-f', '2', '-l', '2', pdf, '-']);
    expect(stdout.split('\n')[0]).toBe(`${graphemes.slice(0, 67).join('').trimEnd()}…`);
  });
});

describeWithTools(['poppler'], 'PDF block quotes across pages, through the CLI (quote-across-pages)', () => {
  it('a quote set over two pages has its rule beside its lines on each, from the first line to the last on that page', async () => {
    const pdf = await publishedPdf('quote-across-pages');
    for (const page of [1, 2]) {
      const lines = await pageLines(pdf, page - 1);
      const margin = Math.min(...lines.map((line) => line[0]?.xMin ?? Number.POSITIVE_INFINITY));
      // The quote's lines on this page: indented from the text's margin by the quote's indent (19 pt).
      const quoteLines = lines.filter((line) => Math.abs((line[0]?.xMin ?? 0) - margin - 18.9) < 1);
      expect(quoteLines.length, `quoted lines on page ${page}`).toBeGreaterThan(5);
      // The middles of the first and the last.
      const middles = quoteLines.map((line) => ((line[0]?.yMin ?? 0) + (line[0]?.yMax ?? 0)) / 2);
      const [top, bottom] = [Math.min(...middles), Math.max(...middles)];
      const image = await run('pdftoppm', ['-r', '72', '-f', String(page), '-l', String(page), '-png', pdf], {
        encoding: 'buffer',
        maxBuffer: 64 * 1024 * 1024,
      } as never);
      const png = PNG.sync.read(image.stdout as unknown as Buffer);
      /** Whether the row has a grey or dark pixel between the text's margin and the quote's lines: the rule. */
      const ruled = (y: number) => {
        for (let x = Math.floor(margin); x < margin + 17; x++) {
          const at = (Math.round(y) * png.width + x) * 4;
          const [r = 255, g = 255, b = 255] = png.data.subarray(at, at + 3);
          if (r < 200 && g < 200 && b < 200) return true;
        }
        return false;
      };
      // Beside its first and last lines on the page, and halfway down.
      for (const y of [top, (top + bottom) / 2, bottom]) expect(ruled(y), `page ${page}, ${Math.round(y)} pt down`).toBe(true);
    }
  });
});

describeWithTools(['poppler'], 'PDF table header words wider than their columns, through the CLI (table-narrow-columns)', () => {
  it('are hyphenated at a point of the English patterns, with a hyphen, never cut at any letter', async () => {
    const source = readFileSync(join(fixturesDir, 'table-narrow-columns', 'input.md'), 'utf8');
    const header = (source.split('\n').find((line) => line.startsWith('| Constituency')) ?? '')
      .split('|')
      .map((cell) => cell.trim())
      .filter(Boolean);
    expect(header).toHaveLength(8);
    // As the page reads: pdftotext's boxes set a line-end hyphen apart, its layout text keeps it on its word.
    const { stdout } = await run('pdftotext', ['-layout', await publishedPdf('table-narrow-columns'), '-']);
    const words = stdout.split(/\s+/);
    let broken = 0;
    for (const word of header) {
      if (words.includes(word)) continue;
      // Set in parts: the first ends with a hyphen at one of the word's hyphenation points.
      const first = words.find((text) => text.length > 1 && text.endsWith('-') && word.startsWith(text.slice(0, -1)));
      expect(first, `${word}: its first part, hyphenated`).toBeDefined();
      const points = hyphenationPoints(word, 'en');
      expect(
        points.slice(0, -1).map((_, index) => points.slice(0, index + 1).join('')),
        word,
      ).toContain(first?.slice(0, -1));
      broken++;
    }
    expect(broken, 'header words set in parts').toBeGreaterThan(3);
    // No part of a header word without its hyphen.
    for (const text of words)
      for (const word of header) if (text !== word && text.length > 2 && word.startsWith(text)) expect.fail(`${text}: ${word} cut without a hyphen`);
  });
});

describeWithTools(['poppler'], 'PDF lines of Thai, through the CLI (every-script)', () => {
  it('a paragraph of Thai, which has no spaces between words, is broken between words, as ICU finds them', async () => {
    const source = readFileSync(join(fixturesDir, 'every-script', 'input.md'), 'utf8');
    // Marked as Thai in the English article, so that the HTML says which language it is in.
    const paragraph = /<p lang="th">(.*)<\/p>/.exec(source)?.[1] ?? '';
    const { stdout } = await run('pdftotext', [await publishedPdf('every-script'), '-']);
    const lines = stdout.split('\n');
    const first = lines.findIndex((line) => line.startsWith('ศาลรัฐธรรมนูญ'));
    const set: string[] = [];
    for (let index = first; first !== -1 && set.join('').replace(/\s/g, '').length < paragraph.replace(/\s/g, '').length; index++) set.push(lines[index] ?? '');
    expect(set.length, 'lines of the paragraph').toBeGreaterThan(1);
    expect(set.join('').replace(/\s/g, '')).toBe(paragraph.replace(/\s/g, ''));
    // Where each line ends, in the paragraph without its spaces, is where a word ends.
    const words = [...new Intl.Segmenter('th', { granularity: 'word' }).segment(paragraph.replace(/\s/g, ''))];
    const wordEnds = new Set(words.map((word) => word.index + word.segment.length));
    let end = 0;
    for (const line of set.slice(0, -1)) {
      end += line.replace(/\s/g, '').length;
      expect(wordEnds.has(end), `the line "${line}" ends inside a word`).toBe(true);
    }
  });
});

describeWithTools(['poppler'], 'PDF justified Chinese, Japanese and Korean, through the CLI (lang-zh, lang-ja, lang-ko)', () => {
  it.each(['lang-zh', 'lang-ja', 'lang-ko'])(
    '%s: every line of a body paragraph but its last reaches the right margin, spread between characters or at spaces',
    async (name) => {
      const { stdout } = await run('pdftotext', ['-f', '1', '-l', '1', '-bbox-layout', await publishedPdf(name), '-']);
      // pdftotext's blocks are the page's paragraphs; the body's start below the headline, dek and byline, at the first full line.
      const blocks = stdout
        .split('<block ')
        .slice(1)
        .map((block) => [...block.matchAll(/<line xMin="[\d.]+" yMin="[\d.]+" xMax="([\d.]+)"/g)].map((match) => Number(match[1])));
      const margin = Math.max(...blocks.flat());
      const body = blocks.slice(blocks.findIndex((lines) => lines.length > 1 && (lines[0] ?? 0) > margin - 0.5));
      const full = body.flatMap((lines) => lines.slice(0, -1));
      expect(full.length, "lines that are not a paragraph's last").toBeGreaterThanOrEqual(name === 'lang-ja' ? 4 : 10);
      for (const right of full) expect(right).toBeCloseTo(margin, 0);
    },
  );

  it('lang-zh: the spread between characters stays small enough that the text reads without spaces between them', async () => {
    const { stdout } = await run('pdftotext', [await publishedPdf('lang-zh'), '-']);
    expect(stdout).toContain('穆阿兹·哈蒂卜');
    expect(stdout).not.toMatch(/\p{Script=Han} +\p{Script=Han}/u);
  });
});

describeWithTools(['poppler'], 'PDF lines of Korean, through the CLI (lang-ko)', () => {
  it('every line of the dek and of each paragraph ends where the source has a space: no word is broken between its syllables, none spread apart', async () => {
    const source = readFileSync(join(fixturesDir, 'lang-ko', 'input.md'), 'utf8');
    const [, frontMatter = '', body = ''] = source.split(/^---$/m);
    const paragraphs = [
      /^description: (.*)$/m.exec(frontMatter)?.[1] ?? '',
      ...body.split('\n\n').filter((block) => /^\p{Script=Hangul}/u.test(block.trim())),
    ].map((paragraph) => paragraph.trim());
    expect(paragraphs.length).toBeGreaterThanOrEqual(7);
    const { stdout } = await run('pdftotext', [await publishedPdf('lang-ko'), '-']);
    const lines = stdout.split('\n').filter((line) => line.trim() !== '');
    const compact = (value: string) => value.replace(/\s/g, '');
    let broken = 0;
    for (const paragraph of paragraphs) {
      const words = paragraph.split(' ');
      // Where each word ends, in the paragraph without its spaces: a line may end only there.
      const wordEnds = new Set(words.map((_, index) => compact(words.slice(0, index + 1).join(''))));
      const whole = compact(paragraph);
      const first = lines.findIndex((line) => compact(line).length > 10 && whole.startsWith(compact(line)));
      expect(first, `the first line of "${paragraph.slice(0, 20)}…"`).toBeGreaterThanOrEqual(0);
      // The paragraph's lines in order; a running head or a page's number between two of them is passed over.
      let set = '';
      for (let index = first; index < lines.length && set.length < whole.length; index++) {
        const line = lines[index] ?? '';
        if (!whole.startsWith(set + compact(line))) continue;
        set += compact(line);
        expect(wordEnds.has(set), `the line "${line}" ends inside a word`).toBe(true);
        for (const word of line.trim().split(' ')) expect(words, `"${word}", a word of the line`).toContain(word);
        if (set.length < whole.length) broken++;
      }
      expect(set).toBe(whole);
    }
    expect(broken, 'lines that end before their paragraph does').toBeGreaterThanOrEqual(10);
  });
});

describeWithTools(['poppler'], 'PDF code with tabs, through the CLI (wide-code)', () => {
  it('a tab in code reaches the next stop of eight columns, as a browser and a terminal show it, with no box drawn for it', async () => {
    const { stdout } = await run('pdftotext', ['-bbox', await publishedPdf('wide-code'), '-']);
    const words = [...stdout.matchAll(/<word xMin="([\d.]+)"[^>]*>([^<]*)<\/word>/g)].map((match) => ({ x: Number(match[1]), text: match[2] ?? '' }));
    const start = words.findIndex((word) => word.text === 'all:');
    expect(start).toBeGreaterThan(-1);
    const [all, gcc] = [words[start], words[start + 1]];
    const hash = words.slice(start).find((word) => word.text === '#');
    expect(gcc?.text).toBe('gcc');
    // "all:" is four columns of the monospace face: the tab before gcc ends at column 8, the one after "app.c" at 32.
    const column = ((words[start + 1]?.x ?? 0) - (all?.x ?? 0)) / 8;
    expect(column).toBeCloseTo(5.37, 1);
    expect(((hash?.x ?? 0) - (all?.x ?? 0)) / column).toBeCloseTo(32, 1);
  });
});

describeWithTools(['poppler'], 'PDF rules under and through raised or lowered text, through the CLI', () => {
  it("a link's underline passes under a subscript, not through it", async () => {
    const source = mkdtempSync(join(tmpdir(), 'editions-pdf-layout-sub-'));
    writeFileSync(join(source, 'water.md'), '---\ntitle: Water\n---\n\nWater is [H<sub>2</sub>O](https://example.com/water) here.\n');
    const out = mkdtempSync(join(tmpdir(), 'editions-pdf-layout-sub-out-'));
    expect((await publish(['--source', source, '--out', out, '--only', 'pdf'])).code).toBe(0);
    const pdf = join(out, 'water.pdf');
    const [words = []] = await pageWords(pdf);
    const h = words.find((word) => word.text === 'H') as WordBox;
    const two = words.find((word) => word.text === '2') as WordBox;
    // Four pixels a point: the accent's rows under the H and under the 2.
    const { stdout } = await run('pdftoppm', ['-r', '288', '-f', '1', '-l', '1', '-png', pdf], { encoding: 'buffer', maxBuffer: 256 * 1024 * 1024 } as never);
    const page = PNG.sync.read(stdout as unknown as Buffer);
    const blue = (x: number, y: number) => {
      const [r = 0, g = 0, b = 0] = page.data.subarray((y * page.width + x) * 4, (y * page.width + x) * 4 + 3);
      return b > r + 60 && b > g + 20;
    };
    const middle = (box: WordBox) => Math.round(((box.xMin + box.xMax) / 2) * 4);
    /** The lowest row of the accent below a word: its underline. */
    const underlineRow = (box: WordBox) => {
      for (let y = Math.round(box.yMax * 4) + 12; y > Math.round(box.yMin * 4); y--) if (blue(middle(box), y)) return y;
      return -1;
    };
    const [underH, underTwo] = [underlineRow(h), underlineRow(two)];
    expect(underH).toBeGreaterThan(0);
    // Above the underline under the 2, a row without ink before the 2's bottom stroke: the rule passes under it.
    let row = underTwo;
    while (blue(middle(two), row)) row--;
    let gap = 0;
    while (!blue(middle(two), row) && gap < 20) [row, gap] = [row - 1, gap + 1];
    expect(gap).toBeGreaterThan(0);
    expect(gap, 'the 2 above its underline').toBeLessThan(20);
    expect(underTwo).toBeGreaterThan(underH);
  });
});

describeWithTools(['qpdf', 'poppler'], 'PDF links to headings, through the CLI (heading-links)', () => {
  it("every in-page link goes to a named destination the PDF has, a Chinese heading's too: headings get the ids GitHub gives them", async () => {
    const pdf = await publishedPdf('heading-links');
    const out = mkdtempSync(join(tmpdir(), 'editions-pdf-layout-qdf-'));
    await run('qpdf', ['--qdf', '--object-streams=disable', pdf, join(out, 'q.pdf')]);
    const qdf = readFileSync(join(out, 'q.pdf'), 'latin1');
    const names = (text: string) =>
      [...text.matchAll(/\((.*?)\)|<([0-9a-f]+)>/g)].map(
        (match) =>
          match[1] ??
          Buffer.from(match[2] ?? '', 'hex')
            .swap16()
            .toString('utf16le')
            .slice(1),
      );
    const gone = [...qdf.matchAll(/\/D (\([^)]*\)|<[0-9a-f]+>)/g)].flatMap((match) => names(match[1] ?? ''));
    const tree = /\/Dests <<[\s\S]*?\/Names \[([\s\S]*?)\n {4}\]/.exec(qdf)?.[1] ?? '';
    const destinations = new Set(names(tree.replace(/\[[^\]]*\]/g, '')));
    expect(gone).toEqual(['background', 'the-vote', 'results-by-region', 'what-comes-next', '北京的反应', 'results-by-region', 'background']);
    for (const name of gone) expect(destinations, name).toContain(name);
    expect(destinations).toContain('results-by-region-1');
  });
});

describeWithTools(['poppler'], 'PDF headlines and headings, through the CLI', () => {
  it('are never hyphenated: the story\'s headline takes a third line rather than "con-tact"', async () => {
    const out = mkdtempSync(join(tmpdir(), 'editions-pdf-layout-headline-'));
    expect((await publish(['--source', join(projectRoot, 'source'), '--out', out, '--only', 'pdf'])).code).toBe(0);
    const { stdout } = await run('pdftotext', ['-f', '1', '-l', '1', join(out, 'moscow-syria-opposition-contact.pdf'), '-']);
    const headline = stdout.split('\n').slice(0, 3);
    expect(headline.join(' ')).toBe('Moscow wants ‘regular contact’ with Syrian opposition');
    for (const line of headline) expect(line).not.toMatch(/-$/);
  });
});

describeWithTools(['poppler'], 'PDF ordered lists numbered past 99 (through the CLI)', () => {
  it.each([
    [
      'long-tokens',
      false,
      [
        ['100.', '101.'],
        ['998.', '999.', '1000.', '1001.'],
      ],
    ],
    ['list-numbers-rtl', true, [['98.', '99.', '100.', '101.']]],
  ] as const)("%s: each label stands apart from its item's text, with a gap, and a list's items start at one edge", async (name, rtl, lists) => {
    const lines = await pageLines(await publishedPdf(name));
    for (const labels of lists) {
      const textEdges = labels.map((label) => {
        const digits = label.slice(0, -1);
        const line = lines.find((words) => words.some((word) => word.text.replace('.', '') === digits || word.text.startsWith(label)));
        expect(line, `the line of ${label}`).toBeDefined();
        // The label's boxes are its digits and its dot; right to left, pdftotext reads them as two words.
        const labelBoxes = (line ?? []).filter((word) => /^[\d.]+$/.test(word.text));
        const textBoxes = (line ?? []).filter((word) => /\p{L}/u.test(word.text));
        expect(labelBoxes.map((word) => word.text).join('').length, `${label} is a word of its own, not run into its text`).toBe(label.length);
        const gap = rtl
          ? Math.min(...labelBoxes.map((word) => word.xMin)) - Math.max(...textBoxes.map((word) => word.xMax))
          : Math.min(...textBoxes.map((word) => word.xMin)) - Math.max(...labelBoxes.map((word) => word.xMax));
        expect(gap, `the gap between ${label} and its text`).toBeGreaterThan(3);
        return rtl ? Math.max(...textBoxes.map((word) => word.xMax)) : Math.min(...textBoxes.map((word) => word.xMin));
      });
      for (const edge of textEdges) expect(edge).toBeCloseTo(textEdges[0] as number, 1);
    }
  });
});

/** The words of a fixture's Markdown table cells, header and body. */
function tableWords(name: string): string[] {
  return readFileSync(join(fixturesDir, name, 'input.md'), 'utf8')
    .split('\n')
    .filter((line) => line.startsWith('|') && !/^\|[\s|:-]+\|$/.test(line))
    .flatMap((line) => line.split(/[\s|]+/))
    .filter((word) => word !== '');
}

describeWithTools(['poppler'], 'PDF definition lists, through the CLI (pdf-inline-marks)', () => {
  it('a definition is indented under its term, and the text after the list is not', async () => {
    const [words = []] = await pageWords(await publishedPdf('pdf-inline-marks'));
    const word = (text: string) => words.find((found) => found.text === text) as WordBox;
    // Where the line of a word starts: its leftmost word at the same height.
    const lineStart = (text: string) => Math.min(...words.filter((found) => found.yMin === word(text).yMin).map((found) => found.xMin));
    expect(lineStart('least') - word('Quorum').xMin).toBeGreaterThan(15);
    expect(lineStart('election.') - word('Swing').xMin).toBeGreaterThan(15);
    expect(lineStart('list')).toBe(word('Quorum').xMin);
  });
});

describeWithTools(['poppler'], 'PDF highlighted text, through the CLI (pdf-inline-marks)', () => {
  it('a <mark> is a yellow band behind its words, drawn under their dark glyphs; the words around it stay on white', async () => {
    const pdf = await publishedPdf('pdf-inline-marks');
    const [words = []] = await pageWords(pdf);
    const { stdout } = await run('pdftoppm', ['-r', '72', '-f', '1', '-l', '1', '-png', pdf], { encoding: 'buffer', maxBuffer: 64 * 1024 * 1024 } as never);
    const page = PNG.sync.read(stdout as unknown as Buffer);
    /** The colours of the pixels inside a word's box, counted: yellow, dark (ink) and white. */
    const colours = (text: string) => {
      // The body's, after the dek's "highlighted".
      const box = words.findLast((word) => word.text === text) as WordBox;
      expect(box, text).toBeDefined();
      const counts = { yellow: 0, dark: 0, white: 0 };
      for (let y = Math.ceil(box.yMin); y < Math.floor(box.yMax); y++)
        for (let x = Math.ceil(box.xMin); x < Math.floor(box.xMax); x++) {
          const at = (y * page.width + x) * 4;
          const [r = 0, g = 0, b = 0] = page.data.subarray(at, at + 3);
          if (r > 230 && g > 230 && b < 80) counts.yellow++;
          else if (r < 100 && g < 100 && b < 100) counts.dark++;
          else if (r > 230 && g > 230 && b > 230) counts.white++;
        }
      return counts;
    };
    for (const text of ['highlighted', 'key', 'figure']) {
      const counts = colours(text);
      expect(counts.yellow, `${text}: yellow behind it`).toBeGreaterThan(counts.white);
      expect(counts.dark, `${text}: its glyphs over the yellow`).toBeGreaterThan(5);
    }
    expect(colours('reader.').yellow).toBe(0);
  });

  it('highlighted words are dark on their yellow band in a theme of light text on a dark page, as browsers set <mark>', async () => {
    const out = mkdtempSync(join(tmpdir(), 'editions-pdf-layout-dark-'));
    const { code, stderr } = await publish(['--config', 'tests/configs/theme-dark.config.ts', '--source', join(fixturesDir, 'pdf-inline-marks'), '--out', out]);
    expect(code, stderr).toBe(0);
    const pdf = join(out, readdirSync(out).find((file) => file.endsWith('.pdf')) ?? '');
    const [words = []] = await pageWords(pdf);
    const { stdout } = await run('pdftoppm', ['-r', '72', '-f', '1', '-l', '1', '-png', pdf], { encoding: 'buffer', maxBuffer: 64 * 1024 * 1024 } as never);
    const page = PNG.sync.read(stdout as unknown as Buffer);
    const box = words.findLast((word) => word.text === 'highlighted') as WordBox;
    // Within the rows of the yellow band (the page around it is dark too), the glyphs' dark pixels.
    let [bandRows, dark] = [0, 0];
    for (let y = Math.ceil(box.yMin); y < Math.floor(box.yMax); y++) {
      const row = Array.from({ length: Math.floor(box.xMax) - Math.ceil(box.xMin) }, (_, index) => {
        const at = (y * page.width + Math.ceil(box.xMin) + index) * 4;
        return [...page.data.subarray(at, at + 3)] as [number, number, number];
      });
      if (row.filter(([r, g, b]) => r > 230 && g > 230 && b < 80).length < row.length / 3) continue;
      bandRows++;
      dark += row.filter(([r, g, b]) => r < 100 && g < 100 && b < 100).length;
    }
    expect(bandRows).toBeGreaterThan(5);
    expect(dark, 'dark glyphs over the yellow').toBeGreaterThan(5);
  });
});

describeWithTools(['poppler'], 'PDF paragraphs aligned by raw HTML, through the CLI (pdf-inline-marks)', () => {
  it('<p align="center"> is centred in the column, and a paragraph in a <div align="right"> ends at its right edge', async () => {
    const [words = []] = await pageWords(await publishedPdf('pdf-inline-marks'));
    const lineOf = (text: string) => {
      const word = words.findLast((found) => found.text === text) as WordBox;
      expect(word, text).toBeDefined();
      const line = words.filter((found) => Math.abs(found.yMin - word.yMin) < 1);
      return { left: Math.min(...line.map((found) => found.xMin)), right: Math.max(...line.map((found) => found.xMax)) };
    };
    // The column: the justified first paragraph's full lines start and end at its edges.
    const column = lineOf('correction');
    const centred = lineOf('middle');
    expect((centred.left + centred.right) / 2).toBeCloseTo((column.left + column.right) / 2, 0);
    expect(centred.left - column.left).toBeGreaterThan(30);
    const flushRight = lineOf('flush');
    expect(flushRight.right).toBeCloseTo(column.right, 0);
    expect(flushRight.left - column.left).toBeGreaterThan(30);
  });
});

describeWithTools(['qpdf', 'poppler'], 'PDF tables across pages and their column widths, through the CLI', () => {
  it('table-page-foot: the header row never ends a page alone, and is set in the same columns on every page', async () => {
    const pages = await pageWords(await publishedPdf('table-page-foot'));
    const withHeader = pages.filter((words) => words.some((word) => word.text === 'Name'));
    // The header is drawn on two pages at least (set once, repeated once), or the test would pass on nothing.
    expect(withHeader.length).toBeGreaterThanOrEqual(2);
    for (const words of withHeader) {
      const header = words.find((word) => word.text === 'Name') as WordBox;
      expect(words.some((word) => word.text === 'Row' && word.yMin > header.yMin)).toBe(true);
    }
    const columnStarts = withHeader.map((words) => ['Name', 'Notes,'].map((text) => words.find((word) => word.text === text)?.xMin));
    for (const starts of columnStarts) expect(starts).toEqual(columnStarts[0]);
  });

  it('table-page-foot: the repeated header, struck word and all, keeps marked content balanced (no poppler warning, PDF/UA check clean)', async () => {
    const pdf = await publishedPdf('table-page-foot');
    const { stderr } = await run('pdftotext', [pdf, '/dev/null']);
    expect(stderr).toBe('');
    expect(await checkPdfUa(pdf)).toEqual([]);
  });

  it('table-column-widths: no column is narrower than its longest word, so every word of the table is set whole', async () => {
    const [words = []] = await pageWords(await publishedPdf('table-column-widths'));
    const set = new Set(words.map((word) => word.text));
    expect(tableWords('table-column-widths').filter((word) => !set.has(word))).toEqual([]);
    // The table is wider than the measure: its last column wraps, between words.
    const line = (text: string) => words.find((word) => word.text === text)?.yMin ?? Number.NaN;
    expect(line('bulletin')).toBeGreaterThan(line('Ministry'));
  });

  it('table-column-widths-cjk: Han and emoji measured in the fonts that set them, so no cell of the small table wraps', async () => {
    const [words = []] = await pageWords(await publishedPdf('table-column-widths-cjk'));
    const word = (text: string) => words.find((found) => found.text === text);
    expect(word('上海市')).toBeDefined();
    expect(word('直辖市')).toBeDefined();
    const capital = word('首都') as WordBox;
    const emoji = words.find((found) => /\p{Extended_Pictographic}/u.test(found.text)) as WordBox;
    // On one line: their baselines' boxes end within a point (the emoji font's box is taller).
    expect(Math.abs(emoji.yMax - capital.yMax)).toBeLessThan(1);
  });
});

describeWithTools(['poppler'], 'PDF blocks at the foot of a page, through the CLI', () => {
  it('no page ends on the first line of a paragraph alone, even where the widow rule takes the last two of three lines over', async () => {
    // Sixty paragraphs of three lines each, so that each position at a page's foot is met.
    const paragraphs = Array.from(
      { length: 60 },
      (_, index) =>
        `Item ${index + 1} opens with a sentence on the talks in Munich, where ministers met for the first time amid a renewed push to settle their sharp differences, and closes item ${index + 1}.`,
    );
    const source = mkdtempSync(join(tmpdir(), 'editions-pdf-orphans-'));
    const out = mkdtempSync(join(tmpdir(), 'editions-pdf-orphans-out-'));
    writeFileSync(join(source, 'orphans.md'), `---\ntitle: Orphans\ndate: 2026-12-01\nlang: en\n---\n\n${paragraphs.join('\n\n')}\n`);
    const { code, stderr } = await publish(['--source', source, '--out', out, '--only', 'pdf']);
    expect(code, stderr).toBe(0);
    const { stdout } = await run('pdftotext', ['-layout', join(out, 'orphans.pdf'), '-']);
    const pages = stdout.split('\f').filter((page) => page.trim() !== '');
    expect(pages.length).toBeGreaterThan(3);
    for (const [index, page] of pages.entries()) {
      // The page's last line of text, above its folio ("2 / 5").
      const last = page
        .split('\n')
        .filter((line) => line.trim() !== '' && !/^\s*\d+\s*\/\s*\d+\s*$/.test(line))
        .at(-1);
      expect(last, `the foot of page ${index + 1}`).not.toMatch(/^\s*Item \d+ opens/);
    }
  });

  it('a picture and its caption of three lines share a page, wherever the picture falls', async () => {
    const source = mkdtempSync(join(tmpdir(), 'editions-pdf-captions-'));
    const out = mkdtempSync(join(tmpdir(), 'editions-pdf-captions-out-'));
    await sharp({ create: { width: 800, height: 500, channels: 3, background: '#c0392b' } })
      .png()
      .toFile(join(source, 'chart.png'));
    const caption =
      'Zebra opens a caption that runs over three lines of the measure, telling the reader who drew the chart, when, from which figures, and why it matters, says Zulu.';
    // The picture after 0 to 44 lines of text: one of them brings it to the page's foot with room for it and little more.
    for (let lines = 0; lines < 45; lines++) {
      const text = Array.from({ length: lines }, (_, index) => `Line ${index + 1} of the story.`).join('\n\n');
      writeFileSync(
        join(source, `after-${lines}.md`),
        `---\ntitle: Chart\ndate: 2026-12-01\nlang: en\n---\n\n${text}\n\n![Chart](chart.png "${caption}")\n\nAfter the picture.\n`,
      );
    }
    const { code, stderr } = await publish(['--source', source, '--out', out, '--only', 'pdf']);
    expect(code, stderr).toBe(0);
    for (let lines = 0; lines < 45; lines++) {
      const pdf = join(out, `after-${lines}.pdf`);
      // `pdfimages -list`: two lines of heading, then the page of each picture first.
      const picturePage = Number((await run('pdfimages', ['-list', pdf])).stdout.split('\n')[2]?.trim().split(/\s+/)[0]);
      const pages = (await run('pdftotext', [pdf, '-'])).stdout.split('\f');
      const pageOf = (word: string) => pages.findIndex((page) => page.includes(word)) + 1;
      expect([pageOf('Zebra'), pageOf('Zulu')], `after ${lines} lines`).toEqual([picturePage, picturePage]);
    }
  });
});

describeWithTools(['qpdf', 'poppler'], 'PDF figures at a page foot, through the CLI: a tall picture after N lines of text', () => {
  // Up to a page of text: the picture is on the first page or at the top of the second.
  const lineCounts = [0, 4, 8, 10, 12, 14, 16, 20, 24, 28];
  const share = 0.7;
  // The room kept under a picture for a one-line caption: three lines of the base size (10.5 pt).
  const captionRoom = 3 * 10.5;
  // A4 with the default 64 pt margins.
  const bodyBottom = 841.89 - 64;

  async function published(mode: readonly string[]): Promise<string> {
    const source = mkdtempSync(join(tmpdir(), 'editions-pdf-figure-foot-'));
    const out = mkdtempSync(join(tmpdir(), 'editions-pdf-figure-foot-out-'));
    const panel = new PNG({ width: 300, height: 600 });
    panel.data.fill(90);
    writeFileSync(join(source, 'tall.png'), PNG.sync.write(panel));
    for (const count of lineCounts) {
      const lines = Array.from({ length: count }, (_, index) => `Line ${index + 1} of the text before the picture.`).join('\n\n');
      const front = `---\ntitle: A tall picture after ${count} lines\ndate: 2026-12-06T09:00:00+01:00\nlang: en\nslug: after-${count}\n---\n\n`;
      writeFileSync(join(source, `after-${count}.md`), `${front}${lines}\n\n![A tall grey panel](tall.png "The panel's caption")\n\nAfter the picture.\n`);
    }
    const { code, stderr } = await publish(['--source', source, '--out', out, '--only', 'pdf', ...mode]);
    expect(code, stderr).toBe(0);
    return out;
  }

  /** The picture's page (from 1) and drawn height in points, from `pdfimages -list` (its pixels at its resolution). */
  async function drawnPicture(pdf: string): Promise<{ page: number; height: number }> {
    const { stdout } = await run('pdfimages', ['-list', pdf]);
    const row =
      stdout
        .split('\n')
        .find((line) => / image /.test(line))
        ?.trim()
        .split(/\s+/) ?? [];
    return { page: Number(row[0]), height: (Number(row[4]) * 72) / Number(row[13]) };
  }

  for (const [name, mode] of [
    ['default threads', []],
    ['--jobs 1', ['--jobs', '1']],
  ] as const)
    it(`(${name}) is scaled down to the room left, never below ${share * 100}%, or goes over only when even that would not fit`, async () => {
      const out = await published(mode);
      const natural = (await drawnPicture(join(out, 'after-0.pdf'))).height;
      expect(natural).toBeGreaterThan(400);
      let scaled = 0;
      for (const count of lineCounts) {
        const pdf = join(out, `after-${count}.pdf`);
        const { page, height } = await drawnPicture(pdf);
        const pages = await pageWords(pdf);
        // pdfimages rounds the resolution to whole dots an inch: within 1%.
        expect(height, `${count} lines`).toBeGreaterThanOrEqual(share * natural * 0.99);
        expect(height, `${count} lines`).toBeLessThanOrEqual(natural * 1.01);
        if (height < natural * 0.99) scaled++;
        // The caption is on the picture's page.
        expect(
          pages[page - 1]?.some((word) => word.text === 'caption'),
          `${count} lines`,
        ).toBe(true);
        if (page === 1) continue;
        // It went over: the page before had less room than the picture at the least share, with its caption.
        const lastLine = Math.max(...(pages[page - 2] ?? []).filter((word) => word.yMax < bodyBottom).map((word) => word.yMax));
        // A word's box ends above where the next block may start (the line's leading and the paragraph's space): a base size allowed.
        expect(bodyBottom - lastLine, `${count} lines: room left blank`).toBeLessThan(share * natural + captionRoom + 10.5);
      }
      // Some of the counts leave room for the picture a little smaller, and some go over.
      expect(scaled).toBeGreaterThan(1);
      expect(await checkPdfUa(join(out, 'after-10.pdf'))).toEqual([]);
    });
});

describeWithTools(['poppler'], 'PDF footnotes, through the CLI: the back link stays with the note', () => {
  for (const [name, mode] of [
    ['default threads', []],
    ['--jobs 1', ['--jobs', '1']],
  ] as const)
    it(`(${name}) a note whose words fill its line to the last letter: the "↩" is on that line, never starting one`, async () => {
      const source = mkdtempSync(join(tmpdir(), 'editions-pdf-backlink-'));
      const out = mkdtempSync(join(tmpdir(), 'editions-pdf-backlink-out-'));
      // Last words one letter longer from note to note: one of them ends its line at the measure, whatever the face.
      const lastWords = Array.from({ length: 40 }, (_, index) => `${'a'.repeat(Math.floor(index / 2) + 1)}${'i'.repeat(index % 2)}.`);
      const calls = lastWords.map((_, index) => `Claim ${index + 1} is here.[^n${index + 1}]`).join('\n\n');
      const notes = lastWords.map((word, index) => `[^n${index + 1}]: The council met again on Tuesday to weigh the plan ${word}`).join('\n\n');
      const front = '---\ntitle: Notes that fill a line\ndate: 2026-12-06T09:00:00+01:00\nlang: en\nslug: notes\n---\n\n';
      writeFileSync(join(source, 'notes.md'), `${front}${calls}\n\n${notes}\n`);
      const { code, stderr } = await publish(['--source', source, '--out', out, '--only', 'pdf', ...mode]);
      expect(code, stderr).toBe(0);
      const { stdout } = await run('pdftotext', ['-layout', join(out, 'notes.pdf'), '-']);
      const lines = stdout.split('\n');
      expect(lines.filter((line) => line.includes('↩'))).toHaveLength(lastWords.length);
      expect(lines.filter((line) => /^\s*↩/.test(line))).toEqual([]);
      // Each note's last word and its link end a line (the word alone: "a. ↩" is not "aa. ↩").
      for (const word of lastWords)
        expect(
          lines.some((line) => line.trim().split(/\s+/).slice(-2).join(' ') === `${word} ↩`),
          word,
        ).toBe(true);
      // And the case is met: some note ends at the end of its first line, its last word going to the next as a whole.
      expect(lines.filter((line) => /^\s+a+i?\. ↩$/.test(line)).length).toBeGreaterThan(0);
    });
});
