import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, posix } from 'node:path';
import { DOMParser } from '@xmldom/xmldom';
import { unzipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { chineseAndEnglishStory, projectRoot } from './helpers/cases.js';
import { publish } from './helpers/cli.js';
import { converted, editionsIn, expectSameInEveryThread, libreOfficeConvert, once, publishFixtures } from './helpers/formats.js';
import { firstPicture, flatWebp, renderedPage } from './helpers/pictures.js';
import { describeWithTools, run } from './helpers/tools.js';

const temporary = (name: string) => mkdtempSync(join(tmpdir(), `editions-docx-${name}-`));
const decoder = new TextDecoder();

/** The articles of a source folder published through the CLI with the newsroom config, the DOCX only: the output folder. */
async function docxOf(source: string): Promise<string> {
  const out = temporary('out');
  const result = await publish(['--config', 'examples/newsroom.config.ts', '--source', source, '--out', out, '--only', 'docx']);
  expect(result.code, result.stderr).toBe(0);
  return out;
}

/** The parts of a DOCX, by name, as text where they are XML. */
function parts(path: string): Map<string, Uint8Array> {
  return new Map(Object.entries(unzipSync(readFileSync(path))));
}

function text(files: Map<string, Uint8Array>, name: string): string {
  const bytes = files.get(name);
  if (!bytes) throw new Error(`no ${name} in the DOCX`);
  return decoder.decode(bytes);
}

/** The elements of that name in an XML part, as attribute maps. */
function xmlElements(files: Map<string, Uint8Array>, part: string, name: string): Map<string, string>[] {
  const root = new DOMParser().parseFromString(text(files, part), 'text/xml');
  return Array.from(root.getElementsByTagName(name), (element) => new Map(Array.from(element.attributes, (attribute) => [attribute.name, attribute.value])));
}

/** Every relationship of a `.rels` part: its target (a part's name, for an internal one) and whether it is external. */
function relationships(files: Map<string, Uint8Array>, relsName: string): { target: string; external: boolean }[] {
  // `word/_rels/document.xml.rels` describes `word/document.xml`: its targets are relative to `word/`.
  const base = posix.dirname(posix.dirname(relsName));
  return xmlElements(files, relsName, 'Relationship').map((attributes) => {
    const external = attributes.get('TargetMode') === 'External';
    const target = attributes.get('Target') ?? '';
    return { target: external ? target : posix.normalize(posix.join(base, target)).replace(/^\//, ''), external };
  });
}

describeWithTools(['libreoffice', 'xmllint'], 'the DOCX edition, through the compiled CLI', () => {
  const publishedOnce = once(() => publishFixtures('docx'));
  // One batch for every fixture (the CLI, then LibreOffice): its time is the set-up's, not the first test's.
  beforeAll(publishedOnce, 900_000);
  const docxOf = async (fixture: string) => {
    const { out, articles } = await publishedOnce();
    return parts(join(out, `${articles.get(fixture)?.slug}.docx`));
  };

  it('every fixture has a DOCX whose parts all parse as XML, each named by [Content_Types].xml and reached by a relationship', async () => {
    const { run: published, out, articles } = await publishedOnce();
    expect(published.code, published.stderr).toBe(0);
    expect(published.stderr).not.toMatch(/renderer-failed|\n\s+at /);
    for (const { slug } of articles.values()) {
      const files = parts(join(out, `${slug}.docx`));
      // Every XML part through libxml2's parser.
      const folder = temporary('parts');
      const xmlParts = [...files.keys()].filter((name) => /\.(xml|rels)$/.test(name));
      for (const name of xmlParts) {
        mkdirSync(dirname(join(folder, name)), { recursive: true });
        writeFileSync(join(folder, name), files.get(name) as Uint8Array);
      }
      await run('xmllint', ['--noout', ...xmlParts.map((name) => join(folder, name))]);

      const defaults = new Set(xmlElements(files, '[Content_Types].xml', 'Default').map((type) => type.get('Extension')?.toLowerCase()));
      const overrides = new Set(xmlElements(files, '[Content_Types].xml', 'Override').map((type) => type.get('PartName')?.replace(/^\//, '')));
      const reached = new Set<string>();
      for (const name of files.keys()) {
        if (name === '[Content_Types].xml') continue;
        // An XML part needs a type of its own (the default for .xml says only "XML"); relationships and pictures go by their extension.
        const extension = name.split('.').pop()?.toLowerCase();
        expect(extension === 'xml' ? overrides.has(name) : defaults.has(extension), `${slug}: ${name} has no content type`).toBe(true);
        if (!name.endsWith('.rels')) continue;
        for (const relationship of relationships(files, name)) {
          if (relationship.external) continue;
          expect(files.has(relationship.target), `${slug}: ${name} names ${relationship.target}, which is not in the zip`).toBe(true);
          reached.add(relationship.target);
        }
      }
      // Every relationship a part refers to (a picture, a link, a picture's click) is in that part's relationships.
      for (const name of files.keys()) {
        const relsName = posix.join(posix.dirname(name), '_rels', `${posix.basename(name)}.rels`);
        if (!files.has(relsName)) continue;
        const ids = new Set(xmlElements(files, relsName, 'Relationship').map((attributes) => attributes.get('Id')));
        for (const [, id] of text(files, name).matchAll(/\br:(?:id|embed|link)="([^"]+)"/g))
          expect(ids.has(id), `${slug}: ${name} refers to ${id}, which ${relsName} does not have`).toBe(true);
      }
      for (const name of overrides) expect(files.has(name ?? ''), `${slug}: [Content_Types].xml names ${name}, which is not in the zip`).toBe(true);
      for (const name of files.keys()) {
        if (name === '[Content_Types].xml' || name.endsWith('.rels')) continue;
        expect(reached.has(name), `${slug}: no relationship names ${name}`).toBe(true);
      }
    }
  }, 120_000);

  it('LibreOffice converts every DOCX to PDF without an error', async () => {
    const { out } = await publishedOnce();
    const files = [...editionsIn(out, '.docx').keys()].map((name) => join(out, name));
    const { folder, output } = await libreOfficeConvert(files, 'pdf');
    expect(output).not.toMatch(/error/i);
    for (const file of files) {
      const pdf = converted(folder, file, 'pdf');
      expect(pdf, `${file} converted`).toBeDefined();
      expect(
        readFileSync(pdf as string)
          .subarray(0, 5)
          .toString('latin1'),
      ).toBe('%PDF-');
    }
  }, 300_000);

  it('a phone photo with an EXIF orientation is turned upright, as LibreOffice draws the DOCX: taller than wide, its blue band on top', async () => {
    const { out, articles } = await publishedOnce();
    const file = join(out, `${articles.get('jpeg-orientation')?.slug}.docx`);
    const { folder } = await libreOfficeConvert([file], 'pdf');
    const picture = firstPicture(await renderedPage(converted(folder, file, 'pdf') as string));
    // Stored 120 × 60 pixels, shown 60 × 120 at 96 to the inch: 45 × 90 points.
    expect(picture.height).toBeGreaterThanOrEqual(88);
    expect(picture.height).toBeLessThanOrEqual(92);
    expect(picture.width).toBeGreaterThanOrEqual(43);
    expect(picture.width).toBeLessThanOrEqual(47);
    expect(picture.top).toEqual(new Set(['blue']));
    expect(picture.bottom).toEqual(new Set(['red']));
  }, 120_000);

  it("sets the article in Word's own structures: title and masthead styles, Heading 2–6, numbering, footnotes, hyperlinks, a repeating table header", async () => {
    const files = await docxOf('every-block');
    const document = text(files, 'word/document.xml');
    const styles = [...document.matchAll(/<w:pStyle w:val="([^"]+)"\/>/g)].map((match) => match[1]);
    for (const style of [
      'Title',
      'Subtitle',
      'Byline',
      'Dateline',
      'Heading2',
      'Heading3',
      'Heading4',
      'Heading5',
      'Heading6',
      'ListParagraph',
      'SourceCode',
      'BlockText',
    ])
      expect(styles, style).toContain(style);
    expect(document).toMatch(/<w:numPr><w:ilvl w:val="2"\/>/);
    expect(document.match(/<w:footnoteReference w:id="\d+"\/>/g)).toHaveLength(2);
    expect(text(files, 'word/footnotes.xml')).toContain('A named footnote.');
    expect(document.match(/<w:tblHeader\/>/g)).toHaveLength(1);
    expect(document).toMatch(/<w:hyperlink [^>]*r:id="rIdLink1"/);
    expect(text(files, 'word/_rels/document.xml.rels')).toContain(
      'Id="rIdLink1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink" Target="https://example.org/editions" TargetMode="External"',
    );
    const numbering = text(files, 'word/numbering.xml');
    expect(numbering).toMatch(/<w:start w:val="3"\/>/);
    expect(text(files, 'word/styles.xml')).toContain('<w:lang w:val="en-GB"/>');
  });

  it("sets a quote or code inside a list item at the item's indent, a list inside a quote at the quote's, a quote in Block Text, and the colophon's lines", async () => {
    const document = text(await docxOf('list-blocks'), 'word/document.xml');
    /** Each paragraph's style, left indent and text. */
    const paragraphs = [...document.matchAll(/<w:p(?: [^>]*)?>(.*?)<\/w:p>/g)].map(([, body = '']) => ({
      style: /<w:pStyle w:val="([^"]+)"\/>/.exec(body)?.[1],
      indent: /<w:ind w:left="(\d+)"(?: w:hanging="360")?\/>/.exec(body)?.[1],
      text: [...body.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((match) => match[1]).join(''),
    }));
    const paragraph = (start: string) => paragraphs.find((candidate) => candidate.text.startsWith(start));
    // A list item's text is indented 720 twips a level, a quote 567 more inside it.
    expect(paragraph('The bridge reopens')).toMatchObject({ style: 'BlockText', indent: '1287' });
    expect(paragraph('Nobody was hurt.')).toMatchObject({ style: 'BlockText', indent: '1287' });
    expect(paragraph('Traffic resumes')).toMatchObject({ style: 'BlockText', indent: '1854' });
    expect(paragraph('It gave no time.')).toMatchObject({ style: 'ListParagraph', indent: '720' });
    expect(paragraph('inspection --bridge')).toMatchObject({ style: 'SourceCode', indent: '720' });
    // A list inside a quote is indented as the quote is, its items' numbers too, and its code as the item's text.
    expect(paragraph('A quote holding a list')).toMatchObject({ style: 'BlockText', indent: '567' });
    expect(paragraph('first point')).toMatchObject({ style: 'ListParagraph', indent: '1287' });
    expect(document).toMatch(/<w:ind w:left="1287" w:hanging="360"\/>.*first point/);
    expect(paragraph('code in a quote')).toMatchObject({ style: 'SourceCode', indent: '1287' });
    // Each item of a list is numbered, one that starts with code or a heading too: the code's number on a line before it.
    const numberOf = (body: string) => /<w:numId w:val="(\d+)"\/>/.exec(body)?.[1];
    const bodies = [...document.matchAll(/<w:p(?: [^>]*)?>(.*?)<\/w:p>/g)].map(([, body = '']) => body);
    const steps = numberOf(bodies.find((body) => body.includes('Check the log.')) ?? '');
    expect(steps).toBeDefined();
    const numbered = bodies.filter((body) => numberOf(body) === steps);
    expect(numbered).toHaveLength(4);
    expect(bodies[bodies.indexOf(numbered[1] ?? '') + 1]).toContain('inspection --bridge south');
    expect(numbered[2]).toContain('Call the engineers');
    expect(numbered[3]).toContain('Send the story.');
    expect(paragraphs.slice(-3)).toEqual([
      { style: 'Colophon', indent: undefined, text: 'Tags: corrections, sources' },
      { style: 'Colophon', indent: undefined, text: 'Published by Editions Daily' },
      { style: 'Colophon', indent: undefined, text: '© 2026 Editions Daily. All rights reserved.' },
    ]);
  });

  it('links inside the article to bookmarks at their targets, each bookmark numbered once', async () => {
    const document = text(await docxOf('named-anchors'), 'word/document.xml');
    const anchors = [...document.matchAll(/<w:hyperlink [^>]*w:anchor="([^"]+)"/g)].map((match) => match[1]);
    expect(anchors).toEqual(['_who_pays', '_rates']);
    const bookmarks = [...document.matchAll(/<w:bookmarkStart w:name="([^"]+)" w:id="(\d+)"\/>/g)];
    expect(bookmarks.map((match) => match[1])).toEqual(anchors);
    expect(bookmarks.map((match) => match[2])).toEqual(['1', '2']);
    expect(document.match(/<w:bookmarkEnd w:id="\d+"\/>/g)).toEqual(['<w:bookmarkEnd w:id="1"/>', '<w:bookmarkEnd w:id="2"/>']);
  });

  it('has pictures with their alt text as description, captioned, and core properties from the front matter', async () => {
    const files = await docxOf('epub-images');
    const document = text(files, 'word/document.xml');
    expect(document).toContain('descr="The headline of the PDF edition, set in black serif type on a white page"');
    expect(document).toContain('descr="A corner of the PDF edition’s first page"');
    expect(document).toMatch(/<w:pStyle w:val="Caption"\/>.*The PDF edition, first lines of the page/);
    expect([...files.keys()].filter((name) => name.startsWith('word/media/'))).toHaveLength(2);
    const core = text(files, 'docProps/core.xml');
    expect(core).toContain('<dc:title>Pictures in the pocket edition</dc:title>');
    expect(core).toContain('<dc:creator>Grace Hopper; Alan Turing</dc:creator>');
    expect(core).toContain('<cp:keywords>images, covers, accessibility</cp:keywords>');
    expect(core).toContain('<dc:language>en</dc:language>');
    expect(core).toContain('<dcterms:created xsi:type="dcterms:W3CDTF">2024-07-01T07:30:00Z</dcterms:created>');
    expect(core).toContain('<dcterms:modified xsi:type="dcterms:W3CDTF">2024-07-02T16:45:00Z</dcterms:modified>');
  });

  it('sets a right-to-left article in right-to-left paragraphs, in its language', async () => {
    const files = await docxOf('html-rtl');
    const document = text(files, 'word/document.xml');
    // Every paragraph but code, which reads left to right in every language.
    const paragraphs = document.match(/<w:p>|<w:p [^>]*>/g)?.length ?? 0;
    const code = document.match(/<w:pStyle w:val="SourceCode"\/>/g)?.length ?? 0;
    expect(code).toBeGreaterThan(0);
    expect(document.match(/<w:bidi\/>/g)?.length).toBe(paragraphs - code);
    expect(document).toContain('<w:rtl/>');
    expect(text(files, 'word/styles.xml')).toContain('<w:lang w:val="ar-EG" w:bidi="ar-EG"/>');
  });
});

describe('a language whose script has no italics, in the DOCX', () => {
  it('sets a Chinese article’s dateline, captions, quotes and fourth-level headings upright (Word slants Han too), the English one’s in italics', async () => {
    const source = chineseAndEnglishStory();
    const out = await docxOf(source);
    const italicStyles = (lang: string) =>
      Array.from(new DOMParser().parseFromString(text(parts(join(out, `${lang}.docx`)), 'word/styles.xml'), 'text/xml').getElementsByTagName('w:style'))
        .filter((style) => Array.from(style.getElementsByTagName('w:i')).some((italic) => italic.getAttribute('w:val') !== 'false'))
        .map((style) => style.getAttribute('w:styleId'));
    expect(italicStyles('zh')).toEqual([]);
    expect(italicStyles('en')).toEqual(expect.arrayContaining(['Heading4', 'Dateline', 'Caption', 'BlockText']));
  });
});

describe('a block in the other direction, in the DOCX', () => {
  it('sets a paragraph, quote or table whose `dir` is right to left as right to left in a left-to-right article, and one left to right in a right-to-left article', async () => {
    const source = temporary('dir-src');
    writeFileSync(
      join(source, 'en.md'),
      '---\ntitle: Quotes from Cairo\nlang: en\n---\n\nThe minister said:\n\n<p dir="rtl" lang="ar">نريد اتصالاً منتظماً.</p>\n\n<blockquote dir="rtl"><p>قال الوزير.</p></blockquote>\n\n<div dir="rtl">\n\n| الفئة | العدد |\n|---|---:|\n| مدنيون | 46 |\n\n</div>\n\nAfter.\n',
    );
    writeFileSync(join(source, 'ar.md'), '---\ntitle: اقتباس\nlang: ar\n---\n\nقال الوزير:\n\n<p dir="ltr" lang="en">We want regular contact.</p>\n');
    const out = await docxOf(source);
    /** Each body paragraph's first words, and whether it is right to left (`w:bidi`). */
    const directions = (slug: string) =>
      [...text(parts(join(out, `${slug}.docx`)), 'word/document.xml').matchAll(/<w:p>(.*?)<\/w:p>/g)]
        .map((paragraph) => `${/<w:bidi\/>/.test(paragraph[1] as string) ? 'rtl' : 'ltr'} ${/<w:t[^>]*>([^<]*)/.exec(paragraph[1] as string)?.[1] ?? ''}`)
        .slice(1);
    // They had been left to right, as the article is: the Arabic's full stop stood at its start, on the right.
    expect(directions('en')).toEqual([
      'ltr The minister said:',
      'rtl نريد اتصالاً منتظماً.',
      'rtl قال الوزير.',
      'rtl الفئة',
      'rtl العدد',
      'rtl مدنيون',
      'rtl 46',
      'ltr After.',
    ]);
    expect(text(parts(join(out, 'en.docx')), 'word/document.xml')).toContain('<w:bidiVisual/>');
    expect(directions('ar')).toEqual(['rtl قال الوزير:', 'ltr We want regular contact.']);
  }, 60_000);
});

describe("Word's language id, in the DOCX", () => {
  it('is a language-region id, the only kind Word reads: Traditional zh-TW, zh-HK, Simplified zh-CN, a bare tag its likely region, complex scripts in w:bidi and East Asian ones in w:eastAsia', async () => {
    const source = temporary('word-lang-src');
    const tags = {
      hant: 'zh-Hant',
      'hant-hk': 'zh-Hant-HK',
      tw: 'zh-TW',
      zh: 'zh',
      'hans-tw': 'zh-Hans-TW',
      ja: 'ja',
      ko: 'ko',
      en: 'en-GB',
      fr: 'fr',
      'pt-PT': 'pt-PT',
      'sr-Latn': 'sr-Latn',
      ar: 'ar',
      he: 'he',
      fa: 'fa',
      hi: 'hi',
      th: 'th',
    };
    for (const [name, lang] of Object.entries(tags)) writeFileSync(join(source, `${name}.md`), `---\ntitle: 新聞\nlang: ${lang}\n---\n\n新聞。\n`);
    const out = await docxOf(source);
    const language = (name: string) => /<w:lang [^>]*\/>/.exec(text(parts(join(out, `${name}.docx`)), 'word/styles.xml'))?.[0];
    expect(language('hant')).toBe('<w:lang w:val="zh-TW" w:eastAsia="zh-TW"/>');
    expect(language('hant-hk')).toBe('<w:lang w:val="zh-HK" w:eastAsia="zh-HK"/>');
    expect(language('tw')).toBe('<w:lang w:val="zh-TW" w:eastAsia="zh-TW"/>');
    expect(language('zh')).toBe('<w:lang w:val="zh-CN" w:eastAsia="zh-CN"/>');
    expect(language('hans-tw')).toBe('<w:lang w:val="zh-CN" w:eastAsia="zh-CN"/>');
    // A bare tag takes its likely region (CLDR's, by Intl.Locale#maximize); a region or script written stays.
    expect(language('ja')).toBe('<w:lang w:val="ja-JP" w:eastAsia="ja-JP"/>');
    expect(language('ko')).toBe('<w:lang w:val="ko-KR" w:eastAsia="ko-KR"/>');
    expect(language('en')).toBe('<w:lang w:val="en-GB"/>');
    expect(language('fr')).toBe('<w:lang w:val="fr-FR"/>');
    expect(language('pt-PT')).toBe('<w:lang w:val="pt-PT"/>');
    expect(language('sr-Latn')).toBe('<w:lang w:val="sr-Latn-RS"/>');
    // Right-to-left, Indic and Thai text is Word's complex script, whose language is w:bidi.
    expect(language('ar')).toBe('<w:lang w:val="ar-EG" w:bidi="ar-EG"/>');
    expect(language('he')).toBe('<w:lang w:val="he-IL" w:bidi="he-IL"/>');
    expect(language('fa')).toBe('<w:lang w:val="fa-IR" w:bidi="fa-IR"/>');
    expect(language('hi')).toBe('<w:lang w:val="hi-IN" w:bidi="hi-IN"/>');
    expect(language('th')).toBe('<w:lang w:val="th-TH" w:bidi="th-TH"/>');
  });
});

describe('words in another language, in the DOCX', () => {
  it('proofs a quotation whose `lang` is another language in it: its runs carry its `w:lang`, in the body, a quote and a note', async () => {
    const source = temporary('span-lang-src');
    writeFileSync(
      join(source, 'fr.md'),
      '---\ntitle: Sommet\nlang: fr\n---\n\nIl a dit <span lang="en">we want *regular* contact</span>, puis <span lang="ar">مرحبا</span>.[^1]\n\n<blockquote lang="zh-Hant"><p>我們希望</p></blockquote>\n\n<p lang="fr">En français.</p>\n\n[^1]: Cité <span lang="de">auf Deutsch</span>.\n',
    );
    const out = await docxOf(source);
    const files = parts(join(out, 'fr.docx'));
    /** Each run's words and its own `w:lang`, if it has one. */
    const runLanguages = (part: string) =>
      [...text(files, part).matchAll(/<w:r>(.*?)<\/w:r>/g)]
        .map((run) => [/<w:t[^>]*>([^<]*)/.exec(run[1] as string)?.[1]?.trim(), /<w:lang [^>]*\/>/.exec(run[1] as string)?.[0] ?? '-'])
        .filter(([words]) => words);
    // They had none: Word proofed the English as French, marking every word.
    expect(runLanguages('word/document.xml')).toEqual([
      ['Sommet', '-'],
      ['Il a dit', '-'],
      ['we want', '<w:lang w:val="en-US"/>'],
      ['regular', '<w:lang w:val="en-US"/>'],
      ['contact', '<w:lang w:val="en-US"/>'],
      [', puis', '-'],
      ['مرحبا', '<w:lang w:val="ar-EG" w:bidi="ar-EG"/>'],
      ['.', '-'],
      ['我們希望', '<w:lang w:val="zh-TW" w:eastAsia="zh-TW"/>'],
      ['En français.', '-'],
    ]);
    expect(runLanguages('word/footnotes.xml')).toEqual([
      ['Cité', '-'],
      ['auf Deutsch', '<w:lang w:val="de-DE"/>'],
      ['.', '-'],
    ]);
  }, 60_000);
});

describe('table columns aligned by the Markdown, in the DOCX', () => {
  /** Each row's cells' `w:jc`, '-' for none, as `left|center|right`. */
  const cellAlignments = (document: string) =>
    [...document.matchAll(/<w:tr>(.*?)<\/w:tr>/g)].map((row) =>
      [...(row[1] as string).matchAll(/<w:tc>.*?<\/w:tc>/g)].map((cell) => /<w:jc w:val="(\w+)"\/>/.exec(cell[0])?.[1] ?? '-').join('|'),
    );

  it('sets each cell as its column is aligned (`:---`, `:---:`, `---:`), on the page: at the start of a right-to-left paragraph for a right-aligned one', async () => {
    const source = temporary('aligned-src');
    const markdown = readFileSync(join('tests', 'fixtures', 'table-alignment', 'input.md'), 'utf8');
    writeFileSync(join(source, 'aligned.md'), markdown);
    writeFileSync(join(source, 'aligned-ar.md'), markdown.replace('lang: en', 'lang: ar'));
    const out = await docxOf(source);
    const document = (slug: string) => text(parts(join(out, `${slug}.docx`)), 'word/document.xml');
    // Word's `left` and `right` are a paragraph's start and end: in a right-to-left one, `left` is on the right.
    expect(cellAlignments(document('aligned')).slice(0, 2)).toEqual(['left|center|right', 'left|center|right']);
    expect(cellAlignments(document('aligned-ar')).slice(0, 2)).toEqual(['right|center|left', 'right|center|left']);
  }, 60_000);
});

describe('links in the DOCX, read away from the site', () => {
  it("links a relative link to its page under the config's baseUrl, resolved from the article's folder, in the body and in a note", async () => {
    const project = temporary('links-project');
    const source = join(project, 'source');
    mkdirSync(join(source, '2026', '12'), { recursive: true });
    writeFileSync(
      join(source, '2026', '12', 'links.md'),
      '---\ntitle: Links\n---\n\nSee [the earlier story](earlier-story.html), [the index](../../index.html) and [the agency](https://afp.com/en).[^1]\n\n[^1]: As [reported](reported.html).\n',
    );
    const config = join(project, 'pipeline.config.mjs');
    writeFileSync(
      config,
      `import { defineConfig, docx } from ${JSON.stringify(join(projectRoot, 'dist', 'index.js'))};\nexport default defineConfig({ baseUrl: 'https://news.example/world/', renderers: [docx()] });\n`,
    );
    const out = join(project, 'outputs');
    const result = await publish(['--config', config, '--source', source, '--out', out]);
    expect(result.code, result.stderr).toBe(0);
    const files = parts(join(out, '2026', '12', 'links.docx'));
    const targets = (rels: string) =>
      relationships(files, rels)
        .filter((relationship) => relationship.external)
        .map((relationship) => relationship.target);
    // They had kept their words, unlinked: a partner's copy lost the links the text and NewsML editions give.
    expect(targets('word/_rels/document.xml.rels')).toEqual([
      'https://news.example/world/2026/12/earlier-story.html',
      'https://news.example/world/index.html',
      'https://afp.com/en',
    ]);
    expect(targets('word/_rels/footnotes.xml.rels')).toEqual(['https://news.example/world/2026/12/reported.html']);
  }, 60_000);
});

describe('the DOCX edition set as Word sets its own documents', () => {
  const published = once(async () => {
    const source = temporary('as-word-src');
    writeFileSync(join(source, 'wide.webp'), flatWebp(900, 300, [0, 0, 255]));
    writeFileSync(
      join(source, 'as-word.md'),
      '---\ntitle: As Word\ndate: 2026-12-08\n---\n\nFirst.[^a] Again.[^a]\n\nSecond.[^b]\n\n- [x] done\n- [ ] open\n\n- plain\n\n| Picture | Words |\n| --- | --- |\n| ![Wide](wide.webp) | words |\n\n[^a]: The first footnote.\n[^b]: A named footnote.\n',
    );
    const out = await docxOf(source);
    const files = parts(join(out, 'as-word.docx'));
    return { files, document: text(files, 'word/document.xml'), styles: text(files, 'word/styles.xml') };
  });
  /** Each paragraph of a part: its style, whether it is numbered, and its words. */
  const paragraphsOf = (xml: string) =>
    [...xml.matchAll(/<w:p>(.*?)<\/w:p>/g)].map(([, inner = '']) => ({
      style: /<w:pStyle w:val="([^"]+)"\/>/.exec(inner)?.[1],
      numbered: inner.includes('<w:numPr>'),
      words: [...inner.matchAll(/<w:t[^>]*>([^<]*)<\/w:t>/g)].map((run) => run[1]).join(''),
    }));

  it("puts a space between a note's number and its words, and none after them", async () => {
    const { files } = await published();
    // They were "¹The first footnote" and "A named footnote. ": the space GFM puts before its back link ended the note.
    const notes = [...text(files, 'word/footnotes.xml').matchAll(/<w:footnote w:id="[1-9]\d*">(.*?)<\/w:footnote>/g)];
    expect(notes.map(([, note = '']) => paragraphsOf(note).map((paragraph) => paragraph.words))).toEqual([[' The first footnote.'], [' A named footnote.']]);
    for (const [, note = ''] of notes) expect(note).toMatch(/<w:footnoteRef\/><\/w:r><w:r><w:t xml:space="preserve"> <\/w:t>/);
  }, 60_000);

  it("sets a body paragraph off by Word's 8 points after it, and not a list's items, a table cell's paragraphs or a note's", async () => {
    const { document, styles } = await published();
    // Normal had no spacing: the paragraphs ran together.
    expect(styles).toMatch(/<w:pPrDefault><w:pPr><w:spacing w:after="160" w:line="259" w:lineRule="auto"\/><\/w:pPr><\/w:pPrDefault>/);
    const style = (id: string) => new RegExp(`<w:style [^>]*w:styleId="${id}".*?</w:style>`).exec(styles)?.[0] ?? '';
    expect(style('ListParagraph')).toContain('<w:contextualSpacing/>');
    expect(style('Compact')).toMatch(/<w:spacing w:after="36" w:before="36"\/>/);
    expect(style('FootnoteText')).toMatch(/<w:spacing w:after="0"/);
    const cells = [...document.matchAll(/<w:tc>(.*?)<\/w:tc>/g)].flatMap(([, cell = '']) => paragraphsOf(cell));
    expect(cells.map((paragraph) => paragraph.style)).toEqual(['Compact', 'Compact', 'Compact', 'Compact']);
  }, 60_000);

  it('sets a task item with its box, one space and no bullet', async () => {
    const { document } = await published();
    // They were "• ☒  done": a bullet, then the box's space and the words' own.
    const items = paragraphsOf(document).filter((paragraph) => paragraph.style === 'ListParagraph');
    expect(items).toEqual([
      { style: 'ListParagraph', numbered: false, words: '☒ done' },
      { style: 'ListParagraph', numbered: false, words: '☐ open' },
      { style: 'ListParagraph', numbered: true, words: 'plain' },
    ]);
  }, 60_000);

  it("cites a note cited twice by Word's cross-reference to its number, the first citation bookmarked", async () => {
    const { document } = await published();
    // The second citation was a plain superscript 1, no reference Word knew of.
    expect(document.match(/<w:footnoteReference w:id="\d+"\/>/g)).toEqual(['<w:footnoteReference w:id="1"/>', '<w:footnoteReference w:id="2"/>']);
    expect(document).toMatch(
      /<w:bookmarkStart w:name="_RefNote1" w:id="(\d+)"\/><w:r><w:rPr><w:rStyle w:val="FootnoteReference"\/><\/w:rPr><w:footnoteReference w:id="1"\/><\/w:r><w:bookmarkEnd w:id="\1"\/>/,
    );
    expect(document).toContain(
      '<w:fldSimple w:instr=" NOTEREF _RefNote1 \\f \\h "><w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr><w:t xml:space="preserve">1</w:t></w:r></w:fldSimple>',
    );
  }, 60_000);

  it("fits a picture in a table cell to the cell's width, not the page's", async () => {
    const { document } = await published();
    const columns = [...document.matchAll(/<w:gridCol w:w="(\d+)"\/>/g)].map((column) => Number(column[1]));
    const [, width = '0'] = /<wp:extent cx="(\d+)"/.exec(document) ?? [];
    // 635 EMUs to a twip. It had the page's text width, twice its column's.
    expect(columns).toHaveLength(2);
    expect(Number(width)).toBeLessThanOrEqual(((columns[0] as number) - 2 * 108) * 635);
    expect(Number(width)).toBeGreaterThan((columns[0] as number) * 635 * 0.9);
  }, 60_000);
});

describe('the DOCX edition in every thread', () => {
  it('is the same in the default run and in the worker pool (--jobs 2), and publish() with `jobs: 2` (threads rebuild it from the registry) gives the documents of one thread, with its options', async () => {
    const documents = await expectSameInEveryThread('docx', '.docx', "docx({ pageSize: 'LETTER' })", 'epub-images');
    for (const [name, bytes] of documents) expect(decoder.decode(unzipSync(bytes)['word/document.xml']), name).toContain('<w:pgSz w:w="12240" w:h="15840"');
  }, 180_000);
});
