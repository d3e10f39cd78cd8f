import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import JSZip from 'jszip';
import { beforeAll, describe, expect, it } from 'vitest';
import { fixturesDir } from './helpers/cases.js';
import { type CliRun, publish } from './helpers/cli.js';
import { newsroomConfig } from './helpers/formats.js';
import { readQpdfJson } from './helpers/pdfua.js';
import { describeWithTools, run } from './helpers/tools.js';

/*
 * Correction notices (front matter `corrections`) through the compiled CLI: every edition of the `corrections` fixture,
 * a French story corrected twice (written newest first, printed oldest first), carries both notices, dated in French
 * under the French heading; the newest correction dates the article's last change.
 */

const source = join(fixturesDir, 'corrections');
const first = 'Le ministre s’appelle Jean-Marc Dupont, et non Jean-Marc Dupond, au paragraphe 1.';
const second =
  'Le déficit prévu est de 4,6\u202f% du PIB, et non de 6,4\u202f% comme écrit par erreur au paragraphe 2, qui renvoyait au mauvais rapport du Haut Conseil des finances publiques.';
/** The second notice's link and emphasis, as its front matter writes them in Markdown. */
const report = 'https://www.example.org/budget-2027';
/** Each notice as the editions print it: its date in French words, a no-break space before the colon. */
const lines = [`1er décembre 2026\u00a0: ${first}`, `2 décembre 2026\u00a0: ${second}`];

let out: string;
let result: CliRun;

beforeAll(async () => {
  out = mkdtempSync(join(tmpdir(), 'editions-corrections-'));
  result = await publish(['--config', newsroomConfig, '--source', source, '--out', out]);
}, 120_000);

const edition = (name: string) => readFileSync(join(out, name));

/** The text of an XML or HTML document without its tags, its entities as written. */
const words = (markup: string) => markup.replace(/<[^>]+>/g, '');

describe('the corrections fixture, through the compiled CLI with the newsroom’s six editions', () => {
  it('publishes every edition, with no message', () => {
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toBe('');
  });

  it('HTML page: a section named by its French heading, each notice oldest first with its date as a <time>', () => {
    const page = edition('corrections.html').toString('utf8');
    const section = /<section class="corrections" aria-label="Rectificatifs"><h2>Rectificatifs<\/h2>(.*?)<\/section>/.exec(page)?.[1] ?? '';
    expect([...section.matchAll(/<p>(.*?)<\/p>/g)].map((match) => words(match[1] ?? ''))).toEqual(lines);
    expect([...section.matchAll(/<time datetime="([^"]+)">/g)].map((match) => match[1])).toEqual(['2026-12-01', '2026-12-02']);
    // After the body, before the colophon.
    expect(page.indexOf('recul par rapport')).toBeLessThan(page.indexOf('class="corrections"'));
    expect(page.indexOf('class="corrections"')).toBeLessThan(page.indexOf('<footer>'));
  });

  it('HTML page: a notice’s Markdown set as the body’s is, its link a link and its emphasis emphasis', () => {
    const page = edition('corrections.html').toString('utf8');
    expect(page).toContain(`qui renvoyait au <a href="${report}">mauvais rapport</a> du <em>Haut Conseil des finances publiques</em>.</p></section>`);
  });

  it('HTML page: JSON-LD `correction` as CorrectionComments, and `dateModified` the newest correction’s date', () => {
    const page = edition('corrections.html').toString('utf8');
    const jsonLd = JSON.parse(/<script type="application\/ld\+json">(.*?)<\/script>/.exec(page)?.[1] ?? '{}');
    expect(jsonLd.correction).toEqual([
      { '@type': 'CorrectionComment', text: first, datePublished: '2026-12-01' },
      { '@type': 'CorrectionComment', text: second, datePublished: '2026-12-02' },
    ]);
    expect([jsonLd.datePublished, jsonLd.dateModified]).toEqual(['2026-11-30T09:00:00Z', '2026-12-02']);
    expect(page).toContain('<meta property="article:modified_time" content="2026-12-02">');
  });

  it('text edition: the heading, underlined, and both notices', () => {
    const text = edition('corrections.txt').toString('utf8');
    expect(text).toContain('Rectificatifs\n-------------\n');
    // Lines joined as wrapped: the notices' words in order, each under the heading.
    const flowing = text.slice(text.indexOf('Rectificatifs')).replace(/\n(?!\n)/g, ' ');
    for (const line of lines) expect(flowing.replace(' [1]', '')).toContain(line.replace('Jean-Marc Dupond', 'Jean- Marc Dupond'));
    // The notice's link numbered as the body's are, its address in the list of links.
    expect(flowing).toContain('mauvais rapport [1] du Haut Conseil');
    expect(text).toContain(`Liens\n-----\n\n[1] ${report}\n`);
  });

  it('EPUB: the section in the chapter, its heading in the navigation, the book modified at the newest correction', async () => {
    const zip = await JSZip.loadAsync(edition('corrections.epub'));
    const chapter = (await zip.file('OEBPS/article.xhtml')?.async('string')) ?? '';
    const section =
      /<section class="corrections" aria-labelledby="corrections-title"><h2 id="corrections-title">Rectificatifs<\/h2>(.*?)<\/section>/.exec(chapter)?.[1] ??
      '';
    expect([...section.matchAll(/<p>(.*?)<\/p>/g)].map((match) => words(match[1] ?? ''))).toEqual(lines);
    expect(await zip.file('OEBPS/toc.xhtml')?.async('string')).toContain('<a href="article.xhtml#corrections-title">Rectificatifs</a>');
    expect(await zip.file('OEBPS/content.opf')?.async('string')).toContain('<meta property="dcterms:modified">2026-12-02T00:00:00Z</meta>');
    expect(section).toContain(`<a href="${report}">mauvais rapport</a> du <em>Haut Conseil des finances publiques</em>.`);
  });

  it('DOCX: the heading as a Heading 2 and both notices, in the document’s text', async () => {
    const zip = await JSZip.loadAsync(edition('corrections.docx'));
    const document = (await zip.file('word/document.xml')?.async('string')) ?? '';
    const paragraphs = [...document.matchAll(/<w:p>(.*?)<\/w:p>|<w:p [^>]*>(.*?)<\/w:p>/g)].map((match) => match[0]);
    const heading = paragraphs.find((paragraph) => words(paragraph) === 'Rectificatifs') ?? '';
    expect(heading).toContain('<w:pStyle w:val="Heading2"/>');
    const texts = paragraphs.map(words);
    expect(texts.slice(texts.indexOf('Rectificatifs') + 1, texts.indexOf('Rectificatifs') + 3)).toEqual(lines);
    // The link a hyperlink to its address, the emphasis in italics.
    const notice = paragraphs[texts.indexOf('Rectificatifs') + 2] ?? '';
    const link = /<w:hyperlink w:history="1" r:id="(\w+)">(.*?)<\/w:hyperlink>/.exec(notice);
    expect(words(link?.[2] ?? '')).toBe('mauvais rapport');
    expect(await zip.file('word/_rels/document.xml.rels')?.async('string')).toContain(
      `Id="${link?.[1]}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink" Target="${report}" TargetMode="External"`,
    );
    expect(notice).toContain('<w:rPr><w:i/><w:iCs/></w:rPr><w:t xml:space="preserve">Haut Conseil des finances publiques</w:t>');
  });

  it('NewsML-G2: an edNote per notice and the sig:correction signal, in the text item and the package; the version follows the newest correction', () => {
    for (const name of ['corrections.newsml.xml', 'corrections.images/package.newsml.xml']) {
      const item = edition(name).toString('utf8');
      expect(
        [...item.matchAll(/<edNote>(.*?)<\/edNote>/g)].map((match) => match[1]),
        name,
      ).toEqual(lines);
      expect(item, name).toContain('<signal qcode="sig:correction"></signal>');
      expect(item, name).toContain('<versionCreated>2026-12-02T00:00:00Z</versionCreated>');
    }
    // Seconds from 2026-11-30T09:00:00Z to 2026-12-02T00:00:00Z, plus one.
    expect(edition('corrections.newsml.xml').toString('utf8')).toContain(' version="140401" ');
  });
});

describeWithTools(['poppler', 'qpdf'], 'the corrections fixture’s PDF', () => {
  it('a section (Sect) in the structure tree, its heading an H2, each notice a P, after the body and before the colophon', async () => {
    const structure = (await run('pdfinfo', ['-struct-text', join(out, 'corrections.pdf')])).stdout;
    const section = /\n {2}Sect\n((?: {4}.*\n)+)/.exec(structure)?.[1] ?? '';
    // Each block's text, its inline elements' (the notice's Link) in it.
    const blocks = [...section.matchAll(/^ {4}(\w+) \(block\)\n((?: {6}.*\n)+)/gm)].map((match) => [
      match[1],
      [...(match[2] ?? '').matchAll(/^ +"(.*)"$/gm)].map((text) => text[1]).join(''),
    ]);
    expect(blocks).toEqual([['H2', 'Rectificatifs'], ...lines.map((line) => ['P', line])]);
    expect(section).toMatch(/ {6}Link \(inline\)\n {8}"mauvais rapport"\n/);
    expect(structure.indexOf('recul par rapport')).toBeLessThan(structure.indexOf('Rectificatifs'));
    expect(structure.indexOf('Rectificatifs')).toBeLessThan(structure.indexOf('Mots-clés'));
  });

  it('the notice’s link a Link annotation to its address, in the Link element; its emphasis in italics; its words in the text', async () => {
    const pdf = join(out, 'corrections.pdf');
    const objects = (await readQpdfJson(pdf)).qpdf[1] as Record<string, { value?: Record<string, unknown> }>;
    const value = (ref: unknown) => objects[`obj:${ref}`]?.value ?? {};
    const annotations = Object.values(objects)
      .map((object) => object.value ?? {})
      .filter((object) => object['/Subtype'] === '/Link');
    // One annotation a line the link's words stand on.
    expect(annotations.length).toBeGreaterThan(0);
    for (const annotation of annotations) expect(value(annotation['/A'])['/URI']).toBe(`u:${report}`);
    const linkElements = Object.values(objects)
      .map((object) => object.value ?? {})
      .filter((element) => element['/S'] === '/Link');
    const annotated = linkElements.flatMap((link) =>
      (link['/K'] as Record<string, unknown>[]).filter((kid) => typeof kid === 'object' && kid['/Type'] === '/OBJR').map((kid) => value(kid['/Obj'])),
    );
    expect(annotated).toEqual(annotations);
    expect((await run('pdffonts', [pdf])).stdout).toMatch(/NotoSerif-Italic/);
    const text = (await run('pdftotext', [pdf, '-'])).stdout.replace(/\s+/g, ' ');
    expect(text).toContain(`2 décembre 2026\u00a0: ${second}`.replace(/\s+/g, ' '));
  });
});

describe('the feeds of a corrected story', () => {
  it('date its entry’s update at the newest correction', async () => {
    const feedOut = mkdtempSync(join(tmpdir(), 'editions-corrections-feed-'));
    const feedRun = await publish(['--config', 'tests/configs/collections.config.ts', '--source', source, '--out', feedOut, '--only', 'html,feed']);
    expect(feedRun.code, feedRun.stderr).toBe(0);
    const atom = readFileSync(join(feedOut, 'feed.xml'), 'utf8');
    expect(atom.slice(atom.indexOf('<entry>'))).toContain('<updated>2026-12-02T00:00:00Z</updated>');
    const json = JSON.parse(readFileSync(join(feedOut, 'feed.json'), 'utf8'));
    expect(json.items[0].date_modified).toBe('2026-12-02T00:00:00Z');
  }, 60_000);
});

describe('right-to-left and Chinese articles with corrections', () => {
  it('print the notice under the heading of their language, dated in it', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'editions-corrections-scripts-'));
    const story = (lang: string, text: string) =>
      `---\ntitle: ${lang}\ndate: 2026-11-30\nlang: ${lang}\ncorrections:\n  - date: 2026-12-02\n    text: ${text}\n---\n\n${text}\n`;
    writeFileSync(join(folder, 'ar.md'), story('ar', 'صُحّح اسم الوزير.'));
    writeFileSync(join(folder, 'zh.md'), story('zh', '更正了部长的名字。'));
    const scriptsRun = await publish(['--source', folder, '--out', join(folder, 'out'), '--only', 'html,text']);
    expect(scriptsRun.code, scriptsRun.stderr).toBe(0);
    const arabic = readFileSync(join(folder, 'out', 'ar.html'), 'utf8');
    expect(arabic).toContain('<html lang="ar" dir="rtl">');
    expect(arabic).toContain(
      '<section class="corrections" aria-label="تصحيح"><h2>تصحيح</h2><p><time datetime="2026-12-02">2 ديسمبر 2026</time>: صُحّح اسم الوزير.</p></section>',
    );
    expect(readFileSync(join(folder, 'out', 'zh.txt'), 'utf8')).toContain('更正\n----\n\n2026年12月2日：更正了部长的名字。\n');
  }, 60_000);
});

describe('bad `corrections`, through the compiled CLI', () => {
  it.each([
    ['threads', []],
    ['--jobs 1', ['--jobs', '1']],
  ])(
    'a block (of Markdown or raw HTML) or a picture in a notice’s Markdown is an error at its line and column, the other articles published (%s)',
    async (_mode, jobs) => {
      const folder = mkdtempSync(join(tmpdir(), 'editions-corrections-blocks-'));
      writeFileSync(
        join(folder, 'blocks.md'),
        [
          '---',
          'title: Blocks',
          'date: 2026-11-30',
          'corrections:',
          '  - date: 2026-12-01',
          '    text: "# A heading"',
          '  - date: 2026-12-02',
          '    text: |',
          '      A first paragraph, with *emphasis*.',
          '',
          '      - a list item',
          '  - date: 2026-12-03',
          '    text: A picture ![chart](chart.png) in a notice.',
          '  - date: 2026-12-04',
          '    text: |',
          '      One paragraph.',
          '',
          '      Another.',
          '  - date: 2026-12-05',
          '    text: Words <div>in a block</div> and more.',
          '---',
          '',
          'Body.',
          '',
        ].join('\n'),
      );
      writeFileSync(join(folder, 'fine.md'), '---\ntitle: Fine\ncorrections:\n  - date: 2026-12-01\n    text: A *fine* notice.\n---\n\nBody.\n');
      const blocksRun = await publish(['--source', folder, '--out', join(folder, 'out'), '--only', 'html,text', ...jobs]);
      expect(blocksRun.code).toBe(1);
      const errors = blocksRun.stderr
        .split('\n')
        .map((line) => /^\s*(\d+:\d+)\s+error\s+(.*?)\s+(\S+)\s+editions$/.exec(line))
        .filter((match) => match !== null)
        .map((match) => [match[1], match[3], match[2]]);
      const says = (path: string, what: string) =>
        expect.stringMatching(new RegExp(`^Front matter ${path} holds ${what}, but a correction's text is one paragraph of inline Markdown`));
      expect(errors).toEqual([
        ['6:12', 'correction-markdown', says("`corrections` item 1's `text`", 'a heading')],
        ['11:7', 'correction-markdown', says("`corrections` item 2's `text`", 'a list')],
        ['13:21', 'correction-markdown', says("`corrections` item 3's `text`", 'a picture')],
        ['18:7', 'correction-markdown', says("`corrections` item 4's `text`", 'a second paragraph \\(a blank line\\)')],
        ['20:17', 'correction-markdown', says("`corrections` item 5's `text`", 'a block of HTML')],
      ]);
      expect(existsSync(join(folder, 'out', 'blocks.html'))).toBe(false);
      expect(readFileSync(join(folder, 'out', 'fine.html'), 'utf8')).toContain('A <em>fine</em> notice.</p></section>');
    },
    60_000,
  );

  it('errors at the line and column of the value, warnings for a correction before `date` and an `updated` before a correction', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'editions-corrections-bad-'));
    writeFileSync(
      join(folder, 'bad.md'),
      [
        '---',
        'title: Bad',
        'date: 2026-11-30',
        'corrections:',
        '  - date: 2026-02-30',
        '    text: A day that does not exist.',
        '  - date: 2026-12-03',
        '    text: "  "',
        '  - date: 2026-12-03',
        '  - text: An unknown key.',
        '    date: 2026-12-04',
        '    note: extra',
        '  - date: 20261205',
        '    text: A number.',
        '---',
        '',
        'Body.',
        '',
      ].join('\n'),
    );
    writeFileSync(join(folder, 'shape.md'), '---\ntitle: Shape\ncorrections: A correction.\n---\n\nBody.\n');
    writeFileSync(
      join(folder, 'warn.md'),
      '---\ntitle: Warn\ndate: 2026-11-30\nupdated: 2026-12-01\ncorrections:\n  - date: 2026-11-29\n    text: Before the story.\n  - date: 2026-12-05\n    text: After the update.\n---\n\nBody.\n',
    );
    const badRun = await publish(['--source', folder, '--out', join(folder, 'out'), '--only', 'text']);
    expect(badRun.code).toBe(1);
    const messages = badRun.stderr
      .split('\n')
      .map((line) => /^\s*(\d+:\d+)\s+(error|warning)\s+(.*?)\s+(\S+)\s+editions$/.exec(line))
      .filter((match) => match !== null)
      .map((match) => [match[1], match[2], match[4], match[3]]);
    expect(messages).toEqual([
      ['5:11', 'error', 'invalid-corrections', expect.stringMatching(/^Front matter `corrections` item 1's `date` must be a real date/)],
      ['8:11', 'error', 'invalid-corrections', "Front matter `corrections` item 2's `text` must not be empty"],
      ['9:5', 'error', 'invalid-corrections', "Front matter `corrections` item 3's `text` is missing: give it as a string"],
      ['12:11', 'error', 'invalid-corrections', 'Front matter `corrections` item 4 has an unknown key, `note`: a correction takes `date` and `text`'],
      ['13:11', 'error', 'invalid-corrections', expect.stringMatching(/^Front matter `corrections` item 5's `date` must be a real date/)],
      ['3:14', 'error', 'invalid-corrections', 'Front matter `corrections` must be a list'],
      [
        '4:10',
        'warning',
        'updated-before-correction',
        expect.stringMatching(/^Front matter `updated` \(2026-12-01\) is before the newest correction \(2026-12-05\)/),
      ],
      [
        '6:11',
        'warning',
        'correction-before-date',
        expect.stringMatching(/^Front matter `corrections` item 1's `date` \(2026-11-29\) is before `date` \(2026-11-30\)/),
      ],
    ]);
    // The article with warnings is published, modified at its newest correction.
    expect(readFileSync(join(folder, 'out', 'warn.txt'), 'utf8')).toContain('After the update.');
  }, 60_000);
});
