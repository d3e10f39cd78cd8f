import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import { expect, it } from 'vitest';
import { fixturesDir, projectRoot } from './helpers/cases.js';
import { executionModes, modeNames, publish, publishSamplingMemory } from './helpers/cli.js';
import { newsroomConfig } from './helpers/formats.js';
import { flatWebp, gifDeclaring } from './helpers/pictures.js';
import { describeWithTools, epubcheckJar, run } from './helpers/tools.js';

/*
 * Pictures in the web's formats (`picture-formats`: an animated GIF, a lossy WebP photo, a lossless WebP chart with
 * transparency) in the editions whose format lacks them, through the compiled CLI in each way it runs. The PDF's
 * pixels are checked in pdf-images.test.ts.
 */

const source = join(fixturesDir, 'picture-formats');

/** A zip's entries whose names start with `folder`, by name. */
function entriesIn(path: string, folder: string): Map<string, Uint8Array> {
  return new Map(Object.entries(unzipSync(readFileSync(path))).filter(([name]) => name.startsWith(folder)));
}

/** What the bytes are, by their signature. */
function kindOf(bytes: Uint8Array | undefined): string {
  const head = Buffer.from(bytes ?? []).subarray(0, 12);
  if (head.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'png';
  if (head[0] === 0xff && head[1] === 0xd8) return 'jpeg';
  if (head.toString('latin1', 0, 6) === 'GIF89a') return 'gif';
  if (head.toString('latin1', 8, 12) === 'WEBP') return 'webp';
  return 'other';
}

describeWithTools(['epubcheck'], 'GIF and WebP pictures in the EPUB and the DOCX, through the compiled CLI', () => {
  for (const mode of modeNames) {
    it(`the book and the Word document carry every picture, a WebP as a JPEG (a photo) or a PNG (transparent), with no warning (${mode})`, async () => {
      const out = mkdtempSync(join(tmpdir(), 'editions-picture-formats-'));
      const result = await publish(['--config', newsroomConfig, '--source', source, '--out', out, ...executionModes[mode]]);
      expect(result.code, result.stderr).toBe(0);
      // No picture stands in as its alt text in any edition.
      expect(result.stderr).not.toMatch(/image-type|image-format|alt text stands in/);

      const epub = join(out, 'picture-formats.epub');
      const images = entriesIn(epub, 'OEBPS/images/');
      expect([...images.values()].map(kindOf).sort()).toEqual(['gif', 'jpeg', 'png']);
      for (const [name, bytes] of images) expect(name.slice(name.lastIndexOf('.') + 1), name).toBe({ png: 'png', jpeg: 'jpg', gif: 'gif' }[kindOf(bytes)]);
      const opf = new TextDecoder().decode(entriesIn(epub, 'OEBPS/content.opf').get('OEBPS/content.opf'));
      expect(opf).not.toContain('image/webp');
      expect(opf).toMatch(/media-type="image\/jpeg"/);
      const { stdout } = await run('java', ['-jar', epubcheckJar, '--failonwarnings', epub]);
      expect(stdout).toContain('Messages: 0 fatals / 0 errors / 0 warnings / 0 infos');

      const media = entriesIn(join(out, 'picture-formats.docx'), 'word/media/');
      expect([...media.values()].map(kindOf).sort()).toEqual(['gif', 'jpeg', 'png']);
      const document = new TextDecoder().decode(entriesIn(join(out, 'picture-formats.docx'), 'word/document.xml').get('word/document.xml'));
      expect(document).toContain('descr="Market street in the morning light"');
      expect(document).toContain('descr="Bar chart of turnout in four districts: 30, 70, 50 and 100 thousand"');

      // The page and the wire keep the pictures as they are: browsers and wire clients read WebP.
      const html = readFileSync(join(out, 'picture-formats.html'), 'utf8');
      expect(html.match(/src="data:image\/webp;base64,/g)).toHaveLength(2);
      const wire = readFileSync(join(out, 'picture-formats.newsml.xml'), 'utf8');
      expect(wire.match(/<img src="picture-formats\.images\/[0-9a-f]{16}\.webp"/g)).toHaveLength(2);
    });
  }

  it('a GIF or WebP that cannot be decoded (cut short): a warning at it in each edition that decodes it, its alt text, and every edition written', async () => {
    const damaged = mkdtempSync(join(tmpdir(), 'editions-picture-formats-damaged-'));
    const webp = readFileSync(join(source, 'market-street.webp'));
    writeFileSync(join(damaged, 'cut.webp'), webp.subarray(0, 60));
    writeFileSync(join(damaged, 'not.gif'), readFileSync(join(source, 'harbour-sunrise.gif')).subarray(0, 40));
    writeFileSync(join(damaged, 'map.svg'), '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20"><rect width="40" height="20" fill="#36c"/></svg>');
    writeFileSync(
      join(damaged, 'damaged.md'),
      '---\ntitle: Damaged\n---\n\nFirst.\n\n![A cut photo](cut.webp)\n\n![No animation](not.gif)\n\n![The route across the bay](map.svg)\n',
    );
    const out = mkdtempSync(join(tmpdir(), 'editions-picture-formats-damaged-out-'));
    const result = await publish(['--config', newsroomConfig, '--source', damaged, '--out', out]);
    expect(result.code, result.stderr).toBe(0);
    // The WebP is decoded by the PDF, the EPUB and the DOCX, the GIF by the PDF only (the book and Word carry GIFs as they are).
    for (const edition of ['pdf', 'epub', 'docx'])
      expect(result.stderr).toMatch(
        new RegExp(
          `7:1 +warning +Image cut\\.webp cannot be decoded as image/webp \\([^)]+\\), so its alt text stands in\\. Export it again +${edition}-image-unreadable`,
        ),
      );
    expect(result.stderr).toMatch(
      /9:1 +warning +Image not\.gif cannot be decoded as image\/gif \(Invalid block size\), so its alt text stands in\. Export it again +pdf-image-unreadable/,
    );
    expect(result.stderr.match(/image-unreadable/g)).toHaveLength(4);
    // A type Word cannot carry, decoded or not, keeps its own warning, at the picture too.
    expect(result.stderr).toMatch(
      /11:1 +warning +map\.svg is image\/svg\+xml, which Word cannot show without a fallback: the DOCX has its alt text in its place +docx-image-type/,
    );
    expect(result.stderr).not.toMatch(/epub-image-type/);
    expect(result.stderr.match(/docx-image-type/g)).toHaveLength(1);
    expect(result.stdout).toMatch(/6 editions of 1\/1 article written/);
    const { stdout } = await run('pdftotext', [join(out, 'damaged.pdf'), '-']);
    expect(stdout).toContain('[Image: A cut photo]');
    expect(stdout).toContain('[Image: No animation]');
    const xhtml = new TextDecoder().decode(entriesIn(join(out, 'damaged.epub'), 'OEBPS/article.xhtml').get('OEBPS/article.xhtml'));
    expect(xhtml).toContain('[Image: A cut photo]');
    const document = new TextDecoder().decode(entriesIn(join(out, 'damaged.docx'), 'word/document.xml').get('word/document.xml'));
    expect(document).toContain('[Image: A cut photo]');
  });
});

/** The most resident memory the run below may take, the whole process with its helper thread: it took 2.2 GB when the WebP was decoded. */
const boundMegabytes = 300;

it(`a GIF or WebP declaring more pixels than an edition decodes: its alt text and a warning at it, every edition written, the publish under ${boundMegabytes} MB`, async () => {
  const limits = mkdtempSync(join(tmpdir(), 'editions-picture-limits-'));
  // Tiny files of many pixels, each within the reader's 50 megapixels: 49, 36 and 0.004 (its frame 256).
  writeFileSync(join(limits, 'flat.webp'), flatWebp(7000, 7000, [204, 34, 34]));
  writeFileSync(join(limits, 'screen.gif'), gifDeclaring([6000, 6000], [6000, 6000]));
  writeFileSync(join(limits, 'frame.gif'), gifDeclaring([64, 64], [16000, 16000]));
  const article = join(limits, 'limits.md');
  writeFileSync(
    article,
    '---\ntitle: Limits\ndate: 2024-09-12\n---\n\nFirst.\n\n![A flat field of red](flat.webp)\n\n![A screen of red](screen.gif)\n\n![A frame larger than its screen](frame.gif)\n',
  );
  const out = mkdtempSync(join(tmpdir(), 'editions-picture-limits-out-'));
  const result = await publishSamplingMemory(['--config', newsroomConfig, '--source', limits, '--out', out]);
  expect(result.code, result.stderr).toBe(0);
  expect(result.stdout).toMatch(/6 editions of 1\/1 article written/);
  const warning = (line: number, name: string, size: string, megapixels: string, edition: string) =>
    new RegExp(
      `\\n${line}:1 +warning +Image ${name.replace('.', '\\.')} declares ${size} pixels \\(${megapixels} megapixels\\), more than the 25 megapixels an edition decodes to convert a picture, so its alt text stands in\\. Resize it below 25 megapixels +${edition}-image-too-large`,
    );
  expect(result.stderr).toContain(`${article}\n`);
  // The WebP is decoded by the PDF, the EPUB and the DOCX; a GIF by the PDF only, by the larger of its screen and its first frame.
  for (const edition of ['pdf', 'epub', 'docx']) expect(result.stderr).toMatch(warning(8, 'flat.webp', '7000×7000', '49.0', edition));
  expect(result.stderr).toMatch(warning(10, 'screen.gif', '6000×6000', '36.0', 'pdf'));
  expect(result.stderr).toMatch(warning(12, 'frame.gif', '16000×16000', '256.0', 'pdf'));
  expect(result.stderr.match(/image-too-large/g)).toHaveLength(5);
  expect(result.peakMegabytes, `peak resident memory ${result.peakMegabytes.toFixed(0)} MB`).toBeGreaterThan(0);
  expect(result.peakMegabytes, `peak resident memory ${result.peakMegabytes.toFixed(0)} MB`).toBeLessThan(boundMegabytes);

  // The book and Word carry the GIFs as they are, and the WebP as its alt text.
  expect([...entriesIn(join(out, 'limits.epub'), 'OEBPS/images/').values()].map(kindOf)).toEqual(['gif', 'gif']);
  expect(new TextDecoder().decode(entriesIn(join(out, 'limits.epub'), 'OEBPS/article.xhtml').get('OEBPS/article.xhtml'))).toContain(
    '[Image: A flat field of red]',
  );
  expect([...entriesIn(join(out, 'limits.docx'), 'word/media/').values()].map(kindOf)).toEqual(['gif', 'gif']);
  // The page and the wire, which never decode them, keep all three.
  const html = readFileSync(join(out, 'limits.html'), 'utf8');
  expect(html.match(/src="data:image\/(webp|gif);base64,/g)).toHaveLength(3);
  const wire = readFileSync(join(out, 'limits.newsml.xml'), 'utf8');
  expect(wire.match(/<img src="limits\.images\/[0-9a-f]{16}\.(webp|gif)"/g)).toHaveLength(3);
});

/**
 * The most resident memory a one-thread run may end with after a 20-megapixel WebP and 59 short articles: 364-399 MB
 * while the thread kept libwebp's instance, its memory grown for the picture, for the rest of the run; 149-173 MB since
 * the instance is let go after such a decode.
 */
const exitBoundMegabytes = 260;

describeWithTools(['poppler'], 'A large WebP in a long run, through the compiled CLI', () => {
  it(`after a 20-megapixel WebP, the thread lets libwebp's grown memory go: the run of it and 59 articles ends under ${exitBoundMegabytes} MB`, async () => {
    const batch = mkdtempSync(join(tmpdir(), 'editions-picture-memory-'));
    writeFileSync(join(batch, 'flat.webp'), flatWebp(5000, 4000, [204, 34, 34]));
    // Sorted by name, its article comes first.
    writeFileSync(join(batch, 'a-large-picture.md'), '---\ntitle: A large picture\ndate: 2024-09-12\n---\n\nFirst.\n\n![A flat field of red](flat.webp)\n');
    const story = readFileSync(join(projectRoot, 'source', 'moscow-syria-opposition-contact.md'));
    for (let index = 1; index < 60; index++) writeFileSync(join(batch, `story-${index}.md`), story);
    const out = mkdtempSync(join(tmpdir(), 'editions-picture-memory-out-'));
    // One thread, whose memory the process ends with (a helper thread ends before the process does); it collects its
    // garbage after its 51st article (src/publish/memory.ts), so an instance let go is gone by the end.
    const result = await publishSamplingMemory(['--source', batch, '--out', out, '--only', 'pdf', '--jobs', '1']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/60 editions of 60\/60 articles written/);
    // Decoded and drawn, not refused as too large.
    expect(result.stderr).not.toMatch(/image-/);
    const { stdout } = await run('pdfimages', ['-list', join(out, 'a-large-picture.pdf')]);
    expect(stdout).toMatch(/\n\s*1\s+0\s+image\s+5000\s+4000\s/);
    expect(result.exitMegabytes, `resident memory at exit ${result.exitMegabytes.toFixed(0)} MB`).toBeGreaterThan(0);
    expect(result.exitMegabytes, `resident memory at exit ${result.exitMegabytes.toFixed(0)} MB`).toBeLessThan(exitBoundMegabytes);
  });
});
