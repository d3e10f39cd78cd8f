import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DOMParser, type Element as XmlElement } from '@xmldom/xmldom';
import { unzipSync } from 'fflate';
import { beforeAll, expect, it } from 'vitest';
import { projectRoot } from './helpers/cases.js';
import { publish } from './helpers/cli.js';
import { converted, libreOfficeConvert } from './helpers/formats.js';
import { describeWithTools, run } from './helpers/tools.js';

/*
 * The theme in the DOCX, through the compiled CLI: tests/configs/theme-docx.config.ts gives the house style's faces,
 * which no machine here has installed, its colours and a PNG logo; examples/house-style/source has the articles.
 */

const config = 'tests/configs/theme-docx.config.ts';
const source = join(projectRoot, 'examples', 'house-style', 'source');
const fonts = join(projectRoot, 'examples', 'house-style', 'fonts');
const families = { 'Libre Franklin': 'LibreFranklin-Bold.ttf', Newsreader: 'Newsreader-Regular.ttf', 'JetBrains Mono': 'JetBrainsMono-Regular.ttf' };
const slug = 'every-block';

const publishOnce = async (extra: readonly string[]) => {
  const out = mkdtempSync(join(tmpdir(), 'editions-docx-theme-'));
  const result = await publish(['--config', config, '--source', source, '--out', out, ...extra]);
  expect(result.code, result.stderr).toBe(0);
  return join(out, `${slug}.docx`);
};

let docx: string;
let parts: Record<string, Uint8Array>;
beforeAll(async () => {
  docx = await publishOnce([]);
  parts = unzipSync(readFileSync(docx));
}, 120_000);

const xml = (name: string) => new DOMParser().parseFromString(new TextDecoder().decode(parts[name]), 'text/xml');
const child = (element: XmlElement | undefined | null, name: string) => element?.getElementsByTagName(name)[0];

/** A style's Latin face and colour as styles.xml gives them (`docDefaults` for the document's text). */
function runOf(styleId: string): { font?: string | null; color?: string | null } {
  const styles = xml('word/styles.xml');
  const element =
    styleId === 'docDefaults'
      ? child(styles.documentElement ?? undefined, 'w:docDefaults')
      : Array.from(styles.getElementsByTagName('w:style')).find((style) => style.getAttribute('w:styleId') === styleId);
  const rPr = child(element, 'w:rPr');
  return { font: child(rPr, 'w:rFonts')?.getAttribute('w:ascii'), color: child(rPr, 'w:color')?.getAttribute('w:val') };
}

describeWithTools(['libreoffice', 'poppler'], 'the theme in the DOCX, through the compiled CLI', () => {
  it("names the theme's faces and colours in the styles, as the PDF sets them", () => {
    expect(runOf('docDefaults')).toEqual({ font: 'Newsreader', color: '1A1A2E' });
    for (const id of ['Title', 'Heading1', 'Heading2', 'Heading4']) expect(runOf(id), id).toEqual({ font: 'Libre Franklin', color: '1A1A2E' });
    for (const id of ['Byline', 'Dateline', 'Caption']) expect(runOf(id), id).toEqual({ font: 'Libre Franklin', color: '5A5560' });
    expect(runOf('Colophon').color).toBe('5A5560');
    expect(runOf('Hyperlink').color).toBe('7A1F2B');
    for (const id of ['SourceCode', 'VerbatimChar']) expect(runOf(id).font, id).toBe('JetBrains Mono');
  });

  it('embeds each face, obfuscated under its key as ECMA-376 asks, and the same bytes with --jobs 1', async () => {
    const table = xml('word/fontTable.xml');
    const rels = new Map(
      Array.from(xml('word/_rels/fontTable.xml.rels').getElementsByTagName('Relationship'), (rel) => [rel.getAttribute('Id'), rel.getAttribute('Target')]),
    );
    const embedded = Array.from(table.getElementsByTagName('w:font')).flatMap((font) => {
      const embed = child(font, 'w:embedRegular');
      return embed ? [{ name: font.getAttribute('w:name'), target: rels.get(embed.getAttribute('r:id')), key: embed.getAttribute('w:fontKey') ?? '' }] : [];
    });
    expect(embedded.map((font) => font.name)).toEqual(['Libre Franklin', 'Newsreader', 'JetBrains Mono']);
    for (const { name, target, key } of embedded) {
      const masked = parts[`word/${target}`] as Uint8Array;
      const keyBytes = (key.replace(/[{}-]/g, '').match(/../g) ?? []).map((pair: string) => Number.parseInt(pair, 16)).reverse();
      const font = masked.map((byte, index) => (index < 32 ? byte ^ (keyBytes[index % 16] as number) : byte));
      expect(Buffer.from(font).equals(readFileSync(join(fonts, families[name as keyof typeof families]))), `${name}`).toBe(true);
    }
    expect(readFileSync(await publishOnce(['--jobs', '1'])).equals(readFileSync(docx))).toBe(true);
  }, 120_000);

  it("sets the theme's PNG logo above the headline, its name as alt text; an SVG logo is left out with a warning", async () => {
    const body = child(xml('word/document.xml').documentElement, 'w:body');
    const first = body?.getElementsByTagName('w:p')[0];
    expect(child(first, 'wp:docPr')?.getAttribute('descr')).toBe('The Harbour Gazette');
    const media = Object.keys(parts).filter((name) => name.startsWith('word/media/'));
    expect(
      media.map((name) => Buffer.from(parts[name] as Uint8Array).equals(readFileSync(join(projectRoot, 'tests/fixtures/png-transparency/rgba.png')))),
    ).toEqual([true]);

    const out = mkdtempSync(join(tmpdir(), 'editions-docx-theme-svg-'));
    const svg = await publish(['--config', 'tests/configs/theme-docx-svg-logo.config.ts', '--source', source, '--out', out]);
    expect(svg.code, svg.stderr).toBe(0);
    expect(svg.stderr).toMatch(
      /the theme's logo logo\.svg is image\/svg\+xml, which Word cannot show without a fallback: the DOCX has no logo\s+docx-image-type/,
    );
    expect(Object.keys(unzipSync(readFileSync(join(out, `${slug}.docx`)))).filter((name) => name.startsWith('word/media/'))).toEqual([]);
  }, 120_000);

  it('LibreOffice opens it and sets the text in the embedded faces', async () => {
    const { folder, output } = await libreOfficeConvert([docx], 'pdf');
    const pdf = converted(folder, docx, 'pdf');
    expect(pdf, output).toBeDefined();
    const listed = (await run('pdffonts', [pdf as string])).stdout;
    for (const face of ['LibreFranklin-Bold', 'Newsreader-Regular', 'JetBrainsMono-Regular']) expect(listed).toMatch(new RegExp(`\\+${face}\\s`));
  }, 300_000);
});
