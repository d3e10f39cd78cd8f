import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, resolveConfig } from '../src/config/load.js';
import { placeOf, projectRoot } from './helpers/cases.js';
import { publish } from './helpers/cli.js';

const configs = join(projectRoot, 'tests', 'configs');

/** Configs whose collection renderers declare a file or folder where another renderer writes, with the message each gets. */
const collectionRefusals: [string, RegExp][] = [
  [
    'collection-folder-overlap.config.ts',
    /renderers\[2\] \("logo"\): `files` declares "feed-images\/logo\.png", which overlaps "feed-images\/" of the "feed" renderer .*; give each collection renderer its own files and folders$/,
  ],
  [
    'collection-own-overlap.config.ts',
    /renderers\[1\] \("gallery"\): `files` declares "pictures\/cover\.png", which overlaps its own "pictures\/": a folder declares every file directly in it; declare each file or folder once$/,
  ],
  [
    'collection-edition-folder.config.ts',
    /renderers\[2\] \("archive"\): `files` declares "2024\.txt\/", but "2024\.txt\/" would be a folder where the "text" renderer writes the edition \(its extension is "\.txt"\) of an article whose slug is "2024", a file: .*; choose a folder of another name, such as "archive-files\/"$/,
  ],
];

/**
 * The same for `theme/`, through the compiled CLI only: under the test runner a config's `editions` is the compiled
 * package, whose built-in renderers this source's registry does not know, so they pass for renderers of the config's own.
 */
const themeRefusals: [string, RegExp][] = [
  [
    'collection-theme-folder.config.ts',
    /renderers\[1\] \("styles"\): `files` declares "theme\/", but "theme\/" holds the theme's fonts and logo that the HTML edition writes beside its pages .*; choose a folder of another name, such as "styles-files\/"$/,
  ],
];

async function loadError(name: string): Promise<ConfigError> {
  const error = await loadConfig(join(configs, name)).catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(ConfigError);
  return error as ConfigError;
}

describe('loadConfig', () => {
  it('loads the project config, with folders relative to it', async () => {
    const config = await loadConfig(join(projectRoot, 'pipeline.config.ts'));
    expect(config.renderers.map((renderer) => renderer.name)).toEqual(['html', 'pdf', 'epub', 'text']);
    expect(config.source).toBe(join(projectRoot, 'source'));
    expect(config.outDir).toBe(join(projectRoot, 'outputs'));
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('resolves folders relative to the config file, not the working directory', async () => {
    const config = await loadConfig(join(configs, 'relative-folders.config.ts'));
    expect(config.source).toBe(join(projectRoot, 'tests', 'bad-input', 'crlf'));
    expect(config.outDir).toBe(join(configs, 'relative-out'));
  });

  const errors: [string, RegExp][] = [
    ['missing.config.ts', /config file not found; create it or pass an existing file to --config/],
    // esbuild counts columns from 0: the end of this one-line file is line 2, column 1.
    ['syntax-error.config.ts', /syntax-error\.config\.ts:2:1: the config could not be loaded: Expected identifier but found end of file$/],
    [
      'async-function.config.ts',
      /the config exports a function; export the config itself, `export default defineConfig\(\{ renderers: \[\.\.\.\] \}\)`, or a promise of it/,
    ],
    ['no-renderers.config.ts', /`renderers` must be a non-empty list/],
    ['duplicate-name.config.ts', /two renderers are named "html"; give your own renderer another `name`/],
    ['duplicate-extension.config.ts', /two renderers write "\.txt" files; give each renderer its own extension/],
    ['factory-not-called.config.ts', /call its factory, e\.g\. `html\(\)` rather than `html`/],
    ['label-unknown-id.config.ts', /`labels.fr` has no label "signature"; use one of byline, dateline, datelineLead, tags, /],
    [
      'label-not-a-tag.config.ts',
      /`labels` key "pt_PT" is not a BCP 47 language tag; write it as an article's `lang` is written, such as "fr", "pt-PT" or "sw"/,
    ],
    ['pdf-margins-partial.config.ts', /pdf\(\{ margins \}\) must give top, right, bottom and left in points/],
    ['pdf-margins-too-wide.config.ts', /pdf\(\{ margins \}\) leave less than 144 points \(two inches\) of text each way on a 612×792 page/],
    ['misspelt-key.config.ts', /`outdir` is not a config key; did you mean `outDir`\? The keys are source, outDir, baseUrl, renderers, labels, theme/],
    ['misspelt-option.config.ts', /pdf\(\) has no option "pagesize"; did you mean "pageSize"\? \(it takes pageSize, margins, baseSize\)/],
    [
      'html-base-url.config.ts',
      /html\(\{ baseUrl \}\) must be an absolute http\(s\) address, such as 'https:\/\/news\.example\/world\/'; got "news\.example\/world"/,
    ],
    ['pdf-size-text.config.ts', /pdf\(\{ baseSize \}\) must be a number of points from 6 to 24; got "11"/],
    [
      'index-lang-not-a-tag.config.ts',
      /index\(\{ lang \}\) must be a BCP 47 language tag, as an article's `lang` is written, such as 'fr' or 'pt-BR'; got "fr_CA"/,
    ],
    ...collectionRefusals,
  ];
  for (const [name, message] of errors) {
    it(`${name}: names the file and says the fix`, async () => {
      const error = await loadError(name);
      expect(error.message).toContain(join(configs, name));
      expect(error.message).toMatch(message);
    });
  }
});

// A built-in renderer is known by how its factory made it in the compiled package, which the config imports: through the CLI.
const builtInRefusals: [string, RegExp][] = [
  [
    'index-twice.config.ts',
    /two renderers are named "index"; `index\(\)` is listed twice; list it once, or give the other a language of its own: `index\(\{ lang: 'fr' \}\)` is named "index-fr"/,
  ],
];

// A renderer's optional members, which the run had passed over when misspelt or of the wrong type.
const memberRefusals: [string, RegExp][] = [
  ['renderer-misspelt-member.config.ts', /renderers\[1\] \("wire"\): `use` is not a member of a renderer; did you mean `uses`\?$/],
  ['renderer-uses.config.ts', /renderers\[1\] \("wire"\): `uses` must list what it reads of the context, `\['versions'\]`, or be left out$/],
  [
    'renderer-weight.config.ts',
    /renderers\[1\] \("wire"\): `weight` must be a number above 0, the cost of one edition against the others' \(default 1; the PDF says 4\), or be left out$/,
  ],
  ['collection-requires.config.ts', /renderers\[1\] \("list"\): `requires` must list what the config must give it, `\['baseUrl'\]`, or be left out$/],
  [
    'collection-front-page.config.ts',
    /renderers\[1\] \("home"\): `frontPage` must name one of its files and the language it lists, such as `\{ path: 'index\.html', lang: 'fr' \}` \(no `lang`: every article's\), or be left out$/,
  ],
];

describe('the CLI: collection renderers’ declarations', () => {
  for (const [name, message] of [...collectionRefusals, ...themeRefusals, ...builtInRefusals, ...memberRefusals]) {
    it(`${name}: exit 2, one line naming the config file and saying the fix`, async () => {
      const run = await publish(['--config', join('tests', 'configs', name), '--out', mkdtempSync(join(tmpdir(), 'editions-refused-'))]);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain(join(configs, name));
      expect(run.stderr).toMatch(new RegExp(message.source, 'm'));
    });
  }

  it('publishes with a renderer of the config’s own whose own member is near one it has (`rendered` beside `render`): no misspelling', async () => {
    const out = mkdtempSync(join(tmpdir(), 'editions-own-member-'));
    const run = await publish(['--config', join('tests', 'configs', 'renderer-own-member.config.ts'), '--source', 'source', '--out', out]);
    expect(run.code, run.stderr).toBe(0);
    expect(readFileSync(join(out, 'moscow-syria-opposition-contact.counted.txt'), 'utf8')).toBe('counted\n');
  });

  it('publishes a collection’s file in theme/ when the pages embed the theme’s fonts and logo', async () => {
    const out = mkdtempSync(join(tmpdir(), 'editions-theme-collection-'));
    const run = await publish(['--config', join('tests', 'configs', 'collection-theme-folder-embed.config.ts'), '--source', 'source', '--out', out]);
    expect(run.code, run.stderr).toBe(0);
    expect(readFileSync(join(out, 'theme', 'house.css'), 'utf8')).toBe('body { margin: 0 }\n');
    expect(readdirSync(join(out, 'theme'))).toEqual(['house.css']);
    expect(existsSync(join(out, 'moscow-syria-opposition-contact.html'))).toBe(true);
  });

  it('fails the edition of a renderer of the config’s own that writes beside it where a collection declares, naming the article, the renderer, the path and the collection', async () => {
    const source = mkdtempSync(join(tmpdir(), 'editions-beside-collection-source-'));
    writeFileSync(join(source, 'plain.md'), '---\ntitle: Plain\ndate: 2024-05-01\n---\n\nA story.\n');
    writeFileSync(join(source, 'styled.md'), '---\ntitle: Styled\ndate: 2024-05-01\n---\n\nA styled story.\n');
    const out = mkdtempSync(join(tmpdir(), 'editions-beside-collection-'));
    const run = await publish(['--config', join('tests', 'configs', 'collection-beside.config.ts'), '--source', source, '--out', out]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      /styled\.md\n\s*error\s+The wire renderer failed for "styled": the wire renderer asked to write "theme\/house\.css" beside "styled", where the "styles" collection renderer writes \(it declares "theme\/"\): each would replace the other's file, and remove it once it no longer made it; write it in a folder of its own, such as "styled\.files\/"; the previous edition, if any, is left in place\s+renderer-failed/,
    );
    expect(run.stderr, "no stack of Editions' own").not.toMatch(/\n\s+at |\[cause\]/);
    expect(run.stdout).toMatch(/; 1 article failed$/m);
    // Nothing of the refused edition is written; the collection's file is its own, the other article's and editions are all there.
    expect(existsSync(join(out, 'styled.wire.txt'))).toBe(false);
    expect(readFileSync(join(out, 'theme', 'house.css'), 'utf8')).toBe('body { margin: 0 }\n');
    expect(readdirSync(join(out, 'theme'))).toEqual(['house.css']);
    expect(readFileSync(join(out, 'plain.files', 'note.txt'), 'utf8')).toBe('written by wire for plain\n');
    for (const edition of ['plain.wire.txt', 'plain.html', 'styled.html']) expect(existsSync(join(out, edition)), edition).toBe(true);
  });
});

describe('the CLI: the files a renderer returns beside its edition', () => {
  for (const flags of [[], ['--jobs', '1']]) {
    it(`refuses bytes that are a string, as the type says, naming the renderer and what to return; the other article published (${flags.join(' ') || 'default'})`, async () => {
      const source = mkdtempSync(join(tmpdir(), 'editions-beside-string-source-'));
      writeFileSync(join(source, 'plain.md'), '---\ntitle: Plain\ndate: 2024-05-01\n---\n\nA story.\n');
      writeFileSync(join(source, 'styled.md'), '---\ntitle: Styled\ndate: 2024-05-01\n---\n\nA styled story.\n');
      const out = mkdtempSync(join(tmpdir(), 'editions-beside-string-'));
      const run = await publish(['--config', join('tests', 'configs', 'beside-string.config.ts'), '--source', source, '--out', out, ...flags]);
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(
        /styled\.md\n\s*error\s+The wire renderer failed for "styled": wire's render\(\) returned "styled\.files\/note\.txt" beside the edition with bytes that are string; return them as a Uint8Array, such as `new TextEncoder\(\)\.encode\(text\)`; the previous edition, if any, is left in place\s+renderer-failed/,
      );
      expect(run.stderr, "no stack of Editions' own").not.toMatch(/\n\s+at |\[cause\]/);
      for (const refused of ['styled.wire.txt', 'styled.files']) expect(existsSync(join(out, refused)), refused).toBe(false);
      expect(readFileSync(join(out, 'plain.files', 'note.txt'), 'utf8')).toBe('written by wire for plain\n');
      for (const edition of ['plain.wire.txt', 'plain.html', 'styled.html']) expect(existsSync(join(out, edition)), edition).toBe(true);
    });
  }
});

describe('loadConfig: a config that throws or promises', () => {
  // A TypeScript config goes through tsx under the test runner, whose frames it cannot place: tests/cli.test.ts places them, compiled.
  it('says where a JavaScript config threw, in its file', async () => {
    const file = join(configs, 'throws.config.mjs');
    expect((await loadError('throws.config.mjs')).message).toBe(
      `${placeOf(file, 'name;')}: the config could not be loaded: Cannot read properties of undefined (reading 'name')`,
    );
  });

  it('awaits a default export that is a promise of the config', async () => {
    const config = await loadConfig(join(configs, 'promise.config.ts'));
    expect(config.renderers.map((renderer) => renderer.name)).toEqual(['html', 'text']);
    expect(config.source).toBe(join(projectRoot, 'source'));
  });
});

describe('resolveConfig', () => {
  it('refuses a key or a built-in renderer option it does not know, with the name meant when one is near', async () => {
    const { html, text, epub, feed } = await import('../src/index.js');
    expect(() => resolveConfig({ them: {}, renderers: [html()] })).toThrow(/`them` is not a config key; did you mean `theme`\?/);
    expect(() => resolveConfig({ colours: {}, renderers: [html()] })).toThrow(/`colours` is not a config key\. The keys are/);
    expect(() => text({ widht: 40 } as never)).toThrow(/text\(\) has no option "widht"; did you mean "width"\? \(it takes width\)/);
    expect(() => html({ image: 'beside' } as never)).toThrow(/html\(\) has no option "image"; did you mean "images"\?/);
    expect(() => epub({ cover: true } as never)).toThrow(/epub\(\) has no option "cover" \(it takes no options\)/);
    expect(() => feed({ entries: 20 } as never)).toThrow(/feed\(\) has no option "entries" \(it takes title, limit, lang\)/);
  });

  it('takes a feed limit that is a positive whole number, and says so of any other', async () => {
    const { feed } = await import('../src/index.js');
    for (const [limit, given] of [
      [0, '0'],
      [-5, '-5'],
      [2.5, '2.5'],
      ['20', '"20"'],
      [Number.POSITIVE_INFINITY, 'Infinity'],
    ] as const) {
      expect(() => feed({ limit } as never), given).toThrow(
        new RangeError(`feed({ limit }) must be a whole number of entries, 1 or more, such as 50; got ${given}`),
      );
    }
    expect(feed({ limit: 1 }).name).toBe('feed');
  });

  it('names a front page or feed of one language after it, so that several fit in one config; refuses a lang that is not a tag', async () => {
    const { feed, html, index } = await import('../src/index.js');
    expect([index({ lang: 'pt-br' }).name, index({ lang: 'pt-br' }).files]).toEqual(['index-pt-BR', ['index-pt-BR.html']]);
    expect([feed({ lang: 'fr' }).name, feed({ lang: 'fr' }).files]).toEqual(['feed-fr', ['feed-fr.xml', 'feed-fr.json', 'feed-fr-images/']]);
    const config = resolveConfig({ baseUrl: 'https://news.example/', renderers: [html(), index(), index({ lang: 'fr' }), feed(), feed({ lang: 'fr' })] });
    expect(config.collections.map((renderer) => renderer.name)).toEqual(['index', 'index-fr', 'feed', 'feed-fr']);
    // A tag with a region or a script, as Intl writes it: the config loads, and `--only` names them so.
    const regional = resolveConfig({
      baseUrl: 'https://news.example/',
      renderers: [html(), index({ lang: 'pt-br' }), index({ lang: 'zh-Hant' }), feed({ lang: 'zh-HK' })],
    });
    expect(regional.collections.map((renderer) => renderer.name)).toEqual(['index-pt-BR', 'index-zh-Hant', 'feed-zh-HK']);
    for (const lang of ['fr_CA', 'français', 5, ''])
      expect(() => feed({ lang } as never), String(lang)).toThrow(
        new RangeError(
          `feed({ lang }) must be a BCP 47 language tag, as an article's \`lang\` is written, such as 'fr' or 'pt-BR'; got ${JSON.stringify(lang)}`,
        ),
      );
  });

  it('rejects a renderer without a render function or with a bad extension', () => {
    expect(() => resolveConfig({ renderers: [{ name: 'json', extension: 'json', render: () => '' }] })).toThrow(/must be a dot and letters or digits/);
    expect(() => resolveConfig({ renderers: [{ name: 'json', extension: '.json.', render: () => '' }] })).toThrow(/must be a dot and letters or digits/);
    expect(() => resolveConfig({ renderers: [{ name: 'pics', extension: '.images', render: () => '' }] })).toThrow(
      /names the folder of the HTML edition's pictures/,
    );
    expect(resolveConfig({ renderers: [{ name: 'wire', extension: '.wire.txt', render: () => '' }] }).renderers[0]?.extension).toBe('.wire.txt');
    expect(() => resolveConfig({ renderers: [{ name: 'json', extension: '.json' } as never] })).toThrow(/render\(article, context\)` must be a function/);
    expect(() => resolveConfig({ renderers: [{ name: 'Not A Name', extension: '.json', render: () => '' }] })).toThrow(/lowercase letters/);
  });
});

describe('resolveConfig: collection renderers', () => {
  const collection = (files: unknown, name = 'list') => ({ name, kind: 'collection', files, render: () => [] }) as never;

  it('splits the renderers into editions and collections, in their order', () => {
    const config = resolveConfig({ renderers: [{ name: 'json', extension: '.json', render: () => '' }, collection(['list.txt'])] });
    expect(config.renderers.map((renderer) => renderer.name)).toEqual(['json']);
    expect(config.collections.map((renderer) => renderer.name)).toEqual(['list']);
  });

  it('rejects undeclared or unsafe files, a file two renderers write, a name two renderers take, and a bad baseUrl', () => {
    expect(() => resolveConfig({ renderers: [collection([])] })).toThrow(/`files` must list the files it writes/);
    expect(resolveConfig({ renderers: [collection(['list.txt', 'list-pictures/'])] }).collections[0]?.files).toEqual(['list.txt', 'list-pictures/']);
    for (const path of ['../up.txt', '/abs.txt', '.hidden', 'a//b', '../up/', '/'])
      expect(() => resolveConfig({ renderers: [collection([path])] }), path).toThrow(/plain paths/);
    expect(() => resolveConfig({ renderers: [collection(['a.txt']), collection(['a.txt'], 'other')] })).toThrow(/two renderers write "a\.txt"/);
    expect(() => resolveConfig({ renderers: [{ name: 'list', extension: '.json', render: () => '' }, collection(['a.txt'])] })).toThrow(
      /two renderers are named "list"/,
    );
    expect(() => resolveConfig({ baseUrl: 'news.example', renderers: [collection(['a.txt'])] })).toThrow(/`baseUrl` must be an absolute http\(s\) address/);
    expect(resolveConfig({ baseUrl: 'https://news.example/world', renderers: [collection(['a.txt'])] }).baseUrl).toBe('https://news.example/world/');
  });

  it('compares the paths it checks as macOS and Windows do, ignoring case: names that differ only in case clash, the error naming the config file and saying the fix', async () => {
    const { html, text } = await import('../src/index.js');
    const file = '/site/pipeline.config.ts';
    const inCase = 'one name on macOS and Windows, which ignore case';
    const clashing: [unknown[], string][] = [
      [
        [collection(['index.html']), collection(['Index.html'], 'other')],
        `two renderers write "index.html" and "Index.html", ${inCase}; give each collection renderer its own file names`,
      ],
      [[collection(['Straße.txt']), collection(['STRASSE.txt'], 'other')], `two renderers write "Straße.txt" and "STRASSE.txt", ${inCase};`],
      [
        [text(), { name: 'shout', extension: '.TXT', render: () => '' }],
        `two renderers write ".txt" and ".TXT" files, ${inCase}; give each renderer its own extension`,
      ],
      [
        [collection(['pictures/']), collection(['Pictures/a.png'], 'other')],
        `renderers[1] ("other"): \`files\` declares "Pictures/a.png", which overlaps "pictures/" of the "list" renderer (one is inside the other, ${inCase}): each would replace or remove the other's files; give each collection renderer its own files and folders`,
      ],
      [
        [collection(['list.txt', 'List.txt'])],
        `renderers[0] ("list"): \`files\` declares "List.txt", which overlaps its own "list.txt": it declares that file twice, ${inCase}; declare each file or folder once`,
      ],
      [
        [html({ images: 'beside' }), collection(['Theme/'])],
        `\`files\` declares "Theme/", but "Theme/", which macOS and Windows, ignoring case, take for "theme/", holds the theme's fonts and logo that the HTML edition writes beside its pages (html({ images: 'beside' })); choose a folder of another name, such as "list-files/"`,
      ],
      [
        [collection(['Feed.Images/'])],
        `\`files\` declares "Feed.Images/", but "Feed.Images/", which macOS and Windows, ignoring case, take for "feed.images/", holds the pictures that the editions of an article whose slug is "Feed" write beside it;`,
      ],
      [
        [html(), collection(['2024.HTML/'])],
        `\`files\` declares "2024.HTML/", but "2024.HTML/" would be a folder where the "html" renderer writes the edition`,
      ],
      [
        [{ name: 'pictures', extension: '.Images', render: () => '' }],
        `renderers[0] ("pictures"): \`extension\` ".Images" names the folder of the HTML edition's pictures; choose another`,
      ],
    ];
    for (const [renderers, message] of clashing) {
      let error: unknown;
      try {
        resolveConfig({ renderers }, file);
      } catch (thrown) {
        error = thrown;
      }
      expect(error, message).toBeInstanceOf(ConfigError);
      expect((error as Error).message, message).toMatch(/^\/site\/pipeline\.config\.ts: /);
      expect((error as Error).message).toContain(message);
    }
  });

  it('rejects a declared folder that holds, or is, another renderer’s file or folder', () => {
    const overlapping: [string[], string[]][] = [
      [['pictures/'], ['pictures/a.png']],
      [['pictures/a.png'], ['pictures/']],
      [['pictures/'], ['pictures/large/']],
      [['pictures'], ['pictures/']],
      [
        ['list.txt', 'pictures/'],
        ['other.txt', 'pictures/large/a.png'],
      ],
    ];
    for (const [first, second] of overlapping) {
      expect(() => resolveConfig({ renderers: [collection(first), collection(second, 'other')] }), `${first} ${second}`).toThrow(
        /renderers\[1\] \("other"\): `files` declares "[^"]+", which overlaps "[^"]+" of the "list" renderer \(one is inside the other\)/,
      );
    }
    // Side by side, they do not overlap.
    expect(
      resolveConfig({ renderers: [collection(['pictures/', 'pictures/large/']), collection(['pictures-large/', 'pictures.txt', 'a/pictures/'], 'other')] })
        .collections,
    ).toHaveLength(2);
  });

  it('rejects a renderer’s own declarations that declare one file twice, or a file where a folder goes', () => {
    const clashing: [string[], RegExp][] = [
      [['list.txt', 'list.txt'], /declares "list\.txt", which overlaps its own "list\.txt": it declares that file twice; declare each file or folder once$/],
      [
        ['pictures/', 'pictures/'],
        /declares "pictures\/", which overlaps its own "pictures\/": it declares that folder twice; declare each file or folder once$/,
      ],
      [
        ['pictures/', 'pictures/a.png'],
        /declares "pictures\/a\.png", which overlaps its own "pictures\/": a folder declares every file directly in it; declare each/,
      ],
      [
        ['pictures/a.png', 'pictures/'],
        /declares "pictures\/", which overlaps its own "pictures\/a\.png": a folder declares every file directly in it; declare each/,
      ],
      [
        ['pictures', 'pictures/'],
        /declares "pictures\/", which overlaps its own "pictures": "pictures" cannot be both a file and a folder; rename the file or the folder$/,
      ],
      [['a.txt', 'a.txt/b.txt'], /declares "a\.txt\/b\.txt", which overlaps its own "a\.txt": "a\.txt" cannot be both a file and a folder; rename the file/],
      [['a/b/c/', 'a/b'], /declares "a\/b", which overlaps its own "a\/b\/c\/": "a\/b" cannot be both a file and a folder; rename the file/],
    ];
    for (const [files, message] of clashing) {
      expect(() => resolveConfig({ renderers: [collection(['index.txt', ...files])] }), files.join(' ')).toThrow(
        new RegExp(`^config: renderers\\[0\\] \\("list"\\): \`files\` ${message.source}`),
      );
    }
    // A folder declares only the files directly in it: a folder or a file deeper in it is declared apart.
    expect(resolveConfig({ renderers: [collection(['pictures/', 'pictures/large/', 'pictures/large/huge/a.png', 'pictures.txt'])] }).collections).toHaveLength(
      1,
    );
  });

  it("rejects theme/ while html({ images: 'beside' }) writes the theme’s files there, or a <slug>.images/ folder", async () => {
    const { docx, epub, html, newsml, pdf, text } = await import('../src/index.js');
    for (const renderers of [[html({ images: 'beside' })], [text(), html({ images: 'beside' })]]) {
      for (const [path, at] of [
        ['theme/', 0],
        ['theme/logo.svg', 1],
        ['theme', 1],
      ] as const) {
        // Listed before the article renderers or after them.
        const listed = at === 0 ? [collection(['list.txt', path]), ...renderers] : [...renderers, collection(['list.txt', path])];
        expect(() => resolveConfig({ renderers: listed }), `${path} ${renderers.map((renderer) => renderer.name)}`).toThrow(
          new RegExp(`\`files\` declares "${path}", but "theme/" holds the theme's fonts and logo that the HTML edition writes beside its pages`),
        );
      }
    }
    // No built-in renderer here writes beside its editions but in <slug>.images/: html() embeds the theme's files, newsml() writes its
    // pictures, their items and its package there. A renderer of the config's own may write anywhere: the publish refuses what it writes where a collection declares.
    const own = { name: 'wire', extension: '.wire.txt', render: () => '' };
    for (const path of ['theme/', 'theme/logo.svg'])
      expect(resolveConfig({ renderers: [html(), pdf(), epub(), text(), docx(), newsml(), own, collection([path])] }).collections, path).toHaveLength(1);
    expect(resolveConfig({ renderers: [collection(['theme/'])] }).collections).toHaveLength(1);
    expect(() => resolveConfig({ renderers: [collection(['feed.images/'])] })).toThrow(
      /declares "feed\.images\/", but "feed\.images\/" holds the pictures that the editions of an article whose slug is "feed" write beside it; choose a folder of another name, such as "list-files\/"/,
    );
    expect(resolveConfig({ renderers: [html({ images: 'beside' }), collection(['themes/', 'images/'])] }).collections).toHaveLength(1);
  });

  it('rejects a folder named like an article renderer’s edition, which the edition of the article of that slug would stand in the way of', async () => {
    const { html, newsml, text } = await import('../src/index.js');
    const own = { name: 'wire', extension: '.wire.txt', render: () => '' };
    const renderers = [html(), text(), newsml(), own];
    for (const [path, renderer, extension, slug] of [
      ['2024.html/', 'html', '.html', '2024'],
      ['archive.txt/list.txt', 'text', '.txt', 'archive'],
      ['items.newsml.xml/', 'newsml', '.newsml.xml', 'items'],
      ['a.b.wire.txt/', 'text', '.txt', 'a.b.wire'],
    ]) {
      expect(() => resolveConfig({ renderers: [...renderers, collection([path])] }), path).toThrow(
        `config: renderers[4] ("list"): \`files\` declares "${path}", but "${slug}${extension}/" would be a folder where the "${renderer}" renderer writes the edition (its extension is "${extension}") of an article whose slug is "${slug}", a file`,
      );
    }
    // A file of that name is the front page's own; it clashes only with an article whose slug is its stem, which the publish refuses the collection.
    expect(resolveConfig({ renderers: [...renderers, collection(['index.html', 'index.txt', 'feed.newsml.xml'])] }).collections).toHaveLength(1);
    // An extension no renderer of the config has is any folder's name.
    expect(resolveConfig({ renderers: [html(), collection(['2024.pdf/', 'list.txt/'])] }).collections).toHaveLength(1);
  });
});

/** Checks made after the config has run, each placed where its key is written: the config file, and the text at that place. */
const placedRefusals: [string, string, RegExp][] = [
  ['misspelt-source.config.ts', "sorce: 'articles'", /^`sorce` is not a config key; did you mean `source`\?/],
  ['label-placed.config.ts', 'pt_PT:', /^`labels` key "pt_PT" is not a BCP 47 language tag/],
  [
    'label-unknown-placeholder.config.ts',
    'dateline:',
    /^`labels.ja.dateline` has \{date\}, which it is given no value for; its values are \{credit\}, \{place\}$/,
  ],
  ['renderer-misspelt-member.config.ts', "use: ['versions']", /^renderers\[1\] \("wire"\): `use` is not a member of a renderer; did you mean `uses`\?$/],
  ['renderer-weight.config.ts', "weight: '4'", /^renderers\[1\] \("wire"\): `weight` must be a number above 0/],
  ['named-export.config.ts', 'export const config', /^the config has no default export; write `export default defineConfig\(\{ renderers: \[\.\.\.\] \}\)`$/],
  ['renderers-empty.config.ts', 'renderers: []', /^`renderers` must be a non-empty list, such as `renderers: \[html\(\), pdf\(\), epub\(\), text\(\)\]`$/],
  // The checks across renderers, at the later renderer's key, or the renderer itself in the list when the key is not written.
  ['duplicate-name-placed.config.ts', "name: 'text'", /^renderers\[1\]: two renderers are named "text"; give your own renderer another `name`$/],
  ['index-twice.config.ts', 'index({ title', /^renderers\[2\]: two renderers are named "index"; `index\(\)` is listed twice/],
  ['duplicate-extension.config.ts', "extension: '.txt'", /^renderers\[1\]: two renderers write "\.txt" files; give each renderer its own extension$/],
  [
    'collection-file-twice.config.ts',
    "files: ['List.txt']",
    /^renderers\[2\]: two renderers write "list\.txt" and "List\.txt", .*; give each collection renderer its own file names$/,
  ],
  ['collection-folder-overlap.config.ts', "files: ['feed-images", /^renderers\[2\] \("logo"\): `files` declares "feed-images\/logo\.png", which overlaps /],
  [
    'collection-edition-folder.config.ts',
    "files: ['archive.html'",
    /^renderers\[2\] \("archive"\): `files` declares "2024\.txt\/", but "2024\.txt\/" would be /,
  ],
  // Two renderers with one member: each at its own, written in the list or in the constant the list names.
  ['renderer-member-twice.config.ts', "use: ['versions']", /^renderers\[1\] \("other"\): `use` is not a member of a renderer; did you mean `uses`\?$/],
  ['renderer-weight-declared.config.ts', "weight: '4'", /^renderers\[1\] \("other"\): `weight` must be a number above 0/],
];

/** The message of the stderr line at `place`, or undefined when no line is placed there. */
function messageAt(stderr: string, place: string): string | undefined {
  return stderr
    .split('\n')
    .find((line) => line.startsWith(`${place}: `))
    ?.slice(place.length + 2);
}

describe('the CLI: config errors at their line and column', () => {
  for (const [name, written, message] of placedRefusals) {
    it(`${name}: exit 2, placed at ${JSON.stringify(written)}`, async () => {
      const run = await publish(['--config', join('tests', 'configs', name), '--out', mkdtempSync(join(tmpdir(), 'editions-placed-'))]);
      expect(run.code).toBe(2);
      expect(messageAt(run.stderr, placeOf(join(configs, name), written)), run.stderr).toMatch(message);
    });
  }

  it('reports every problem of a theme in one run, each at its key', async () => {
    const file = join(configs, 'theme-problems.config.ts');
    const run = await publish(['--config', file, '--out', mkdtempSync(join(tmpdir(), 'editions-theme-problems-'))]);
    expect(run.code).toBe(2);
    expect(messageAt(run.stderr, placeOf(file, "body: 'fonts"))).toMatch(/^`theme\.fonts\.body`: no file at .*missing\.ttf; add the file or fix the path$/);
    expect(messageAt(run.stderr, placeOf(file, "logo: 'missing"))).toMatch(/^`theme\.logo`: no file at .*missing-logo\.svg; add the file or fix the path$/);
    expect(messageAt(run.stderr, placeOf(file, "accent: 'blue'"))).toMatch(/^`theme\.colors\.accent` must be a colour as #rrggbb or #rgb/);
    expect(run.stderr.trim().split('\n')).toHaveLength(3);
  });

  it('suggests the renderer meant by an unknown name in --only', async () => {
    const run = await publish([
      '--config',
      join('tests', 'configs', 'json-renderer.config.ts'),
      '--source',
      'source',
      '--only',
      'jsn,rtf',
      '--out',
      mkdtempSync(join(tmpdir(), 'editions-only-')),
    ]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^Unknown renderer "jsn" \(did you mean "json"\?\), "rtf" in --only; the config has text, json$/m);
  });
});
