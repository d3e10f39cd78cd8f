import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Element } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import { imageSize } from 'image-size';
import jpeg from 'jpeg-js';
import { chromium } from 'playwright-core';
import { visit } from 'unist-util-visit';
import { describe, expect, it } from 'vitest';
import { html } from '../src/renderers/html/index.js';
import { projectRoot } from './helpers/cases.js';
import { executionModes, modeNames, publish, publishUnderStrace } from './helpers/cli.js';
import { chromiumPath, describeWithTools, run, vnuJar } from './helpers/tools.js';

const fixtures = join(projectRoot, 'tests', 'responsive-images');
const config = ['--config', 'tests/configs/responsive-images.config.ts'];

/** Both fixture articles in one source folder: the photos (JPEG, PNG, WebP, one small PNG) and the phone's upright JPEG with GPS. */
function sourceFolder(): string {
  const source = mkdtempSync(join(tmpdir(), 'editions-responsive-src-'));
  cpSync(join(fixtures, 'photos'), source, { recursive: true });
  cpSync(join(fixtures, 'phone', 'input.md'), join(source, 'phone.md'));
  cpSync(join(fixtures, 'phone', 'upright.jpg'), join(source, 'upright.jpg'));
  return source;
}

async function published(args: readonly string[] = []): Promise<string> {
  const out = mkdtempSync(join(tmpdir(), 'editions-responsive-out-'));
  const result = await publish([...config, '--source', sourceFolder(), '--out', out, ...args]);
  expect(result.code, result.stderr).toBe(0);
  return out;
}

function images(page: string): Element[] {
  const found: Element[] = [];
  visit(fromHtml(readFileSync(page, 'utf8')), 'element', (node) => {
    if (node.tagName === 'img') found.push(node);
  });
  return found;
}

/** An `<img>`'s srcset as [address, width] pairs. */
function candidates(image: Element): [string, number][] {
  const srcset = image.properties.srcSet;
  if (typeof srcset !== 'string') return [];
  return srcset.split(', ').map((candidate) => {
    const [url = '', descriptor = ''] = candidate.split(' ');
    return [url, Number(descriptor.replace(/w$/, ''))];
  });
}

/** The file holds metadata: a JPEG's EXIF segment (APP1), a PNG's eXIf or text chunk, a WebP's EXIF or XMP chunk. */
function hasMetadata(bytes: Buffer): boolean {
  return ['Exif\0\0', 'eXIf', 'tEXt', 'iTXt', 'EXIF', 'XMP ', 'http://ns.adobe.com/xap'].some((marker) => bytes.includes(marker));
}

/** The EXIF pointer to GPS data (tag 0x8825), in either byte order. */
function hasGps(bytes: Buffer): boolean {
  return bytes.includes(Buffer.from([0x88, 0x25])) || bytes.includes(Buffer.from([0x25, 0x88]));
}

/** The addresses of every picture and copy in the Atom feed's content, then in the JSON feed's. */
function feedAddresses(out: string): string[][] {
  const atom = fromHtml(
    readFileSync(join(out, 'feed.xml'), 'utf8')
      .replace(/^[\s\S]*?<content type="html">|<\/content>[\s\S]*$/g, '')
      .replaceAll('&lt;', '<')
      .replaceAll('&gt;', '>')
      .replaceAll('&quot;', '"')
      .replaceAll('&amp;', '&'),
    { fragment: true },
  );
  const json = JSON.parse(readFileSync(join(out, 'feed.json'), 'utf8')).items[0].content_html;
  return [atom, fromHtml(json, { fragment: true })].map((content) => {
    const addresses: string[] = [];
    visit(content, 'element', (node) => {
      if (node.tagName === 'img') addresses.push(...candidates(node).map(([url]) => url));
    });
    return addresses;
  });
}

/** An article showing the harbour's JPEG in the column, then in a quote, a list, a task list, a table, and a quote in a list. */
async function nestedPictures(): Promise<string> {
  const source = mkdtempSync(join(tmpdir(), 'editions-responsive-src-'));
  cpSync(join(fixtures, 'photos', 'harbour.jpg'), join(source, 'harbour.jpg'));
  const body = [
    '![In the column](harbour.jpg)',
    '> ![In a quote](harbour.jpg)',
    '- ![In a list](harbour.jpg)',
    // Another list: a task in a list makes every item of it a task list's.
    '* [ ] ![In a task list](harbour.jpg)',
    '| Picture |\n| --- |\n| ![In a table](harbour.jpg) |',
    '1. A list\n\n   > ![In a quote in a list](harbour.jpg)',
  ];
  writeFileSync(join(source, 'nested.md'), `---\ntitle: Pictures inside other things\n---\n\n${body.join('\n\n')}\n`);
  const out = mkdtempSync(join(tmpdir(), 'editions-responsive-out-'));
  const result = await publish([...config, '--source', source, '--out', out]);
  expect(result.code, result.stderr).toBe(0);
  return join(out, 'nested.html');
}

describe('html({ imageWidths }): smaller copies of the pictures beside the page, in a srcset', () => {
  for (const mode of modeNames) {
    it(`${mode}: a copy at each width narrower than the picture, in its format, turned upright, without metadata; src, width and height as before`, async () => {
      const out = await published(executionModes[mode]);
      const pictures = images(join(out, 'harbour-pictures.html'));
      const shown = pictures.map((image) => ({
        src: image.properties.src,
        size: [image.properties.width, image.properties.height],
        widths: candidates(image).map(([, width]) => width),
      }));
      expect(shown).toEqual([
        { src: 'harbour-pictures.images/e7e7e6a0e65c7a72.jpg', size: [2000, 1250], widths: [480, 960, 1600, 2000] },
        // A copy no lighter than the picture is left out: this PNG's 960 (a palette of 32 colours, smoothed to 256) and this WebP's.
        { src: 'harbour-pictures.images/41a3f4a7a9e60f78.png', size: [1000, 600], widths: [480, 1000] },
        { src: 'harbour-pictures.images/a19d23bcbdbb869b.webp', size: [1200, 800], widths: [480, 1200] },
        // Narrower than any width asked: no copy, no srcset.
        { src: 'harbour-pictures.images/59d67f45a5927554.png', size: [300, 300], widths: [] },
        // Sized by its author: the same copies, and a `sizes` of its own (below).
        { src: 'harbour-pictures.images/e7e7e6a0e65c7a72.jpg', size: [320, 200], widths: [480, 960, 1600, 2000] },
      ]);
      expect(pictures.map((image) => image.properties.sizes)).toEqual([
        '(min-width: calc(34rem + 2rem)) 34rem, calc(100vw - 2rem)',
        '(min-width: calc(34rem + 2rem)) 34rem, calc(100vw - 2rem)',
        '(min-width: calc(34rem + 2rem)) 34rem, calc(100vw - 2rem)',
        undefined,
        '(min-width: calc(320px + 2rem)) 320px, calc(100vw - 2rem)',
      ]);

      // A link's card: the lead picture's copy of at least 1200 pixels, else the picture itself (the phone's photo is 1200 wide).
      const cards = ['harbour-pictures.html', 'upright-photo.html'].map((name) => {
        const page = readFileSync(join(out, name), 'utf8');
        const jsonLd = JSON.parse(/<script type="application\/ld\+json">(.*?)<\/script>/s.exec(page)?.[1] ?? '{}');
        return [...page.matchAll(/<meta (?:property|name)="(?:og|twitter):image" content="([^"]+)">/g)].map((match) => match[1]).concat(jsonLd.image);
      });
      expect(cards).toEqual([
        Array(3).fill('https://news.example/world/harbour-pictures.images/e7e7e6a0e65c7a72-1600w.jpg'),
        Array(3).fill('https://news.example/world/upright-photo.images/e19c0b46c8775073.jpg'),
      ]);

      const [upright] = images(join(out, 'upright-photo.html'));
      expect([upright?.properties.width, upright?.properties.height]).toEqual([1200, 1600]);
      for (const image of [...pictures, upright as Element]) {
        const original = readFileSync(join(out, image.properties.src as string));
        const list = candidates(image);
        // The last candidate is the picture itself, at its shown width.
        expect(list.at(-1)?.[0] ?? image.properties.src).toBe(image.properties.src);
        for (const [url, width] of list.slice(0, -1)) {
          const bytes = readFileSync(join(out, url));
          const size = imageSize(bytes);
          expect(url).toMatch(new RegExp(`^${(image.properties.src as string).replace(/\.(\w+)$/, `-${width}w\\.$1`)}$`));
          expect(size.type, url).toBe(imageSize(original).type);
          expect(size.width, url).toBe(width);
          // Shown upright, in the picture's proportions: no orientation left to apply.
          const shownSize = image === upright ? [1200, 1600] : [imageSize(original).width, imageSize(original).height];
          expect(size.height, url).toBe(Math.round((width * (shownSize[1] as number)) / (shownSize[0] as number)));
          expect(size.orientation ?? 1, url).toBe(1);
          expect(bytes.byteLength, url).toBeLessThan(original.byteLength);
          expect(hasMetadata(bytes), url).toBe(false);
        }
      }

      // The phone's photo: its EXIF (orientation, GPS) kept in the picture itself, gone from its copies, which show it upright.
      const photo = readFileSync(join(out, upright?.properties.src as string));
      expect(hasMetadata(photo) && hasGps(photo)).toBe(true);
      expect(imageSize(photo).orientation).toBe(6);
      for (const [url, width] of candidates(upright as Element).slice(0, -1)) {
        const { data, height } = jpeg.decode(readFileSync(join(out, url)), { useTArray: true });
        const pixel = (y: number) => [...data.subarray(y * width * 4, y * width * 4 + 3)];
        const [red, green, blue] = pixel(0);
        expect(blue, `${url}: blue sky at the top`).toBeGreaterThan(180);
        expect(red, url).toBeLessThan(60);
        expect(green, url).toBeLessThan(80);
        const [redBelow, , blueBelow] = pixel(height - 1);
        expect(redBelow, `${url}: red wall at the bottom`).toBeGreaterThan(180);
        expect(blueBelow, url).toBeLessThan(60);
      }
    });
  }

  it('an unchanged republish writes nothing: no page, no copy', async () => {
    const source = sourceFolder();
    const out = mkdtempSync(join(tmpdir(), 'editions-responsive-out-'));
    const args = [...config, '--source', source, '--out', out];
    expect((await publish(args)).code).toBe(0);
    const files = () =>
      readdirSync(out, { recursive: true, encoding: 'utf8' })
        .sort()
        .map((name) => [name, statSync(join(out, name)).mtimeMs, statSync(join(out, name)).ino]);
    const before = files();
    expect(before.filter(([name]) => /-\d+w\.(jpg|png|webp)$/.test(name as string))).toHaveLength(7);
    const again = await publish(args);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toMatch(/^0 editions of 2\/2 articles written .*; 4 editions up to date/m);
    expect(files()).toEqual(before);
  });

  for (const mode of modeNames) {
    it(`${mode}: a changed article keeps the copies of its unchanged pictures as they are on disk; a changed picture, a copy changed on disk, --force make them again`, async () => {
      const source = sourceFolder();
      const out = mkdtempSync(join(tmpdir(), 'editions-responsive-out-'));
      const args = [...config, '--source', source, '--out', out, ...executionModes[mode]];
      const folder = join(out, 'harbour-pictures.images');
      /** Each copy's file by name, as its identity and time: a copy written again (made again) has a new inode. */
      const copies = () =>
        Object.fromEntries(
          readdirSync(folder)
            .filter((name) => /-\d+w\./.test(name))
            .map((name) => [name, `${statSync(join(folder, name)).ino} ${statSync(join(folder, name)).mtimeMs}`]),
        );
      const republished = async (change: () => void, extra: readonly string[] = []) => {
        change();
        const result = await publish([...args, ...extra]);
        expect(result.code, result.stderr).toBe(0);
        expect(result.stdout).toMatch(/^html .*harbour-pictures\.html/m);
      };
      const edit = (words: string) => () => writeFileSync(join(source, 'input.md'), `${readFileSync(join(source, 'input.md'), 'utf8')}\n${words}\n`);
      expect((await publish(args)).code).toBe(0);
      const first = copies();
      expect(Object.keys(first).sort()).toEqual([
        '41a3f4a7a9e60f78-480w.png',
        'a19d23bcbdbb869b-480w.webp',
        'e7e7e6a0e65c7a72-1600w.jpg',
        'e7e7e6a0e65c7a72-480w.jpg',
        'e7e7e6a0e65c7a72-960w.jpg',
      ]);

      await republished(edit('The boats came back at noon.'));
      expect(readFileSync(join(out, 'harbour-pictures.html'), 'utf8')).toContain('The boats came back at noon.');
      expect(copies()).toEqual(first);

      // A copy written over on disk: its picture's copies are made again (the copy as it should be), the others kept.
      writeFileSync(join(folder, 'e7e7e6a0e65c7a72-480w.jpg'), 'not a picture');
      await republished(edit('The market opened at one.'));
      expect(imageSize(readFileSync(join(folder, 'e7e7e6a0e65c7a72-480w.jpg'))).width).toBe(480);
      const afterRepair = copies();
      for (const name of Object.keys(first)) expect(afterRepair[name] === first[name], name).toBe(!name.startsWith('e7e7e6a0e65c7a72'));

      // --force makes every copy again.
      await republished(() => undefined, ['--force']);
      const forced = copies();
      for (const name of Object.keys(first)) expect(forced[name], name).not.toBe(afterRepair[name]);

      // Another picture under the same name: its own copies are made, the old ones go.
      await republished(() => cpSync(join(fixtures, 'phone', 'upright.jpg'), join(source, 'harbour.jpg')));
      const replaced = copies();
      expect(Object.keys(replaced).sort()).toEqual([
        '41a3f4a7a9e60f78-480w.png',
        'a19d23bcbdbb869b-480w.webp',
        'e19c0b46c8775073-480w.jpg',
        'e19c0b46c8775073-960w.jpg',
      ]);
      expect(replaced['41a3f4a7a9e60f78-480w.png']).toBe(forced['41a3f4a7a9e60f78-480w.png']);
    });
  }

  it('a lossless WebP (a screenshot) has lossless copies, a lossy one lossy copies', async () => {
    const { default: sharp } = await import('sharp');
    const source = mkdtempSync(join(tmpdir(), 'editions-responsive-src-'));
    // Noise (xorshift), which no encoder shrinks much: every copy is lighter than the picture.
    const pixels = Buffer.alloc(1200 * 800 * 3);
    let state = 2463534242;
    for (let index = 0; index < pixels.length; index++) {
      state ^= state << 13;
      state ^= state >>> 17;
      state ^= state << 5;
      pixels[index] = state & 0xff;
    }
    const raw = { raw: { width: 1200, height: 800, channels: 3 as const } };
    writeFileSync(join(source, 'chart.webp'), await sharp(pixels, raw).webp({ lossless: true }).toBuffer());
    writeFileSync(join(source, 'photo.webp'), await sharp(pixels, raw).webp({ quality: 95 }).toBuffer());
    writeFileSync(join(source, 'screens.md'), '---\ntitle: Screens\n---\n\n![A chart](chart.webp)\n\n![A photo](photo.webp)\n');
    const out = mkdtempSync(join(tmpdir(), 'editions-responsive-out-'));
    const result = await publish([...config, '--source', source, '--out', out]);
    expect(result.code, result.stderr).toBe(0);
    /** The kind of a WebP's image: its first chunk after the RIFF header (`VP8L` lossless, `VP8 ` lossy). */
    const kind = (address: string) => readFileSync(join(out, address)).toString('latin1', 12, 16);
    const [chart, photo] = images(join(out, 'screens.html'));
    expect(candidates(chart as Element).map(([address]) => kind(address))).toEqual(['VP8L', 'VP8L', 'VP8L']);
    expect(candidates(photo as Element).map(([address]) => kind(address))).toEqual(['VP8 ', 'VP8 ', 'VP8 ']);
  });

  it("the feeds give the copies' addresses absolute, as a reader away from the page's folder needs them", async () => {
    const source = mkdtempSync(join(tmpdir(), 'editions-responsive-src-'));
    cpSync(join(fixtures, 'photos'), join(source, '2026', '12'), { recursive: true });
    const out = mkdtempSync(join(tmpdir(), 'editions-responsive-out-'));
    const result = await publish(['--config', 'tests/configs/responsive-images-feed.config.ts', '--source', source, '--out', out]);
    expect(result.code, result.stderr).toBe(0);
    for (const addresses of feedAddresses(out)) {
      // The harbour's JPEG twice (3 copies and itself), the chart and the WebP (1 copy and itself).
      expect(addresses).toHaveLength(12);
      for (const url of addresses) {
        expect(url).toMatch(/^https:\/\/news\.example\/world\/2026\/12\/harbour-pictures\.images\//);
        expect(existsSync(join(out, decodeURIComponent(url.slice('https://news.example/world/'.length)))), url).toBe(true);
      }
    }
  });

  it('--only html that changes a picture keeps the files the feeds still name; the next full publish remakes the feeds and removes them', async () => {
    const source = mkdtempSync(join(tmpdir(), 'editions-responsive-src-'));
    cpSync(join(fixtures, 'photos'), source, { recursive: true });
    const out = mkdtempSync(join(tmpdir(), 'editions-responsive-out-'));
    const args = ['--config', 'tests/configs/responsive-images-feed.config.ts', '--source', source, '--out', out];
    const missing = () =>
      feedAddresses(out)
        .flat()
        .filter((url) => !existsSync(join(out, decodeURIComponent(url.slice('https://news.example/world/'.length)))));
    expect((await publish(args)).code).toBe(0);
    const named = feedAddresses(out).flat();
    expect(named.filter((url) => url.includes('/e7e7e6a0e65c7a72'))).toHaveLength(16);

    cpSync(join(fixtures, 'phone', 'upright.jpg'), join(source, 'harbour.jpg'));
    const onlyPages = await publish([...args, '--only', 'html']);
    expect(onlyPages.code, onlyPages.stderr).toBe(0);
    expect(readFileSync(join(out, 'harbour-pictures.html'), 'utf8')).toContain('e19c0b46c8775073-960w.jpg');
    // The feeds, not made again, name the old picture and its copies: still there.
    expect(feedAddresses(out).flat()).toEqual(named);
    expect(missing()).toEqual([]);

    expect((await publish(args)).code).toBe(0);
    expect(
      feedAddresses(out)
        .flat()
        .filter((url) => url.includes('/e19c0b46c8775073')),
    ).toHaveLength(12);
    expect(missing()).toEqual([]);
    // Named by nothing now: removed.
    expect(readdirSync(join(out, 'harbour-pictures.images')).filter((name) => name.startsWith('e7e7e6a0e65c7a72'))).toEqual([]);
  });

  it('a picture it cannot decode (a JPEG cut short): a warning naming it, the page shows it without copies', async () => {
    const out = mkdtempSync(join(tmpdir(), 'editions-responsive-out-'));
    const result = await publish([...config, '--source', join(fixtures, 'damaged'), '--out', out]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(
      /12:1\s+warning\s+Image cut-short\.jpg could not be resized \(VipsJpeg: premature end of JPEG image\); the page shows it at its full size only\s+image-resize/,
    );
    const [image] = images(join(out, 'cut-short.html'));
    expect(image?.properties).toMatchObject({ src: 'cut-short.images/d84292b172ffaea8.jpg', width: 2000, height: 1250 });
    expect(image?.properties.srcSet).toBeUndefined();
    expect(readdirSync(join(out, 'cut-short.images'))).toEqual(['d84292b172ffaea8.jpg']);
  });

  it("a picture in a quote, a list or a table has a sizes less their indent, by the page's stylesheet", async () => {
    const page = await nestedPictures();
    const column = (inset: string) => `(min-width: calc(34rem + 2rem)) ${inset ? `calc(34rem${inset})` : '34rem'}, calc(100vw - 2rem${inset})`;
    expect(images(page).map((image) => [image.properties.alt, image.properties.sizes])).toEqual([
      ['In the column', column('')],
      ['In a quote', column(' - 1rem - 3px')],
      ['In a list', column(' - 40px')],
      ['In a task list', column(' - 1rem')],
      ['In a table', column(' - .5rem - .5rem - 1px - 1px')],
      ['In a quote in a list', column(' - 40px - 1rem - 3px')],
    ]);
  });

  it('refuses widths it cannot make, and widths without images beside the page, naming the fix', () => {
    expect(() => html({ imageWidths: [480] })).toThrow(
      "html({ imageWidths }) writes smaller copies of the pictures beside the page: add images: 'beside', as in html({ images: 'beside', imageWidths: [480] })",
    );
    for (const imageWidths of [[], [480.5], [8], ['480'], false]) {
      expect(() => html({ images: 'beside', imageWidths: imageWidths as never })).toThrow(
        /^html\(\{ imageWidths \}\) must be true \(480, 960 and 1600 pixels\) or a list of widths in whole pixels from 16 to 16383, such as \[480, 960, 1600\]; got /,
      );
    }
  });
});

describeWithTools(['strace'], 'html() without imageWidths, through the compiled CLI', () => {
  it('never loads sharp; with imageWidths it does', async () => {
    const loadsSharp = async (configFile: string) => {
      const log = join(mkdtempSync(join(tmpdir(), 'editions-responsive-strace-')), 'calls.log');
      const out = mkdtempSync(join(tmpdir(), 'editions-responsive-out-'));
      const result = await publishUnderStrace(log, 'openat', ['--config', configFile, '--source', sourceFolder(), '--out', out]);
      expect(result.code, result.stderr).toBe(0);
      return readFileSync(log, 'utf8').includes('/sharp');
    };
    expect(await loadsSharp('tests/configs/images-beside.config.ts')).toBe(false);
    expect(await loadsSharp('tests/configs/responsive-images.config.ts')).toBe(true);
  });
});

describeWithTools(['vnu', 'chromium'], 'html({ imageWidths }) in a checker and a browser', () => {
  it('the pages are valid HTML; Chromium takes a smaller copy on a phone than on a desktop', async () => {
    const out = await published();
    // With the pictures in a quote, a list and a table, whose sizes subtract their indents.
    const pages = [...['harbour-pictures.html', 'upright-photo.html'].map((name) => join(out, name)), await nestedPictures()];
    const { stderr } = await run('java', ['-jar', vnuJar, '--format', 'json', ...pages]).catch((error) => error);
    // The checker judges the policy for a file: address, whose origin is opaque, so `'self'` matches nothing there (see html-browser.test.ts).
    const notCsp = (message: { message: string }) => !/^Resource violates Content Security Policy \(meta tag\): image “[\w-]+\.images\//.test(message.message);
    expect(JSON.parse(stderr).messages.filter(notCsp)).toEqual([]);

    const browser = await chromium.launch({ executablePath: chromiumPath, args: ['--headless', '--no-sandbox', '--disable-gpu'] });
    try {
      const chosen = async (width: number) => {
        const context = await browser.newContext({ viewport: { width, height: 900 }, deviceScaleFactor: 1 });
        const page = await context.newPage();
        await page.goto(pathToFileURL(pages[0] as string).href, { waitUntil: 'load' });
        const sources = await page.evaluate(() => {
          const { document } = globalThis as unknown as { document: { images: ArrayLike<{ currentSrc: string; complete: boolean; naturalWidth: number }> } };
          return Array.from(document.images, (image) => ({ src: image.currentSrc, loaded: image.complete && image.naturalWidth > 0 }));
        });
        await context.close();
        expect(
          sources.every((source) => source.loaded && existsSync(new URL(source.src))),
          JSON.stringify(sources),
        ).toBe(true);
        return sources.map((source) => source.src.replace(/^.*\//, ''));
      };
      const phone = await chosen(320);
      const desktop = await chosen(1600);
      // 288 CSS pixels on the phone: the 480 copy; the column on the desktop (34rem, 544 pixels): the 960 copy.
      expect(phone[0]).toBe('e7e7e6a0e65c7a72-480w.jpg');
      expect(desktop[0]).toBe('e7e7e6a0e65c7a72-960w.jpg');
    } finally {
      await browser.close();
    }
  });

  it('Chromium shows a picture in a quote, a list or a table as wide as its sizes says, on a desktop and on a phone', async () => {
    const page = await nestedPictures();
    const browser = await chromium.launch({ executablePath: chromiumPath, args: ['--headless', '--no-sandbox', '--disable-gpu'] });
    try {
      for (const width of [1600, 320]) {
        const context = await browser.newContext({ viewport: { width, height: 900 }, deviceScaleFactor: 1 });
        const tab = await context.newPage();
        await tab.goto(pathToFileURL(page).href, { waitUntil: 'load' });
        // Each picture's width, and the width of its sizes' value for this screen, measured as the width of a block in the
        // page (in rem, read as a browser reads `sizes`, and in vw).
        const widths = await tab.evaluate((desktop) => {
          type Box = { getBoundingClientRect(): { width: number } };
          type Block = Box & { style: { width: string }; remove(): void };
          const { document } = globalThis as unknown as {
            document: {
              body: { append(child: Block): void };
              images: ArrayLike<Box & { alt: string; sizes: string }>;
              createElement(tag: string): Block;
            };
          };
          return Array.from(document.images, (image) => {
            const [, wide = '', narrow = ''] = /^\(min-width: [^)]*\)\) (.*), (calc\(100vw.*\))$/.exec(image.sizes) ?? [];
            const probe = document.createElement('div');
            probe.style.width = desktop ? wide : narrow;
            document.body.append(probe);
            const measured = probe.getBoundingClientRect().width;
            probe.remove();
            return [image.alt, Math.round(image.getBoundingClientRect().width), Math.round(measured)];
          });
        }, width === 1600);
        await context.close();
        for (const [alt, shown, sized] of widths) expect(sized, `${alt} at ${width} px`).toBe(shown);
      }
    } finally {
      await browser.close();
    }
  });
});
