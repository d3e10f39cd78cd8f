import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import { expect, it } from 'vitest';
import { fixturesDir } from './helpers/cases.js';
import { executionModes, modeNames, publish } from './helpers/cli.js';
import { newsroomConfig } from './helpers/formats.js';
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

  it('a GIF or WebP that cannot be decoded (cut short): a warning at it in the PDF, its alt text, and every edition written', async () => {
    const damaged = mkdtempSync(join(tmpdir(), 'editions-picture-formats-damaged-'));
    const webp = readFileSync(join(source, 'market-street.webp'));
    writeFileSync(join(damaged, 'cut.webp'), webp.subarray(0, 60));
    writeFileSync(join(damaged, 'not.gif'), readFileSync(join(source, 'harbour-sunrise.gif')).subarray(0, 40));
    writeFileSync(join(damaged, 'damaged.md'), '---\ntitle: Damaged\n---\n\nFirst.\n\n![A cut photo](cut.webp)\n\n![No animation](not.gif)\n');
    const out = mkdtempSync(join(tmpdir(), 'editions-picture-formats-damaged-out-'));
    const result = await publish(['--source', damaged, '--out', out]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(
      /7:1 +warning +Image cut\.webp cannot be decoded as image\/webp, so its alt text stands in\. Export it again +pdf-image-unreadable/,
    );
    expect(result.stderr).toMatch(
      /9:1 +warning +Image not\.gif cannot be decoded as image\/gif, so its alt text stands in\. Export it again +pdf-image-unreadable/,
    );
    expect(result.stdout).toMatch(/4 editions of 1\/1 article written/);
    const { stdout } = await run('pdftotext', [join(out, 'damaged.pdf'), '-']);
    expect(stdout).toContain('[Image: A cut photo]');
    expect(stdout).toContain('[Image: No animation]');
  });
});
