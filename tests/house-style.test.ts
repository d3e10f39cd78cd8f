import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { unzipSync } from 'fflate';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aceReport, aceViolations } from './helpers/ace.js';
import { axeViolations, launchChromium } from './helpers/browser.js';
import { placeOf, projectRoot } from './helpers/cases.js';
import { publish } from './helpers/cli.js';
import { describeWithTools, epubcheckJar, run, vnuJar } from './helpers/tools.js';
import { isVnuDataImageBug, type VnuMessage } from './helpers/validators.js';

/*
 * The theme through the compiled CLI: examples/house-style (every option, a
 * font and a logo of its own) and the built-in theme (the project's config).
 */

const example = join(projectRoot, 'examples', 'house-style');
const exampleConfig = 'examples/house-style/pipeline.config.ts';
const slug = 'moscow-syria-opposition-contact';
const name = 'The Harbour Gazette';
const fontFiles = ['LibreFranklin-Bold.ttf', 'Newsreader-Regular.ttf', 'JetBrainsMono-Regular.ttf'];
const fontBytes = fontFiles.map((file) => readFileSync(join(example, 'fonts', file)));
const temporary = (label: string) => mkdtempSync(join(tmpdir(), `editions-house-${label}-`));
const read = (folder: string, file: string) => readFileSync(join(folder, file), 'utf8');

let house: string;
let builtIn: string;
beforeAll(async () => {
  house = temporary('out');
  builtIn = temporary('builtin');
  const [themed, plain] = await Promise.all([publish(['--config', exampleConfig, '--out', house]), publish(['--out', builtIn, '--only', 'html,epub,text'])]);
  expect(themed.code, themed.stderr).toBe(0);
  expect(plain.code, plain.stderr).toBe(0);
}, 120_000);

describe('house style: what each edition carries', () => {
  it('HTML: every font as @font-face with the font file inside, the colours, the masthead in the banner, house.css last', () => {
    const html = read(house, `${slug}.html`);
    const faces = [...html.matchAll(/@font-face\{font-family:"([^"]+)";src:url\("data:font\/ttf;base64,([^"]+)"\) format\("truetype"\);font-weight:(\d+)/g)];
    expect(faces.map((face) => face[1])).toEqual(['Libre Franklin', 'Newsreader', 'JetBrains Mono']);
    expect(faces.map((face) => Buffer.from(face[2] ?? '', 'base64').equals(fontBytes[faces.indexOf(face)] as Buffer))).toEqual([true, true, true]);
    expect(faces.map((face) => face[3])).toEqual(['700', '400', '400']);
    expect(html).toContain('body{font-family:"Newsreader",');
    expect(html).toMatch(/content="[^"]*img-src data:; font-src data:;/);
    expect(html).toContain(':root{color-scheme:light dark;--ink:#1a1a2e;--paper:#fbf8f1;--muted:#5a5560;--rule:#7a1f2b;--link:#7a1f2b}');
    expect(html).toContain('@media (prefers-color-scheme:dark){:root{--ink:#eeeae2;--paper:#16141a;--muted:#b9b2bd;--rule:#f2a7b0;--link:#f2a7b0}}');
    // The banner (a header outside main) comes before the article; the logo's alt text is the name.
    expect(html).toMatch(
      new RegExp(
        `<body><header class="masthead"><img class="masthead-logo" src="data:image/svg\\+xml;base64,[^"]+" alt="${name}" width="64" height="64"><p class="publisher" aria-hidden="true">${name}</p></header><main><article>`,
      ),
    );
    const houseCss = readFileSync(join(example, 'house.css'), 'utf8');
    expect(html).toContain(`${houseCss}</style>`);
  });

  it('index page: the same fonts, colours and masthead, inside the page', () => {
    const index = read(house, 'index.html');
    expect(index.match(/@font-face\{/g)).toHaveLength(3);
    expect(index).toContain('--link:#7a1f2b');
    expect(index).toMatch(new RegExp(`<body><header class="masthead"><img [^>]*alt="${name}"`));
    expect(index).toMatch(/content="default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:;/.source.replaceAll("'", '&#x27;'));
  });

  it('EPUB: fonts and logo in the manifest and the book, @font-face in its stylesheet, the masthead on the title page and the cover', () => {
    const book = unzipSync(readFileSync(join(house, `${slug}.epub`)));
    const text = (path: string) => new TextDecoder().decode(book[path]);
    const opf = text('OEBPS/content.opf');
    const items = [...opf.matchAll(/<item id="theme-\d+" href="(theme\/[0-9a-f]{16}\.(?:ttf|svg))" media-type="([^"]+)"\/>/g)];
    expect(items.map((item) => item[2])).toEqual(['font/ttf', 'font/ttf', 'font/ttf', 'image/svg+xml']);
    for (const [index, bytes] of fontBytes.entries()) expect(Buffer.from(book[`OEBPS/${items[index]?.[1]}`] ?? []).equals(bytes)).toBe(true);
    const css = text('OEBPS/style.css');
    expect(css.match(/@font-face\{font-family:"[^"]+";src:url\("theme\/[0-9a-f]{16}\.ttf"\)/g)).toHaveLength(3);
    expect(css).toContain('a { color: #7a1f2b; }');
    expect(css.endsWith(readFileSync(join(example, 'house.css'), 'utf8'))).toBe(true);
    const logo = items[3]?.[1];
    expect(text('OEBPS/title.xhtml')).toContain(`<header class="masthead"><img class="masthead-logo" src="${logo}" alt="${name}" width="64" height="64" />`);
    expect(text('OEBPS/cover.svg')).toContain(`<image xlink:href="${logo}"`);
    expect(text('OEBPS/cover.svg')).toContain(`>${name}</text>`);
  });

  it('text: the masthead name over a rule of ═ across the measure, and the same rule closing the article', () => {
    const lines = read(house, `${slug}.txt`).split('\n');
    expect(lines.slice(0, 3)).toEqual([name, '═'.repeat(72), '']);
    expect(lines.filter((line) => line === '═'.repeat(72))).toHaveLength(2);
  });

  it('the built-in theme: no masthead, no font, the decorative rules of before', () => {
    const html = read(builtIn, `${slug}.html`);
    expect(html).not.toContain('@font-face');
    expect(html).not.toContain('masthead');
    expect(html).toContain('--rule:#d8d2c4');
    expect(read(builtIn, `${slug}.txt`)).not.toContain('─');
  });

  it('editions are byte-identical across two runs', async () => {
    const again = temporary('again');
    expect((await publish(['--config', exampleConfig, '--out', again])).code).toBe(0);
    const files = readdirSync(house).filter((file) => !file.startsWith('.'));
    expect(files.length).toBe(9);
    for (const file of files) expect(readFileSync(join(again, file)).equals(readFileSync(join(house, file))), file).toBe(true);
  }, 60_000);

  it('a changed CSS or logo file republishes every edition; an unchanged theme republishes none', async () => {
    const copy = temporary('copy');
    cpSync(example, copy, { recursive: true, filter: (path) => !path.includes('outputs') });
    const out = temporary('incremental');
    const args = ['--config', join(copy, 'pipeline.config.ts'), '--out', out];
    expect((await publish(args)).stdout).toMatch(/^8 editions of 2\/2 articles and 1 collection file written/m);
    expect((await publish(args)).stdout).toMatch(/^0 editions of 2\/2 articles written/m);
    writeFileSync(join(copy, 'house.css'), `${read(copy, 'house.css')}h2 { text-transform: uppercase; }\n`);
    const restyled = await publish(args);
    expect(restyled.stdout).toMatch(/^8 editions of 2\/2 articles and 1 collection file written/m);
    expect(read(out, `${slug}.html`)).toContain('h2 { text-transform: uppercase; }');
    writeFileSync(join(copy, 'logo.svg'), read(copy, 'logo.svg').replace('#7a1f2b', '#1f4f7a'));
    expect((await publish(args)).stdout).toMatch(/^8 editions of 2\/2 articles and 1 collection file written/m);
  }, 90_000);

  it('a theme that fails the contrast check stops the publish with the pair and its ratio (exit 2)', async () => {
    const copy = temporary('pale');
    cpSync(example, copy, { recursive: true, filter: (path) => !path.includes('outputs') });
    const config = join(copy, 'pipeline.config.ts');
    writeFileSync(config, read(copy, 'pipeline.config.ts').replace("muted: '#5a5560'", "muted: '#999999'"));
    const result = await publish(['--config', config, '--out', temporary('pale-out')]);
    expect(result.code).toBe(2);
    // Placed where the colour is written.
    expect(result.stderr).toContain(
      `${placeOf(config, "muted: '#999999'")}: theme.colors.muted (#999999) on theme.colors.background (#fbf8f1) has a contrast of 2.68:1; WCAG 2.2 AA needs 4.5:1 for text`,
    );
  }, 30_000);
});

describeWithTools(['vnu', 'epubcheck'], 'house style: validators', () => {
  it('the Nu checker: no error or warning on the article pages and the index, built-in and example theme', async () => {
    const pages = [join(house, `${slug}.html`), join(house, 'every-block.html'), join(house, 'index.html'), join(builtIn, `${slug}.html`)];
    const { stderr } = await run('java', ['-jar', vnuJar, '--also-check-css', '--format', 'json', ...pages]).catch((error) => error);
    expect((JSON.parse(stderr).messages as VnuMessage[]).filter((message) => !isVnuDataImageBug(message))).toEqual([]);
  }, 60_000);

  it("epubcheck: no message on the example's EPUBs", async () => {
    for (const book of [`${slug}.epub`, 'every-block.epub']) {
      const { stdout } = await run('java', ['-jar', epubcheckJar, join(house, book)]);
      expect(stdout).toContain('Messages: 0 fatals / 0 errors / 0 warnings / 0 infos');
    }
  }, 120_000);
});

describeWithTools(['chromium'], 'house style: Ace by DAISY', () => {
  it("no violation in the example's EPUB", async () => {
    const report = await aceReport(join(house, `${slug}.epub`));
    expect(aceViolations(report)).toEqual([]);
    expect(report['earl:result']['earl:outcome']).toBe('pass');
  }, 120_000);
});

describeWithTools(['chromium'], 'house style in Chromium', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });

  const views = [
    { width: 375, height: 800, colorScheme: 'light' },
    { width: 375, height: 800, colorScheme: 'dark' },
    { width: 1280, height: 900, colorScheme: 'light' },
    { width: 1280, height: 900, colorScheme: 'dark' },
  ] as const;

  for (const [theme, page] of [
    ['example theme: the article', () => join(house, `${slug}.html`)],
    ['example theme: every block', () => join(house, 'every-block.html')],
    ['example theme: the index', () => join(house, 'index.html')],
    ['built-in theme: the article', () => join(builtIn, `${slug}.html`)],
  ] as const) {
    it(`${theme}: axe finds no violation in light and dark, at 375 and 1280 px`, async () => {
      for (const view of views) {
        const context = await browser.newContext({ bypassCSP: true, viewport: view, colorScheme: view.colorScheme });
        const tab = await context.newPage();
        await tab.goto(pathToFileURL(page()).href, { waitUntil: 'load' });
        const violations = await axeViolations(tab);
        await context.close();
        expect(violations, `${view.width}px ${view.colorScheme}`).toEqual([]);
      }
    }, 60_000);
  }

  /** The font families Chromium loaded from the page's @font-face rules, under the page's own policy, with no console error. */
  async function loadedFonts(page: string): Promise<{ families: string[]; logoShown: boolean; problems: string[]; requests: string[] }> {
    const context = await browser.newContext();
    const tab = await context.newPage();
    const problems: string[] = [];
    const requests: string[] = [];
    tab.on('console', (message) => problems.push(`${message.type()}: ${message.text()}`));
    tab.on('request', (request) => requests.push(request.url()));
    await tab.goto(pathToFileURL(page).href, { waitUntil: 'load' });
    const seen = await tab.evaluate(async () => {
      const { document } = globalThis as unknown as {
        document: {
          fonts: { ready: Promise<unknown>; load(font: string): Promise<unknown>; forEach(each: (face: { family: string; status: string }) => void): void };
          querySelector(selector: string): { complete: boolean; naturalWidth: number } | null;
        };
      };
      await Promise.all(['700 16px "Libre Franklin"', '16px Newsreader', '16px "JetBrains Mono"'].map((font) => document.fonts.load(font)));
      const families: string[] = [];
      document.fonts.forEach((face) => {
        if (face.status === 'loaded') families.push(face.family.replaceAll('"', ''));
      });
      const logo = document.querySelector('.masthead-logo');
      return { families, logoShown: (logo?.complete ?? false) && (logo?.naturalWidth ?? 0) > 0 };
    });
    await context.close();
    return { ...seen, problems, requests };
  }

  it('the page loads its fonts and logo from inside itself, with no policy violation', async () => {
    const page = join(house, `${slug}.html`);
    const seen = await loadedFonts(page);
    expect(seen.families.sort()).toEqual(['JetBrains Mono', 'Libre Franklin', 'Newsreader']);
    expect(seen.logoShown).toBe(true);
    expect(seen.problems).toEqual([]);
    expect(seen.requests.filter((url) => !url.startsWith('data:'))).toEqual([pathToFileURL(page).href]);
  });

  it("with images: 'beside', the fonts and logo are written beside the page in theme/, and the page loads them", async () => {
    const out = temporary('beside');
    const result = await publish(['--config', 'tests/configs/theme-beside.config.ts', '--source', 'source', '--out', out]);
    expect(result.code, result.stderr).toBe(0);
    const html = read(out, `${slug}.html`);
    expect(html).not.toContain('data:font');
    expect(html).toMatch(/font-src &#x27;self&#x27;;/);
    const urls = [...html.matchAll(/url\("(theme\/[0-9a-f]{16}\.ttf)"\)/g)].map((match) => match[1] ?? '');
    expect(urls).toHaveLength(2);
    expect(urls.map((url) => fontBytes.findIndex((bytes) => bytes.equals(readFileSync(join(out, url)))))).toEqual([0, 1]);
    expect(html).toMatch(new RegExp(`<img class="masthead-logo" src="theme/[0-9a-f]{16}\\.svg" alt="${name}"`));
    expect(statSync(join(out, 'theme')).isDirectory()).toBe(true);
    const seen = await loadedFonts(join(out, `${slug}.html`));
    expect(seen.families.sort()).toEqual(['Libre Franklin', 'Newsreader']);
    expect(seen.logoShown).toBe(true);
    expect(seen.problems).toEqual([]);
  }, 60_000);
});

describeWithTools(['chromium', 'poppler'], 'house style: the headline face in every edition', () => {
  it('sets the byline, the dateline and a caption in the HTML page, the EPUB and the PDF alike', async () => {
    const source = temporary('faces-source');
    const out = temporary('faces-out');
    cpSync(join(projectRoot, 'tests', 'fixtures', 'long-form', 'harbour.jpg'), join(source, 'harbour.jpg'));
    writeFileSync(
      join(source, 'faces.md'),
      '---\ntitle: Faces\nauthor: Claire Dubois\ncredit: AFP\ndateline: PARIS\ndate: 2026-12-01\nlang: en\n---\n\nThe port reopened.\n\n![The harbour](harbour.jpg "Quayside cranes at dawn.")\n\nShips came in.\n',
    );
    const { code, stderr } = await publish(['--config', exampleConfig, '--source', source, '--out', out, '--only', 'html,epub,pdf']);
    expect(code, stderr).toBe(0);
    const book = unzipSync(readFileSync(join(out, 'faces.epub')));
    const chapters = temporary('faces-epub');
    for (const [path, bytes] of Object.entries(book)) {
      if (path.endsWith('/')) continue;
      const file = join(chapters, path);
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, bytes);
    }
    const browser = await launchChromium();
    /** The first family each selector's element is set in, and its style (italic or normal), in the document at `path`. */
    const families = async (path: string, selectors: string[]) => {
      const page = await browser.newPage();
      await page.goto(pathToFileURL(path).href);
      const found = await Promise.all(
        selectors.map((selector) =>
          page.$eval(selector, (element) => {
            const style = element.ownerDocument.defaultView?.getComputedStyle(element);
            return `${style?.fontFamily.split(',')[0]} ${style?.fontStyle}`;
          }),
        ),
      );
      await page.close();
      return found;
    };
    const html = await families(join(out, 'faces.html'), ['.byline', '.dateline', 'figcaption']);
    const epub = [
      ...(await families(join(chapters, 'OEBPS', 'title.xhtml'), ['.byline', '.dateline'])),
      ...(await families(join(chapters, 'OEBPS', 'article.xhtml'), ['figcaption'])),
    ];
    await browser.close();
    // Upright: the face's one file is bold upright, which the PDF draws as it is; an italic caption was a slanted bold the reader faked.
    expect(html).toEqual(['"Libre Franklin" normal', '"Libre Franklin" normal', '"Libre Franklin" normal']);
    expect(epub).toEqual(html);
    // The PDF: the face pdftohtml names for the line holding each.
    const xml = (await run('pdftohtml', ['-xml', '-stdout', '-i', join(out, 'faces.pdf')])).stdout;
    const faces = new Map([...xml.matchAll(/<fontspec id="(\d+)"[^>]* family="[A-Z]+\+([^"]+)"/g)].map(([, id, family]) => [id, family]));
    const faceOf = (words: string) => faces.get(new RegExp(`<text [^>]*font="(\\d+)">(?:<[bi]>)*[^<]*${words}`).exec(xml)?.[1] ?? '');
    expect([faceOf('Claire Dubois'), faceOf('PARIS'), faceOf('Quayside cranes')]).toEqual(['LibreFranklin', 'LibreFranklin', 'LibreFranklin']);
  });
});
