import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, resolveConfig } from '../src/config/load.js';
import { builtInTheme, contrast, themeHash } from '../src/config/theme.js';
import { projectRoot } from './helpers/cases.js';

const folder = mkdtempSync(join(tmpdir(), 'editions-theme-'));
const configFile = join(folder, 'pipeline.config.ts');
const dejaVu = join(projectRoot, 'node_modules', 'dejavu-fonts-ttf', 'ttf', 'DejaVuSans.ttf');
const file = (name: string, contents: string | Uint8Array) => {
  writeFileSync(join(folder, name), contents);
  return name;
};
const renderer = { name: 'json', extension: '.json', render: () => '' };
/** A PNG's signature and IHDR chunk, declaring a size: enough for a logo's size to be read, not decoded. */
const pngHeader = (width: number, height: number) => {
  const ihdr = Buffer.alloc(25);
  ihdr.writeUInt32BE(13, 0);
  ihdr.write('IHDR', 4, 'latin1');
  ihdr.writeUInt32BE(width, 8);
  ihdr.writeUInt32BE(height, 12);
  ihdr.set([8, 6, 0, 0, 0], 16);
  return Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), ihdr]);
};
const themeOf = (theme: unknown) => resolveConfig({ renderers: [renderer], theme } as never, configFile).theme;
const refusal = (theme: unknown): string => {
  try {
    themeOf(theme);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toContain(configFile);
    return (error as Error).message;
  }
  throw new Error('the theme was accepted');
};

describe('theme: loading', () => {
  it('is the built-in theme when the config has none', () => {
    expect(themeOf(undefined)).toBe(builtInTheme);
  });

  it('reads fonts, logo and CSS, fills in the rest from the built-in theme, and freezes it', () => {
    writeFileSync(join(folder, 'House.ttf'), readFileSync(dejaVu));
    const theme = themeOf({
      name: 'The Daily Example',
      logo: file('logo.svg', readFileSync(join(projectRoot, 'tests', 'theme', 'logo.svg'))),
      fonts: { body: 'House.ttf' },
      colors: { accent: '#036', dark: { accent: '#9cf' } },
      css: file('house.css', 'h1 { letter-spacing: 0.01em; }'),
      columns: 2,
      rule: '═',
    });
    expect(theme.fonts.body).toMatchObject({ fileName: 'House.ttf', family: 'DejaVu Sans', format: 'truetype' });
    expect(theme.fonts.headline).toBeUndefined();
    expect(theme.logo).toMatchObject({ fileName: 'logo.svg', mediaType: 'image/svg+xml', width: 120, height: 40 });
    expect(theme.colors.light).toEqual({ ...builtInTheme.colors.light, accent: '#003366' });
    expect(theme.colors.dark).toEqual({ ...builtInTheme.colors.dark, accent: '#99ccff' });
    expect(theme.css).toContain('letter-spacing');
    expect([theme.measure, theme.columns, theme.rule, theme.runningHead]).toEqual([66, 2, '═', 'title']);
    expect(Object.isFrozen(theme) && Object.isFrozen(theme.colors.light) && Object.isFrozen(theme.fonts)).toBe(true);
    // Sent to other threads as it is.
    expect(themeHash(structuredClone(theme))).toBe(themeHash(theme));
  });

  it("reads a PNG logo's size from its IHDR", () => {
    const png = readFileSync(join(projectRoot, 'tests', 'fixtures', 'long-form', 'bar-chart.png'));
    const theme = themeOf({ name: 'Example', logo: file('logo.png', png) });
    expect(theme.logo).toMatchObject({ mediaType: 'image/png', width: png.readUInt32BE(16), height: png.readUInt32BE(20) });
  });

  it('measures contrast as WCAG 2.x does', () => {
    expect(contrast('#000000', '#ffffff')).toBe(21);
    expect(contrast('#999999', '#ffffff')).toBeCloseTo(2.85, 2);
    expect(contrast('#767676', '#ffffff')).toBeCloseTo(4.54, 2);
  });

  it("hashes files by their contents, so a changed file changes the theme's hash", () => {
    const before = themeHash(themeOf({ css: file('changing.css', 'p { color: inherit; }') }));
    expect(themeHash(themeOf({ css: 'changing.css' }))).toBe(before);
    file('changing.css', 'p { font-style: italic; }');
    expect(themeHash(themeOf({ css: 'changing.css' }))).not.toBe(before);
    expect(themeHash(builtInTheme)).not.toBe(before);
  });
});

describe('theme: refusals name the config file, the key and the fix', () => {
  const cases: [string, () => unknown, RegExp][] = [
    ['an unknown key', () => ({ colour: '#000' }), /`theme` has no key "colour"; use name, logo, fonts, colors/],
    ['an unknown colour', () => ({ colors: { link: '#000' } }), /`theme.colors` has no key "link"; use text, background, accent, muted, dark/],
    ['an unknown font face', () => ({ fonts: { italic: 'x.ttf' } }), /`theme.fonts` has no key "italic"; use headline, body, mono/],
    ['a named colour', () => ({ colors: { text: 'black' } }), /`theme.colors.text` must be a colour as #rrggbb or #rgb, such as '#1b1b1b'; got "black"/],
    [
      'muted text too pale',
      () => ({ colors: { muted: '#999999', background: '#ffffff' } }),
      /theme\.colors\.muted \(#999999\) on theme\.colors\.background \(#ffffff\) has a contrast of 2\.84:1; WCAG 2\.2 AA needs 4\.5:1 for text/,
    ],
    [
      'text too pale',
      () => ({ colors: { text: '#888' } }),
      /theme\.colors\.text \(#888888\) on theme\.colors\.background \(#fffdf8\) has a contrast of 3\.4\d:1; WCAG 2\.2 AA needs 4\.5:1/,
    ],
    [
      'links too pale',
      () => ({ colors: { accent: '#3d8bfd' } }),
      /theme\.colors\.accent \(#3d8bfd\) on theme\.colors\.background \(#fffdf8\) has a contrast of 3\.\d\d:1; .*links/,
    ],
    [
      'a dark variant that fails',
      () => ({ colors: { dark: { accent: '#0b57a4' } } }),
      /theme\.colors\.dark\.accent \(#0b57a4\) on theme\.colors\.dark\.background \(#151515\) has a contrast of 2\.\d\d:1/,
    ],
    [
      'a background the built-in text does not read on',
      () => ({ colors: { background: '#333333' } }),
      /theme\.colors\.text \(#1b1b1b\) on theme\.colors\.background \(#333333\) has a contrast of 1\.\d\d:1/,
    ],
    [
      'a missing font file',
      () => ({ fonts: { body: 'fonts/Missing.ttf' } }),
      /`theme\.fonts\.body`: no file at .*fonts\/Missing\.ttf; add the file or fix the path/,
    ],
    [
      'a file that is no font',
      () => ({ fonts: { headline: file('not-a-font.ttf', 'hello, world') } }),
      /`theme\.fonts\.headline`: .*not-a-font\.ttf is not a font; give a TrueType \(\.ttf\) or OpenType \(\.otf\)/,
    ],
    [
      'a truncated font',
      () => ({ fonts: { mono: file('truncated.ttf', readFileSync(dejaVu).subarray(0, 4000)) } }),
      /`theme\.fonts\.mono`: .*truncated\.ttf is damaged/,
    ],
    [
      'two different fonts with one file name',
      () => {
        mkdirSync(join(folder, 'bold'), { recursive: true });
        writeFileSync(join(folder, 'bold', 'House.ttf'), readFileSync(join(projectRoot, 'node_modules', 'dejavu-fonts-ttf', 'ttf', 'DejaVuSans-Bold.ttf')));
        return { fonts: { headline: file('House.ttf', readFileSync(dejaVu)), body: 'bold/House.ttf' } };
      },
      /two different theme fonts are named "House\.ttf"; rename one of the files/,
    ],
    ['a WOFF font', () => ({ fonts: { body: file('web.woff', 'wOFF\0\0\0\0') } }), /web\.woff is a WOFF web font/],
    [
      'an OpenType font with CFF outlines',
      () => ({ fonts: { body: file('House.otf', 'OTTO\0\0\0\0') } }),
      /`theme\.fonts\.body`: .*House\.otf has CFF \(PostScript\) outlines, which the PDF edition cannot embed; give the face's TrueType \(\.ttf\) version/,
    ],
    ['a logo that is no image', () => ({ name: 'X', logo: file('logo.txt', 'a logo') }), /`theme\.logo`: .*logo\.txt is neither a PNG nor an SVG image/],
    [
      'an SVG logo with a script',
      () => ({ name: 'X', logo: file('script.svg', '<svg viewBox="0 0 1 1"><script>alert(1)</script></svg>') }),
      /script\.svg has a <script>; the logo must be a self-contained SVG/,
    ],
    [
      'an SVG logo with an external reference',
      () => ({ name: 'X', logo: file('external.svg', '<svg viewBox="0 0 1 1"><image href="https://tracker.example/x.png"/></svg>') }),
      /external\.svg refers to another file or address/,
    ],
    ['an SVG logo without a size', () => ({ name: 'X', logo: file('sizeless.svg', '<svg><rect/></svg>') }), /sizeless\.svg gives no size: add a viewBox/],
    ['a logo without a name', () => ({ logo: 'logo.svg' }), /`theme\.name` is needed with `theme\.logo`: it is the logo's alt text/],
    ['a measure out of range', () => ({ measure: 200 }), /`theme\.measure` must be the line length in characters, a number from 30 to 120/],
    ['three columns', () => ({ columns: 3 }), /`theme\.columns` must be 1 or 2/],
    ['an unknown running head', () => ({ runningHead: 'section' }), /`theme\.runningHead` must be one of 'title', 'publisher', 'none'/],
    ['a publisher running head without a name', () => ({ runningHead: 'publisher' }), /needs `theme\.name`/],
    ['an unknown folio', () => ({ folio: 'roman' }), /`theme\.folio` must be one of 'page-of-pages', 'page', 'none'/],
    ['a rule of two characters', () => ({ rule: '==' }), /`theme\.rule` must be one visible character one column wide/],
    ['a space as rule', () => ({ rule: ' ' }), /`theme\.rule` must be one visible character/],
    ['a missing CSS file', () => ({ css: 'nowhere.css' }), /`theme\.css`: no file at .*nowhere\.css/],
    ['CSS that closes its style element', () => ({ css: file('breakout.css', 'p{}</style><script>') }), /breakout\.css contains "<\/style"/],
    [
      'CSS that imports a stylesheet',
      () => ({ css: file('imports.css', '@import url("https://fonts.googleapis.com/css2?family=Roboto");') }),
      /imports\.css refers to another file or address \(@import\), which no edition may load; give fonts as theme\.fonts/,
    ],
    [
      'CSS that names a picture beside it',
      () => ({ css: file('paper.css', 'body { background-image: url("paper.png"); }') }),
      /paper\.css refers to another file or address \(url\(\)\)/,
    ],
    [
      'a logo of 15,000 × 15,000 pixels in a small file',
      () => ({ name: 'X', logo: file('huge.png', pngHeader(15_000, 15_000)) }),
      /huge\.png declares 15000×15000 pixels, which every thread would decode for every article; give it at most 16 megapixels/,
    ],
    [
      'a logo over 2 MB',
      () => ({ name: 'X', logo: file('heavy.png', Buffer.concat([pngHeader(1000, 1000), Buffer.alloc(3 * 1024 * 1024)])) }),
      /heavy\.png is larger than 2 MB, and every edition of every article carries it/,
    ],
  ];
  for (const [name, theme, message] of cases) {
    it(name, () => {
      expect(refusal(theme())).toMatch(message);
    });
  }

  it('reads a font whose OS/2 table is too short for its weight as regular, not with a RangeError', () => {
    const bytes = Buffer.from(readFileSync(dejaVu));
    const count = bytes.readUInt16BE(4);
    const record = Array.from({ length: count }, (_, index) => 12 + index * 16).find((at) => bytes.toString('latin1', at, at + 4) === 'OS/2') ?? 0;
    // The record points at the file's last two bytes, with a length of 0: inside the file, too short for a weight.
    bytes.writeUInt32BE(bytes.length - 2, record + 8);
    bytes.writeUInt32BE(0, record + 12);
    expect(themeOf({ fonts: { body: file('short-os2.ttf', bytes) } }).fonts.body?.weight).toBe(400);
  });
});
