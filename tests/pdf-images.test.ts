import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createDeflate } from 'node:zlib';
import { PNG } from 'pngjs';
import { expect, it } from 'vitest';
import { fixturesDir, projectRoot } from './helpers/cases.js';
import { executionModes, modeNames, publish, publishSamplingMemory } from './helpers/cli.js';
import { checkPdfUa, readQpdfJson } from './helpers/pdfua.js';
import { adam7, firstPicture, pngFile, renderedPage } from './helpers/pictures.js';
import { describeWithTools, run } from './helpers/tools.js';

/*
 * PNG pictures and logos in the PDF, through the compiled CLI: transparency (an alpha channel, a transparent
 * palette entry), interlacing and 16-bit samples, as newsroom graphics and logos are exported.
 */

const scratch = mkdtempSync(join(tmpdir(), 'editions-pdf-images-'));
const fixture = join(fixturesDir, 'png-transparency');
const damaged = join(projectRoot, 'tests', 'bad-input', 'damaged-png');
const formats = join(fixturesDir, 'picture-formats');

/** What a pixel of a fixture picture is, from how it was made: its colour (grey: one value) and alpha. */
type Pixel = (x: number, y: number) => { color: number[]; alpha: number };

/** The fixture's pictures in the order the article shows them, each with its pixels. */
const pictures: { file: string; width: number; height: number; colors: 1 | 3; pixel: Pixel; hasAlpha: boolean }[] = [
  {
    file: 'rgba.png',
    width: 120,
    height: 60,
    colors: 3,
    hasAlpha: true,
    pixel: (x) => (x < 40 ? { color: [0, 0, 255], alpha: 0 } : { color: [200, 20, 20], alpha: x < 80 ? 128 : 255 }),
  },
  {
    file: 'grey-alpha.png',
    width: 80,
    height: 40,
    colors: 1,
    hasAlpha: true,
    pixel: (x) => (x < 40 ? { color: [0], alpha: 0 } : { color: [140], alpha: 255 }),
  },
  {
    file: 'palette.png',
    width: 80,
    height: 40,
    colors: 3,
    hasAlpha: true,
    pixel: (_, y) => (y < 20 ? { color: [0, 200, 0], alpha: 0 } : { color: [20, 40, 160], alpha: 255 }),
  },
  { file: 'interlaced.png', width: 64, height: 32, colors: 3, hasAlpha: false, pixel: (x, y) => ({ color: [x * 4, y * 8, (x + y) * 2], alpha: 255 }) },
  {
    file: 'rgba16.png',
    width: 40,
    height: 20,
    colors: 3,
    hasAlpha: true,
    // 16-bit samples 0/65535/0 and 62000/30000/0: their high bytes, within one of rounding.
    pixel: (x) => (x < 20 ? { color: [0, 255, 0], alpha: 0 } : { color: [62000 >> 8, 30000 >> 8, 0], alpha: 255 }),
  },
  // One colour marked transparent (tRNS): white, whose pixels are cleared to transparent black when decoded.
  { file: 'grey-key.png', width: 60, height: 30, colors: 1, hasAlpha: true, pixel: (x) => (x < 30 ? { color: [0], alpha: 0 } : { color: [90], alpha: 255 }) },
  {
    file: 'colour-key.png',
    width: 60,
    height: 30,
    colors: 3,
    hasAlpha: true,
    pixel: (_, y) => (y < 10 ? { color: [0, 0, 0], alpha: 0 } : { color: [30, 120, 200], alpha: 255 }),
  },
];

/**
 * The most resident memory a PDF publish of a 40-megapixel transparent PNG may take, the whole process with its helper
 * thread (default threads): 862 MB while pngjs decoded the picture whole, 151-158 MB a row at a time. Interlaced, it took
 * 300-303 MB while its passes were gathered into the whole image (4 bytes a pixel, 160 MB), 169-170 MB read a pass's
 * row at a time.
 */
const largePngBoundMegabytes = 250;

/**
 * The image data of an RGBA gradient, deflated as a stream (not held whole): red and alpha rise by one a pixel across
 * (wrapping past 255), the same in every row. The first row of each pass (one, or Adam7's seven when interlaced)
 * rises by the pass's step a pixel (filter Sub), and every row below it is the same (filter Up, all zeros).
 */
async function gradientImageData(width: number, height: number, interlaced: boolean): Promise<Buffer> {
  function* rows() {
    for (const [x, y, dx, dy] of interlaced ? adam7 : ([[0, 0, 1, 1]] as const)) {
      const [passWidth, passHeight] = [Math.ceil((width - x) / dx), Math.ceil((height - y) / dy)];
      if (passWidth <= 0 || passHeight <= 0) continue;
      const first = Buffer.alloc(1 + passWidth * 4);
      first[0] = 1;
      first.set([x, 80, 160, x], 1);
      for (let column = 1; column < passWidth; column++) first.set([dx, 0, 0, dx], 1 + column * 4);
      const below = Buffer.alloc(1 + passWidth * 4);
      below[0] = 2;
      yield first;
      for (let row = 1; row < passHeight; row++) yield below;
    }
  }
  const parts: Buffer[] = [];
  await pipeline(Readable.from(rows()), createDeflate({ level: 9 }), async (deflated: AsyncIterable<Buffer>) => {
    for await (const part of deflated) parts.push(part);
  });
  return Buffer.concat(parts);
}

/** Publishes a folder's PDFs with the CLI (its default threads unless a mode is given); the output folder. */
async function publishPdfs(source: string, out: string, args: readonly string[] = []): Promise<string> {
  const folder = join(scratch, out);
  const result = await publish(['--source', source, '--out', folder, '--only', 'pdf', ...args]);
  expect(result.code, result.stderr).toBe(0);
  expect(result.stderr).not.toMatch(/renderer-failed/);
  return folder;
}

/** Pages 1 to `last`: pdfimages' options. */
const pagesUpTo = (last: number | 'all') => (last === 'all' ? [] : ['-f', '1', '-l', String(last)]);

/** `pdfimages -list` of page 1 (or of pages up to `last`): type (image, smask), width, height and colour of each image. */
async function listedImages(path: string, last: number | 'all' = 1): Promise<{ type: string; width: number; height: number; color: string }[]> {
  const rows = (await run('pdfimages', ['-list', ...pagesUpTo(last), path])).stdout.trim().split('\n').slice(2);
  return rows.map((row) => {
    const [, , type = '', width = '', height = '', color = ''] = row.trim().split(/\s+/);
    return { type, width: Number(width), height: Number(height), color };
  });
}

/** The images of page 1 (or of pages up to `last`) as poppler extracts them (PNG files, in the pages' order), decoded. */
async function extractedImages(path: string, label: string, last: number | 'all' = 1): Promise<PNG[]> {
  const folder = join(scratch, `extracted-${label}`);
  mkdirSync(folder);
  await run('pdfimages', ['-png', ...pagesUpTo(last), path, join(folder, 'image')]);
  return readdirSync(folder)
    .sort()
    .map((name) => PNG.sync.read(readFileSync(join(folder, name))));
}

/** The pixels of `image` that differ from `expected` (grey images compare their one value), at most a few. */
function differences(image: PNG, channels: 'color' | 'alpha', colors: 1 | 3, pixel: Pixel): string[] {
  const found: string[] = [];
  for (let y = 0; y < image.height && found.length < 5; y++)
    for (let x = 0; x < image.width && found.length < 5; x++) {
      const at = (y * image.width + x) * 4;
      const expected = channels === 'alpha' ? [pixel(x, y).alpha] : pixel(x, y).color;
      const actual = [...image.data.subarray(at, at + (channels === 'alpha' ? 1 : colors))];
      if (expected.some((value, index) => Math.abs(value - (actual[index] ?? -1)) > 1)) found.push(`(${x}, ${y}): ${actual} instead of ${expected}`);
    }
  return found;
}

describeWithTools(['qpdf', 'poppler'], 'PDF edition: pictures (PNG transparency and interlacing, JPEG orientation)', () => {
  it('every picture is in the PDF with its colours, and its alpha as a soft mask: poppler extracts what was drawn', async () => {
    const path = join(await publishPdfs(fixture, 'fixture'), 'png-transparency.pdf');
    const expectedList = pictures.flatMap(({ width, height, colors, hasAlpha }) => [
      { type: 'image', width, height, color: colors === 3 ? 'rgb' : 'gray' },
      ...(hasAlpha ? [{ type: 'smask', width, height, color: 'gray' }] : []),
    ]);
    // Captioned, the pictures take more than the first page.
    expect(await listedImages(path, 'all')).toEqual(expectedList);
    const images = await extractedImages(path, 'fixture', 'all');
    expect(images).toHaveLength(expectedList.length);
    let index = 0;
    for (const { file, colors, pixel, hasAlpha } of pictures) {
      expect(differences(images[index++] as PNG, 'color', colors, pixel), `${file}: colours`).toEqual([]);
      if (hasAlpha) expect(differences(images[index++] as PNG, 'alpha', colors, pixel), `${file}: alpha`).toEqual([]);
    }
    expect(await checkPdfUa(path)).toEqual([]);
  });

  it('on the rendered page, no transparent pixel shows its colour: no blue of rgba.png, no green of palette.png or rgba16.png', async () => {
    const path = join(await publishPdfs(fixture, 'rendered'), 'png-transparency.pdf');
    const page = await renderedPage(path);
    const count = (test: (r: number, g: number, b: number) => boolean) => {
      let found = 0;
      for (let at = 0; at < page.data.length; at += 4) if (test(page.data[at] ?? 0, page.data[at + 1] ?? 0, page.data[at + 2] ?? 0)) found++;
      return found;
    };
    // Drawn at a point a pixel, rgba.png's opaque third is 40 × 60 pixels of red at 72 dpi.
    expect(count((r, g, b) => r === 200 && g === 20 && b === 20)).toBeGreaterThanOrEqual(40 * 60 * 0.9);
    expect(count((r, g, b) => b > 200 && r < 20 && g < 20)).toBe(0);
    expect(count((r, g, b) => g > 190 && r < 20 && b < 20)).toBe(0);
  });

  it("a theme's PNG logo with alpha is on every article's first page with its soft mask, the same bytes in the helper thread and in one thread", async () => {
    const source = mkdtempSync(join(tmpdir(), 'editions-pdf-images-logo-'));
    const story = join(projectRoot, 'source', 'moscow-syria-opposition-contact.md');
    for (const name of ['first', 'second', 'third']) copyFileSync(story, join(source, `${name}.md`));
    const config = ['--config', 'tests/configs/theme-logo-alpha.config.ts'];
    const helper = await publishPdfs(source, 'logo-default', config);
    const oneThread = await publishPdfs(source, 'logo-one-thread', [...config, ...executionModes['one thread (--jobs 1)']]);
    for (const name of ['first', 'second', 'third']) {
      const path = join(helper, `${name}.pdf`);
      const logo = (await listedImages(path)).filter((image) => image.width === 120 && image.height === 60);
      expect(logo.map((image) => image.type)).toEqual(['image', 'smask']);
      expect(readFileSync(join(oneThread, `${name}.pdf`)).equals(readFileSync(path)), `${name}.pdf differs between the modes`).toBe(true);
    }
    const [, alpha] = (await extractedImages(join(helper, 'third.pdf'), 'logo')).filter((image) => image.width === 120);
    expect(differences(alpha as PNG, 'alpha', 3, pictures[0]?.pixel as Pixel)).toEqual([]);
    expect(await checkPdfUa(join(helper, 'third.pdf'))).toEqual([]);
  });

  it('a PNG whose data is damaged (cut short, or bytes changed), a JPEG cut short: a warning at the image, its alt text stands in, and the edition and the next article are whole', async () => {
    const source = mkdtempSync(join(tmpdir(), 'editions-pdf-images-damaged-'));
    for (const name of ['input.md', 'damaged.png', 'scrambled.png', 'cut.jpg']) copyFileSync(join(damaged, name), join(source, name));
    copyFileSync(join(projectRoot, 'source', 'moscow-syria-opposition-contact.md'), join(source, 'story.md'));
    const folder = join(scratch, 'damaged');
    const result = await publish(['--source', source, '--out', folder, '--only', 'pdf']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(
      /input\.md\n\s*8:1\s+warning\s+Image damaged\.png cannot be read \(.+\), so its alt text stands in\. Export it again\s+pdf-image-unreadable/,
    );
    // pdfkit embeds a PNG without alpha as it is: the changed bytes were drawn as noise, with no warning, and qpdf found the file clean.
    expect(result.stderr).toMatch(
      /\n\s*12:1\s+warning\s+Image scrambled\.png cannot be read \(.+\), so its alt text stands in\. Export it again\s+pdf-image-unreadable/,
    );
    // Its header whole, it was embedded as it was, and qpdf found "invalid jpeg data".
    expect(result.stderr).toMatch(
      /\n\s*18:1\s+warning\s+Image cut\.jpg cannot be read \(the JPEG is cut short: its image data has no end\), so its alt text stands in/,
    );
    expect(await listedImages(join(folder, 'input.pdf'))).toEqual([]);
    expect((await run('qpdf', ['--check', join(folder, 'input.pdf')])).stdout).toContain('No syntax or stream encoding errors found');
    const text = (await run('pdftotext', [join(folder, 'input.pdf'), '-'])).stdout;
    expect(text).toContain('A bar chart of the week’s sales');
    expect(text).toContain('The harbour at dawn');
    expect(text).toContain('A map of the region');
    expect(text).toContain('The text after it is published all the same.');
    expect(await checkPdfUa(join(folder, 'input.pdf'))).toEqual([]);
    expect(readFileSync(join(folder, 'story.pdf')).byteLength).toBeGreaterThan(0);
  });

  for (const interlaced of [false, true]) {
    const kind = interlaced ? 'an interlaced' : 'a';
    it(`${kind} transparent PNG of 40 megapixels in 170 kB is drawn full size with its soft mask, the publish under ${largePngBoundMegabytes} MB`, async () => {
      const source = mkdtempSync(join(tmpdir(), 'editions-pdf-images-large-'));
      const [width, height] = [6400, 6250];
      const imageData = await gradientImageData(width, height, interlaced);
      writeFileSync(join(source, 'gradient.png'), pngFile({ width, height, bitDepth: 8, colorType: 6, interlaced }, imageData));
      writeFileSync(join(source, 'large.md'), '---\ntitle: A large picture\ndate: 2024-09-12\n---\n\nFirst.\n\n![A red gradient fading in](gradient.png)\n');
      const folder = join(scratch, interlaced ? 'large-interlaced' : 'large');
      const result = await publishSamplingMemory(['--source', source, '--out', folder, '--only', 'pdf']);
      expect(result.code, result.stderr).toBe(0);
      expect(result.stderr).not.toMatch(/image-/);
      expect(await listedImages(join(folder, 'large.pdf'))).toEqual([
        { type: 'image', width, height, color: 'rgb' },
        { type: 'smask', width, height, color: 'gray' },
      ]);
      expect(result.peakMegabytes, `peak resident memory ${result.peakMegabytes.toFixed(0)} MB`).toBeGreaterThan(0);
      expect(result.peakMegabytes, `peak resident memory ${result.peakMegabytes.toFixed(0)} MB`).toBeLessThan(largePngBoundMegabytes);
    });
  }

  it("a theme's damaged PNG logo: a warning naming the logo file, and every PDF is written without it", async () => {
    const folder = join(scratch, 'damaged-logo');
    const result = await publish(['--config', 'tests/configs/theme-logo-damaged.config.ts', '--source', 'source', '--out', folder]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(
      /warning\s+The logo damaged\.png cannot be read \(.+\); the PDF edition leaves it out\. Export it again\s+pdf-logo-unreadable/,
    );
    const path = join(folder, 'moscow-syria-opposition-contact.pdf');
    expect(await listedImages(path)).toEqual([]);
    expect((await run('pdftotext', ['-f', '1', '-l', '1', path, '-'])).stdout).toContain('The Harbour Gazette');
  });

  it('pictures alone in their paragraph are drawn, a linked one under its link, a repeated one embedded once; one in a line of text is its alt text, with a warning', async () => {
    const folder = join(scratch, 'linked');
    const result = await publish(['--source', join(fixturesDir, 'linked-pictures'), '--out', folder]);
    expect(result.code, result.stderr).toBe(0);
    const path = join(folder, 'linked-pictures.pdf');
    // chart.png linked, crop.jpg twice in one paragraph, chart.png alone in a list item, square.png linked.
    const rows = (await run('pdfimages', ['-list', path])).stdout.trim().split('\n').slice(2);
    const drawn = rows
      .map((row) => row.trim().split(/\s+/))
      .map((cells) => ({ size: `${cells[3]}×${cells[4]}`, object: cells[10], ppi: `${cells[12]}/${cells[13]}` }));
    expect(drawn.map((image) => image.size)).toEqual(['160×80', '80×50', '80×50', '160×80', '16×16']);
    expect(
      drawn.every((image) => image.ppi === '72/72'),
      'drawn at a point a pixel',
    ).toBe(true);
    expect(drawn[1]?.object).toBe(drawn[2]?.object);
    expect(drawn[0]?.object).toBe(drawn[3]?.object);
    // Each link annotation is in a Link element, over its Figure exactly, and says where it goes.
    const objects = (await readQpdfJson(path)).qpdf[1] as Record<string, { value?: Record<string, unknown> }>;
    const value = (ref: unknown) => objects[`obj:${ref}`]?.value ?? {};
    const links = Object.values(objects)
      .map((object) => object.value ?? {})
      .filter((element) => element['/S'] === '/Link');
    const annotated = links.map((link) => {
      const kids = link['/K'] as unknown[];
      const annotation = value((kids.find((kid) => (kid as Record<string, unknown>)['/Type'] === '/OBJR') as Record<string, unknown>)['/Obj']);
      const figure = value(kids[0]);
      const action = value(annotation['/A']);
      return {
        figure: figure['/Alt'],
        over: JSON.stringify((figure['/A'] as Record<string, unknown>)['/BBox']) === JSON.stringify(annotation['/Rect']),
        to: action['/URI'] ?? action['/D'],
      };
    });
    expect(annotated).toEqual([
      { figure: 'u:Blue and orange halves of the week’s chart', over: true, to: 'u:https://example.com/charts/week' },
      { figure: 'u:A red square that leads to the sources', over: true, to: 'u:sources' },
    ]);
    // The in-page link lands: "sources" is a named destination (the heading's raw HTML id).
    expect(JSON.stringify(Object.values(objects).map((object) => object.value?.['/Dests']))).toContain('u:sources');
    expect(result.stderr).toMatch(/30:16\s+warning\s+Image square\.png is inside a line of text; .+\s+pdf-image-inline/);
    expect(result.stderr).toMatch(/35:3\s+warning\s+Image square\.png is inside a line of text; .+\s+pdf-image-inline/);
    expect((await run('pdftotext', [path, '-'])).stdout).toContain('The red square [Image: a red square] sits inside');
    expect(await checkPdfUa(path)).toEqual([]);
  });

  it('a picture missing at the first publish is in the PDF of the next, once the file is added', async () => {
    const source = mkdtempSync(join(tmpdir(), 'editions-pdf-images-added-'));
    writeFileSync(join(source, 'chart.md'), '---\ntitle: The week in one chart\n---\n\nThe chart:\n\n![Blue and orange halves](chart.png)\n');
    const folder = join(scratch, 'added');
    const first = await publish(['--source', source, '--out', folder]);
    expect(first.stderr).toMatch(/Image chart\.png was not found at .+\s+image-missing/);
    expect(await listedImages(join(folder, 'chart.pdf'))).toEqual([]);
    copyFileSync(join(fixturesDir, 'linked-pictures', 'chart.png'), join(source, 'chart.png'));
    const second = await publish(['--source', source, '--out', folder]);
    expect(second.code, second.stderr).toBe(0);
    expect(second.stdout).toMatch(/^4 editions of 1\/1 article written/m);
    expect(await listedImages(join(folder, 'chart.pdf'))).toEqual([{ type: 'image', width: 160, height: 80, color: 'rgb' }]);
    expect((await publish(['--source', source, '--out', folder])).stdout).toMatch(/^0 editions of 1\/1 article written .*; 4 editions up to date/m);
  });

  it('a phone photo with an EXIF orientation is drawn turned upright, at its shown size: 60 × 120 points, not squeezed into 120 × 60', async () => {
    const path = join(await publishPdfs(join(fixturesDir, 'jpeg-orientation'), 'orientation'), 'jpeg-orientation.pdf');
    // Stored 120 × 60: the same resolution across and down means the picture is not stretched.
    const rows = (await run('pdfimages', ['-list', path])).stdout.trim().split('\n').slice(2);
    expect(rows.map((row) => row.trim().split(/\s+/).slice(3, 5).concat(row.trim().split(/\s+/).slice(12, 14)))).toEqual([
      ['120', '60', '72', '72'],
      ['120', '60', '72', '72'],
    ]);
    const picture = firstPicture(await renderedPage(path));
    expect(picture.height).toBeGreaterThanOrEqual(118);
    expect(picture.height).toBeLessThanOrEqual(122);
    expect(picture.width).toBeGreaterThanOrEqual(58);
    expect(picture.width).toBeLessThanOrEqual(62);
    // Turned clockwise: the stored left band (blue) is on top.
    expect(picture.top).toEqual(new Set(['blue']));
    expect(picture.bottom).toEqual(new Set(['red']));
  });

  for (const mode of modeNames) {
    it(`a GIF's first frame and WebP pictures are drawn with their pixels and transparency, a lossy photo as a JPEG (${mode})`, async () => {
      const path = join(await publishPdfs(formats, `formats-${mode}`, executionModes[mode]), 'picture-formats.pdf');
      expect(await listedImages(path)).toEqual([
        { type: 'image', width: 160, height: 90, color: 'rgb' },
        { type: 'smask', width: 160, height: 90, color: 'gray' },
        { type: 'image', width: 240, height: 135, color: 'rgb' },
        { type: 'image', width: 120, height: 120, color: 'rgb' },
        { type: 'smask', width: 120, height: 120, color: 'gray' },
      ]);
      const encodings = (await run('pdfimages', ['-list', path])).stdout
        .trim()
        .split('\n')
        .slice(2)
        .map((row) => row.trim().split(/\s+/)[8]);
      // The GIF and the transparent chart as Flate image data with a soft mask; the photo as DCT.
      expect(encodings).toEqual(['image', 'image', 'jpeg', 'image', 'image']);
      const [gif, gifAlpha, photo, chart, chartAlpha] = await extractedImages(path, `formats-${mode}`);
      expect(differences(gif as PNG, 'color', 3, sunrise), 'harbour-sunrise.gif: colours').toEqual([]);
      expect(differences(gifAlpha as PNG, 'alpha', 3, sunrise), 'harbour-sunrise.gif: alpha').toEqual([]);
      // The chart, from a lossless WebP: exactly its bars on a transparent ground.
      expect(differences(chart as PNG, 'color', 3, turnout), 'turnout-chart.webp: colours').toEqual([]);
      expect(differences(chartAlpha as PNG, 'alpha', 3, turnout), 'turnout-chart.webp: alpha').toEqual([]);
      // Lossy twice (WebP, then JPEG): each channel within a few levels of the gradient it was made from.
      let error = 0;
      for (let y = 0; y < 135; y++)
        for (let x = 0; x < 240; x++) {
          const at = (y * 240 + x) * 4;
          const made = [80 + x / 2, 60 + y, 200 - x / 3];
          for (let channel = 0; channel < 3; channel++) error += Math.abs((photo?.data[at + channel] ?? 0) - Math.floor(made[channel] as number));
        }
      expect(error / (240 * 135 * 3)).toBeLessThan(4);
      expect(await checkPdfUa(path)).toEqual([]);
    });
  }
});

/** The lossless WebP chart of `picture-formats`: four bars of 30, 70, 50 and 100 pixels, 25 wide, on a transparent ground (decoded as transparent black). */
const turnout: Pixel = (x, y) => {
  const bar = Math.floor(x / 30);
  return x % 30 > 4 && 120 - y <= ([30, 70, 50, 100][bar] ?? 0) ? { color: [20 + bar * 50, 90, 160], alpha: 255 } : { color: [0, 0, 0], alpha: 0 };
};

/** The GIF of `picture-formats`, frame 1: sky over a field, a red sun, and a transparent 6 × 6 corner (decoded as transparent black). */
const sunrise: Pixel = (x, y) => {
  if (x < 6 && y < 6) return { color: [0, 0, 0], alpha: 0 };
  if ((x - 40) ** 2 + (y - 25) ** 2 < 144) return { color: [0xd6, 0x2d, 0x20], alpha: 255 };
  return { color: y > 60 ? [0x2e, 0x8b, 0x57] : [0x3a, 0x7b, 0xd5], alpha: 255 };
};
