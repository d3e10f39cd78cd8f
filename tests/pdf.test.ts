import { appendFileSync, copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Root } from 'hast';
import { describe, expect, it } from 'vitest';
import { cases, chineseAndEnglishStory, fixturesDir, projectRoot, publishCase } from './helpers/cases.js';
import { publish } from './helpers/cli.js';
import { describeWithTools, run } from './helpers/tools.js';
import { bodyWords, missingInOrder, pdfText, readArticleFile, treeText } from './helpers/words.js';

/** Three articles that exercise the PDF: the canonical one, seven scripts, and a long read with every block. */
const named = ['canonical', 'multi-script', 'long-form'] as const;

function caseNamed(name: string) {
  const found = cases.find((testCase) => testCase.name === name);
  if (!found) throw new Error(`No fixture case ${name}`);
  return found;
}

async function pdfOf(name: string): Promise<string> {
  const published = await publishCase(caseNamed(name));
  const paths = [...published.files.values()].flatMap((byRenderer) => (byRenderer.has('pdf') ? [byRenderer.get('pdf') as string] : []));
  expect(paths).toHaveLength(1);
  return paths[0] as string;
}

async function structText(path: string): Promise<string> {
  return (await run('pdfinfo', ['-struct-text', path], { maxBuffer: 64 * 1024 * 1024 })).stdout;
}

interface QpdfJson {
  outlines: { title: string; kids: QpdfJson['outlines'] }[];
  qpdf: [unknown, Record<string, { value?: Record<string, unknown> }>];
}

async function qpdfJson(path: string): Promise<QpdfJson> {
  return JSON.parse((await run('qpdf', ['--json', path], { maxBuffer: 256 * 1024 * 1024 })).stdout) as QpdfJson;
}

/** Structure elements (dictionaries with /S) of the PDF, from qpdf's object dump. */
function structElements(json: QpdfJson): Record<string, unknown>[] {
  return Object.values(json.qpdf[1])
    .map((object) => object.value)
    .filter((value): value is Record<string, unknown> => typeof value === 'object' && value !== null && typeof value['/S'] === 'string' && '/P' in value);
}

/** The /Lang of every structure element that has one ("u:zh"). */
function structLangs(json: QpdfJson): unknown[] {
  return structElements(json).flatMap((element) => (typeof element['/Lang'] === 'string' ? [element['/Lang']] : []));
}

/** The text strings of `pdfinfo -struct-text`, without element names and annotation lines ("Object 25 0"). */
function structStrings(output: string): string[] {
  return [...output.matchAll(/^\s*"(.*)"$/gm)].map((match) => match[1] ?? '');
}

function articlePath(name: string): string {
  return join(caseNamed(name).source, name === 'canonical' ? 'moscow-syria-opposition-contact.md' : 'input.md');
}

/** Drops the bidi embedding marks pdftotext puts around right-to-left text. */
const withoutBidiMarks = (text: string) => text.replace(/[\u202a-\u202e\u200e\u200f]/g, '');

describeWithTools(['qpdf', 'poppler'], 'PDF edition: properties of real outputs', () => {
  for (const name of named) {
    it(`${name}: tagged, PDF/UA-1 in XMP, qpdf clean, fonts embedded and subset`, async () => {
      const path = await pdfOf(name);
      expect((await run('pdfinfo', [path])).stdout).toMatch(/^Tagged:\s+yes$/m);
      expect((await run('pdfinfo', ['-meta', path])).stdout).toContain('<pdfuaid:part>1</pdfuaid:part>');
      const check = await run('qpdf', ['--check', path]);
      expect(check.stdout).toContain('No syntax or stream encoding errors found');
      const fonts = (await run('pdffonts', [path])).stdout.trim().split('\n').slice(2);
      expect(fonts.length).toBeGreaterThan(0);
      for (const line of fonts) expect(line, line).toMatch(/^[A-Z]{6}\+\S+\s.*\s+yes\s+yes\s+yes\s+\d+\s+\d+$/);
    });

    it(`${name}: the structure text has every word in order`, async () => {
      const path = await pdfOf(name);
      const article = readArticleFile(articlePath(name));
      expect(missingInOrder(bodyWords(article), structStrings(await structText(path)).join('\n'))).toEqual([]);
    });

    it(`${name}: the outline lists the headline and every heading, nested by level`, async () => {
      const path = await pdfOf(name);
      const json = await qpdfJson(path);
      const article = readArticleFile(articlePath(name));
      const headings = article.mdast.children.flatMap((node) =>
        node.type === 'heading' ? [node.children.map((child) => ('value' in child ? child.value : '')).join('')] : [],
      );
      const titles: string[] = [];
      const walk = (items: QpdfJson['outlines']) => {
        for (const item of items) {
          titles.push(item.title);
          walk(item.kids);
        }
      };
      walk(json.outlines);
      expect(titles[0]).toBe(article.meta.title);
      for (const heading of headings) expect(titles).toContain(heading);
      expect(json.outlines).toHaveLength(1);
    });
  }

  it('canonical: justified lines keep a real space between words in the structure text', async () => {
    const article = readArticleFile(articlePath('canonical'));
    const strip = (token: string) => token.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '');
    const { meta } = article;
    const known = new Set(
      [
        treeText(article.hast as Root),
        meta.title,
        meta.description ?? '',
        meta.authors.join(' '),
        meta.dateline ?? '',
        meta.credit ?? '',
        meta.tags.join(' '),
        meta.publisher ?? '',
        'By Tags Published by February 2, 2013',
      ]
        .join(' ')
        .split(/\s+/)
        .map(strip),
    );
    const lines = structStrings(await structText(await pdfOf('canonical'))).map((line) => line.split(/\s+/).filter(Boolean));
    const unknown: string[] = [];
    lines.forEach((tokens, index) => {
      tokens.forEach((token, position) => {
        const previousLine = lines[index - 1] ?? [];
        // A word hyphenated at the end of a line is checked whole, from its two halves.
        const next = lines[index + 1]?.[0] ?? '';
        const before = previousLine.at(-1) ?? '';
        const whole = (first: string, second: string) => known.has(strip(`${first.slice(0, -1)}${second}`)) || known.has(strip(`${first}${second}`));
        if (position === tokens.length - 1 && token.endsWith('-') && whole(token, next)) return;
        if (position === 0 && before.endsWith('-') && whole(before, token)) return;
        if (!known.has(strip(token))) unknown.push(token);
      });
    });
    // Each paragraph is one row now: the words are what there must be many of.
    expect(lines.flat().length).toBeGreaterThan(600);
    expect(unknown).toEqual([]);
  });

  it('reads a word hyphenated across lines whole through the structure tree: the line-end hyphen is an artifact', async () => {
    const path = await pdfOf('long-form');
    // The page as pdftotext reads it: a line ending in letters and a hyphen, and the next line's first word.
    const page = (await run('pdftotext', ['-layout', path, '-'], { maxBuffer: 64 * 1024 * 1024 })).stdout.split('\n');
    const source = readFileSync(join(caseNamed('long-form').source, 'input.md'), 'utf8');
    const broken = page.flatMap((line, index) => {
      const first = /(\p{L}+)-$/u.exec(line.trimEnd())?.[1];
      const second = /^\s*(\p{L}+)/u.exec(page[index + 1] ?? '')?.[1];
      // A hyphen of the source ("an-extraordinarily") is text, not the layout's.
      return first && second && !source.includes(`${first}-${second}`) ? [{ first, second }] : [];
    });
    expect(broken.length).toBeGreaterThan(20);
    const struct = await structText(path);
    for (const { first, second } of broken) {
      expect(struct, `${first}-${second}`).toContain(`${first}${second}`);
      // The word with the hyphen, not "first-" alone: the URL's "an-extraordinarily" is text, and "an-notated" is cut at the measure.
      expect(struct, `${first}-${second}`).not.toContain(`${first}-${second}`);
    }
  });

  it('multi-script: Arabic and Hebrew come back in logical order, Chinese and Devanagari present, in pdftotext and the structure text', async () => {
    const path = await pdfOf('multi-script');
    const source = readFileSync(join(caseNamed('multi-script').source, 'input.md'), 'utf8');
    const sentences = [
      'قالت موسكو إنها تريد الحفاظ على اتصال منتظم مع المعارضة السورية',
      'מוסקבה אמרה שהיא רוצה לשמור על קשר קבוע עם האופוזיציה הסורית',
      '莫斯科表示，希望与叙利亚反对派保持定期接触。',
      'मास्को ने कहा कि वह सीरियाई विपक्ष के साथ नियमित संपर्क बनाए रखना चाहता है।',
    ];
    for (const sentence of sentences) expect(source).toContain(sentence);
    const extracted = withoutBidiMarks(await pdfText(path)).replace(/\s+/g, ' ');
    const structure = structStrings(withoutBidiMarks(await structText(path))).join('');
    for (const sentence of sentences) {
      expect(extracted).toContain(sentence);
      expect(structure).toContain(sentence);
    }
    // Mixed lines: the Hebrew word and the Arabic greeting sit between the right English words (a word cut at a line's end joined).
    expect(extracted.replace(/(\p{Ll})- (\p{Ll})/gu, '$1$2')).toMatch(/the word שלום ?means peace, and السلام عليكم ?is a greeting used in 2024 by/);
  });

  it('multi-script: spans in other scripts carry their Lang; the document has /Lang and DisplayDocTitle', async () => {
    const json = await qpdfJson(await pdfOf('multi-script'));
    const langs = new Set(structLangs(json));
    for (const lang of ['u:ar', 'u:he', 'u:hi', 'u:zh', 'u:el']) expect(langs).toContain(lang);
    const catalog = Object.values(json.qpdf[1]).find((object) => object.value?.['/Type'] === '/Catalog')?.value ?? {};
    expect(catalog['/Lang']).toBe('u:en');
    const preferences = catalog['/ViewerPreferences'];
    expect(typeof preferences === 'string' ? json.qpdf[1][`obj:${preferences}`]?.value : preferences).toMatchObject({ '/DisplayDocTitle': true });
  });

  it('long-form: 30+ pages; figures with Alt, table headers with Scope, described links, notes, code and lists in the structure tree', async () => {
    const path = await pdfOf('long-form');
    expect(Number(/^Pages:\s+(\d+)$/m.exec((await run('pdfinfo', [path])).stdout)?.[1])).toBeGreaterThanOrEqual(30);
    const elements = structElements(await qpdfJson(path));
    const types = new Set(elements.map((element) => element['/S']));
    for (const type of [
      '/Document',
      '/H1',
      '/H2',
      '/H3',
      '/H4',
      '/H5',
      '/H6',
      '/P',
      '/L',
      '/LI',
      '/Lbl',
      '/LBody',
      '/BlockQuote',
      '/Table',
      '/TR',
      '/TH',
      '/TD',
      '/Figure',
      '/Caption',
      '/Link',
      '/Note',
      '/Code',
    ]) {
      expect(types, type).toContain(type);
    }
    const figures = elements.filter((element) => element['/S'] === '/Figure');
    // Two PNGs and a GIF.
    expect(figures).toHaveLength(3);
    for (const figure of figures) expect(String(figure['/Alt'])).toMatch(/^u:A (bar chart|harbour|tiny stamp)/);
    for (const header of elements.filter((element) => element['/S'] === '/TH')) expect(header['/A']).toMatchObject({ '/O': '/Table', '/Scope': '/Column' });
    const annotations = Object.values((await qpdfJson(path)).qpdf[1]).flatMap((object) => (object.value?.['/Subtype'] === '/Link' ? [object.value] : []));
    expect(annotations.length).toBeGreaterThan(0);
    for (const annotation of annotations) expect(String(annotation['/Contents'])).toMatch(/^u:\S.*\(.+\)$/);
    for (const link of elements.filter((element) => element['/S'] === '/Link')) {
      expect((link['/K'] as unknown[]).some((kid) => typeof kid === 'object' && (kid as Record<string, unknown>)['/Type'] === '/OBJR')).toBe(true);
    }
  });

  it('long-form: footnotes are endnotes linked both ways: every GoTo names a destination, calls and notes alike', async () => {
    const objects = Object.values((await qpdfJson(await pdfOf('long-form'))).qpdf[1]).map((object) => object.value);
    const targets = objects.flatMap((value) => (value?.['/S'] === '/GoTo' && typeof value['/D'] === 'string' ? [value['/D']] : []));
    const names = objects.flatMap((value) => {
      const dests = value?.['/Dests'] as { '/Names'?: unknown[] } | undefined;
      return (dests?.['/Names'] ?? []).filter((entry): entry is string => typeof entry === 'string');
    });
    expect(targets.some((target) => target.includes('fnref'))).toBe(true);
    expect(targets.some((target) => /fn-/.test(target))).toBe(true);
    for (const target of targets) expect(names).toContain(target);
  });

  it('long-form: its GIF is drawn (decoded, a PNG of its pixels), with no warning; an SVG picture gives its alt text and a warning where it is', async () => {
    const published = await publishCase(caseNamed('long-form'));
    const formats = published.result.files.flatMap((file) => file.messages).filter((message) => /^pdf-image/.test(String(message.ruleId)));
    expect(formats).toEqual([]);
    const path = await pdfOf('long-form');
    // stamp.gif is 1 × 1 pixel.
    expect((await run('pdfimages', ['-list', path])).stdout).toMatch(/\n +\d+ +\d+ image +1 +1 +rgb /);
    expect(await pdfText(path)).not.toContain('[Image: A tiny stamp in an unsupported format]');

    const source = mkdtempSync(join(tmpdir(), 'editions-pdf-svg-'));
    writeFileSync(join(source, 'map.svg'), '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20"><rect width="40" height="20" fill="#36c"/></svg>');
    writeFileSync(join(source, 'map.md'), '---\ntitle: A map\n---\n\nThe route.\n\n![The route across the bay](map.svg)\n');
    const out = mkdtempSync(join(tmpdir(), 'editions-pdf-svg-out-'));
    const result = await publish(['--source', source, '--out', out, '--only', 'pdf']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(
      /7:1 +warning +Image map\.svg is image\/svg\+xml; the PDF edition embeds PNG, JPEG, GIF and WebP pictures, so its alt text stands in\. Convert it to PNG +pdf-image-format/,
    );
    expect(await pdfText(join(out, 'map.pdf'))).toContain('[Image: The route across the bay]');
  });

  it('canonical: Info and XMP carry title, author, description, keywords, publisher and the article dates', async () => {
    const path = await pdfOf('canonical');
    const { meta } = readArticleFile(articlePath('canonical'));
    const info = (await run('pdfinfo', ['-isodates', path])).stdout;
    expect(info).toContain(`Title:           ${meta.title}`);
    expect(info).toContain(`Author:          ${meta.authors.join(', ')}`);
    expect(info).toContain(`Keywords:        ${meta.tags.join(', ')}`);
    expect(info).toMatch(new RegExp(`^CreationDate:\\s+${meta.date}T00:00:00`, 'm'));
    const xmp = (await run('pdfinfo', ['-meta', path])).stdout;
    for (const value of [meta.title, meta.description ?? '', meta.authors[0] ?? '', meta.tags.join(', '), meta.publisher ?? '']) expect(xmp).toContain(value);
    expect(xmp).toContain(`<xmp:CreateDate>${meta.date}T00:00:00Z</xmp:CreateDate>`);
    expect(xmp).toContain(`<xmp:ModifyDate>${meta.updated ?? meta.date}T00:00:00Z</xmp:ModifyDate>`);
  });

  it('canonical: running header and "n / N" folios are artifacts, outside the structure text', async () => {
    const path = await pdfOf('canonical');
    const pages = Number(/^Pages:\s+(\d+)$/m.exec((await run('pdfinfo', [path])).stdout)?.[1]);
    expect(pages).toBeGreaterThan(1);
    const lastPage = (await run('pdftotext', ['-f', String(pages), '-l', String(pages), path, '-'])).stdout;
    const folio = new RegExp(`^${pages}\\s*/\\s*${pages}$`, 'm');
    expect(lastPage).toMatch(folio);
    expect(structStrings(await structText(path)).join('\n')).not.toMatch(folio);
    // The running head (the title, in italics) is on the page but not in the structure: there the title is the H1 alone.
    const { title } = readArticleFile(articlePath('canonical')).meta;
    expect(lastPage).toContain(title);
    expect(structStrings(await structText(path)).filter((line) => line === title)).toHaveLength(1);
  });
});

describe('PDF fonts: read only for the scripts an article has', () => {
  /** The font files a publish of these articles' PDFs reads. */
  async function fontsRead(articles: readonly string[]): Promise<string[]> {
    const folder = mkdtempSync(join(tmpdir(), 'editions-font-reads-'));
    mkdirSync(join(folder, 'source'));
    for (const [index, path] of articles.entries()) copyFileSync(path, join(folder, 'source', `article-${index}.md`));
    const hook = join(projectRoot, 'tests', 'helpers', 'font-reads.mjs');
    const result = await publish(['--source', join(folder, 'source'), '--out', join(folder, 'out'), '--only', 'pdf'], { NODE_OPTIONS: `--import ${hook}` });
    expect(result.code, result.stderr).toBe(0);
    return [...result.stderr.matchAll(/^font-read (\S+)$/gm)].map((match) => match[1] as string).sort();
  }

  it('an English article reads the text faces only; the every-script fixture reads the font of each script too', async () => {
    const english = await fontsRead([join(projectRoot, 'source', 'moscow-syria-opposition-contact.md')]);
    expect(english).toEqual(['NotoSerif_400Regular.ttf', 'NotoSerif_400Regular_Italic.ttf', 'NotoSerif_700Bold.ttf']);
    const everyScript = await fontsRead([join(fixturesDir, 'every-script', 'input.md')]);
    for (const file of [
      'NotoSansKR_400Regular.ttf',
      'NotoSansThai_400Regular.ttf',
      'NotoSansBengali_400Regular.ttf',
      'NotoSansTamil_400Regular.ttf',
      'NotoSansEthiopic_400Regular.ttf',
      'NotoEmoji_400Regular.ttf',
    ])
      expect(everyScript).toContain(file);
    expect(english.filter((file) => /NotoSerif(JP|SC)/.test(file))).toEqual([]);
  });

  it('a Japanese article reads Noto Serif JP and not Noto Serif SC; an English article with Chinese reads Noto Serif SC and not the Japanese font', async () => {
    const japanese = await fontsRead([join(fixturesDir, 'lang-ja', 'input.md')]);
    expect(japanese.filter((file) => /NotoSerif(JP|SC)/.test(file))).toEqual(['NotoSerifJP_400Regular.ttf', 'NotoSerifJP_700Bold.ttf']);
    const chinese = await fontsRead([join(fixturesDir, 'multi-script', 'input.md')]);
    expect(chinese).toContain('NotoSerifSC_400Regular.ttf');
    expect(chinese.filter((file) => file.startsWith('NotoSerifJP'))).toEqual([]);
  });
});

describeWithTools(['qpdf', 'poppler'], 'PDF fonts: kanji in Japanese glyph forms for Japanese text', () => {
  /** The base names of the fonts a PDF embeds, as pdffonts lists them without the subset tag. */
  async function embeddedFonts(path: string): Promise<string[]> {
    const lines = (await run('pdffonts', [path])).stdout.trim().split('\n').slice(2);
    return lines.map((line) => /^[A-Z]{6}\+(\S+)\s/.exec(line)?.[1] ?? line);
  }

  it('lang-ja embeds subsets of Noto Serif JP (regular and bold) and no Noto Serif SC; multi-script, English with Chinese, embeds Noto Serif SC', async () => {
    const japanese = await embeddedFonts(await pdfOf('lang-ja'));
    expect(japanese).toContain('NotoSerifJP-Regular');
    expect(japanese).toContain('NotoSerifJP-Bold');
    expect(japanese.filter((font) => font.startsWith('NotoSerifSC'))).toEqual([]);
    const chinese = await embeddedFonts(await pdfOf('multi-script'));
    expect(chinese).toContain('NotoSerifSC-Regular');
    expect(chinese.filter((font) => font.startsWith('NotoSerifJP'))).toEqual([]);
  });

  it('lang-zh-tw (traditional Chinese) embeds Noto Serif TC, regular and bold, and no Noto Serif SC; lang-zh (simplified) embeds Noto Serif SC', async () => {
    const traditional = await embeddedFonts(await pdfOf('lang-zh-tw'));
    expect(traditional).toContain('NotoSerifTC-Regular');
    expect(traditional).toContain('NotoSerifTC-Bold');
    expect(traditional.filter((font) => /^NotoSerif(SC|JP)/.test(font))).toEqual([]);
    const simplified = await embeddedFonts(await pdfOf('lang-zh'));
    expect(simplified).toContain('NotoSerifSC-Regular');
    expect(simplified.filter((font) => /^NotoSerif(TC|JP)/.test(font))).toEqual([]);
  });

  it('lang-ja: no run of kanji alone (外交 among the tags, 直接会談) is tagged as Chinese', async () => {
    const path = await pdfOf('lang-ja');
    const langs = structLangs(await qpdfJson(path));
    expect(langs).not.toContain('u:zh');
  });

  it('an element with lang="ja" in an English article sets its kanji in Noto Serif JP and is tagged Lang ja; the article\'s Chinese stays in Noto Serif SC', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'editions-lang-span-'));
    mkdirSync(join(folder, 'source'));
    writeFileSync(
      join(folder, 'source', 'quote.md'),
      '---\ntitle: Two quotes\nlang: en\nslug: quote\n---\n\nIn Chinese 直接 means direct; in Japanese <span lang="ja">直接</span> does too.\n',
    );
    const result = await publish(['--source', join(folder, 'source'), '--out', join(folder, 'out'), '--only', 'pdf']);
    expect(result.code, result.stderr).toBe(0);
    const path = join(folder, 'out', 'quote.pdf');
    const fonts = await embeddedFonts(path);
    expect(fonts).toContain('NotoSerifSC-Regular');
    expect(fonts).toContain('NotoSerifJP-Regular');
    const langs = structLangs(await qpdfJson(path));
    expect(langs).toContain('u:ja');
    expect(langs).toContain('u:zh');
  });
});

describeWithTools(['poppler'], 'a language whose script has no italics, through the CLI', () => {
  it('sets a Chinese dek, caption, running head and a picture’s stand-in in a line upright: no Latin word or digit among the Han is slanted (the English story’s are)', async () => {
    const source = chineseAndEnglishStory();
    for (const lang of ['zh', 'en']) appendFileSync(join(source, `${lang}.md`), '\n会场中的![BYD Logo标志](munich-conference.png)很醒目。\n');
    const out = mkdtempSync(join(tmpdir(), 'editions-upright-pdf-'));
    expect((await publish(['--source', source, '--out', out, '--only', 'pdf'])).code).toBe(0);
    expect((await run('pdfinfo', [join(out, 'zh.pdf')])).stdout).toMatch(/Pages:\s+[2-9]/);
    expect((await run('pdffonts', [join(out, 'zh.pdf')])).stdout).not.toMatch(/Italic/);
    expect((await run('pdffonts', [join(out, 'en.pdf')])).stdout).toMatch(/NotoSerif-Italic/);
  });
});
