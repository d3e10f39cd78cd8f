import { cpSync, existsSync, linkSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, posix } from 'node:path';
import { fromHtml } from 'hast-util-from-html';
import { visit } from 'unist-util-visit';
import { beforeAll, describe, expect, it } from 'vitest';
import { isKeptUnderAnotherCase, keptByFoldedName } from '../src/publish/write.js';
import { fixturesDir, projectRoot } from './helpers/cases.js';
import { executionModes, idle, publish, publishUnderStrace, startCli } from './helpers/cli.js';
import { describeWithTools, epubcheckJar, run, vnuJar } from './helpers/tools.js';

/** Pages with their pictures and the theme's logo beside them (`theme/`), a PDF, an EPUB, a text edition, the front page, feeds and sitemap. */
const config = 'tests/configs/source-folders.config.ts';
const baseUrl = 'https://news.example/world/';

/**
 * A newsroom's source folder: a story at its top, one in a date folder with a picture beside it (its front matter names it
 * `rtl-arabic`), one in a desk folder with a name out of ASCII, and drafts in a hidden folder and a hidden file.
 */
function newsroom(): string {
  const source = mkdtempSync(join(tmpdir(), 'editions-folders-src-'));
  cpSync(join(projectRoot, 'source', 'moscow-syria-opposition-contact.md'), join(source, 'top.md'));
  mkdirSync(join(source, '2026', '12'), { recursive: true });
  cpSync(join(fixturesDir, 'html-rtl', 'input.md'), join(source, '2026', '12', 'story.md'));
  cpSync(join(fixturesDir, 'html-rtl', 'munich.png'), join(source, '2026', '12', 'munich.png'));
  mkdirSync(join(source, 'monde', 'afrique'), { recursive: true });
  const french = readFileSync(join(fixturesDir, 'lang-fr', 'input.md'), 'utf8').replace(/^slug:.*\n/m, '');
  writeFileSync(join(source, 'monde', 'afrique', 'élection.md'), french);
  mkdirSync(join(source, '.drafts'));
  cpSync(join(fixturesDir, 'lang-fr', 'input.md'), join(source, '.drafts', 'draft.md'));
  cpSync(join(fixturesDir, 'lang-fr', 'input.md'), join(source, '2026', '.draft.md'));
  return source;
}

/** Every file under a folder, relative to it with `/`, hidden ones (the manifest) left out. */
function filesUnder(folder: string): string[] {
  return readdirSync(folder, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) =>
      posix.join(
        ...join(entry.parentPath, entry.name)
          .slice(folder.length + 1)
          .split('/'),
      ),
    )
    .filter((path) => !path.split('/').some((part) => part.startsWith('.')))
    .sort();
}

const editionsOf = (slug: string) => ['.epub', '.html', '.pdf', '.txt'].map((extension) => `${slug}${extension}`);

/** The relative addresses a page of the output folder links or loads (href, src, CSS `url()`), as files of the output folder. */
function linkedFiles(out: string, page: string): string[] {
  const tree = fromHtml(readFileSync(join(out, page), 'utf8'));
  const addresses: string[] = [];
  visit(tree, 'element', (node) => {
    for (const name of ['href', 'src']) {
      const value = node.properties[name];
      if (typeof value === 'string') addresses.push(value);
    }
    if (node.tagName === 'style') {
      const css = node.children.map((child) => (child.type === 'text' ? child.value : '')).join('');
      for (const match of css.matchAll(/url\("?([^")]+)"?\)/g)) addresses.push(match[1] as string);
    }
  });
  return addresses
    .filter((address) => !address.startsWith('#') && !/^[a-z][a-z0-9+.-]*:/i.test(address))
    .map((address) => decodeURIComponent(new URL(address, `file:///out/${page}`).pathname.slice('/out/'.length)));
}

/** The file of the output folder an address under the config's `baseUrl` names. */
const fileAt = (url: string) => decodeURIComponent(new URL(url).pathname.slice(new URL(baseUrl).pathname.length));

for (const mode of ['default', 'one thread (--jobs 1)'] as const) {
  describe(`articles in folders of the source folder, in the ${mode} mode`, () => {
    let source: string;
    let out: string;
    let first: Awaited<ReturnType<typeof publish>>;
    beforeAll(async () => {
      source = newsroom();
      out = mkdtempSync(join(tmpdir(), 'editions-folders-out-'));
      first = await publish(['--config', config, '--source', source, '--out', out, ...executionModes[mode]]);
    }, 120_000);

    it('publishes every article at any depth into the same folder of the output folder, hidden files and folders left out', () => {
      expect(first.code, first.stdout + first.stderr).toBe(0);
      expect(first.stdout).toMatch(/^12 editions of 3\/3 articles and 4 collection files written/m);
      const pictures = filesUnder(out).filter((path) => path.includes('.images/') || path.startsWith('theme/'));
      expect(filesUnder(out)).toEqual(
        [
          ...editionsOf('top'),
          ...editionsOf('2026/12/rtl-arabic'),
          ...editionsOf('monde/afrique/élection'),
          ...pictures,
          'index.html',
          'feed.xml',
          'feed.json',
          'sitemap.xml',
        ].sort(),
      );
      expect(pictures).toEqual([
        expect.stringMatching(/^2026\/12\/rtl-arabic\.images\/[0-9a-f]{16}\.png$/),
        expect.stringMatching(/^theme\/[0-9a-f]{16}\.svg$/),
      ]);
    });

    it("links a nested page's picture and the theme's shared logo relatively, to files that exist, and gives its canonical address under baseUrl", () => {
      const page = '2026/12/rtl-arabic.html';
      const linked = linkedFiles(out, page);
      expect(linked.some((path) => path.startsWith('2026/12/rtl-arabic.images/'))).toBe(true);
      expect(linked.some((path) => path.startsWith('theme/'))).toBe(true);
      for (const path of linked) expect(existsSync(join(out, path)), `${page} links ${path}`).toBe(true);
      expect(readFileSync(join(out, page), 'utf8')).toContain(`<link rel="canonical" href="${baseUrl}2026/12/rtl-arabic.html">`);
      expect(readFileSync(join(out, 'monde/afrique/élection.html'), 'utf8')).toContain(
        `<link rel="canonical" href="${baseUrl}monde/afrique/%C3%A9lection.html">`,
      );
    });

    it('lists the nested articles on the front page, in the feeds and in the sitemap, at addresses of their files', () => {
      const fromIndex = linkedFiles(out, 'index.html');
      for (const slug of ['top', '2026/12/rtl-arabic', 'monde/afrique/élection']) for (const file of editionsOf(slug)) expect(fromIndex).toContain(file);
      for (const path of fromIndex) expect(existsSync(join(out, path)), `index.html links ${path}`).toBe(true);
      const sitemap = [...readFileSync(join(out, 'sitemap.xml'), 'utf8').matchAll(/<loc>([^<]+)<\/loc>/g)].map((match) => fileAt(match[1] as string));
      expect(sitemap.sort()).toEqual(['2026/12/rtl-arabic.html', 'monde/afrique/élection.html', 'top.html']);
      const atom = readFileSync(join(out, 'feed.xml'), 'utf8')
        .split('<entry')
        .slice(1)
        .map((entry) => fileAt(/<link rel="alternate" type="text\/html" href="([^"]+)"/.exec(entry)?.[1] as string));
      expect(atom.sort()).toEqual(['2026/12/rtl-arabic.html', 'monde/afrique/élection.html', 'top.html']);
      const json = (JSON.parse(readFileSync(join(out, 'feed.json'), 'utf8')).items as { url: string }[]).map((item) => fileAt(item.url));
      expect(json.sort()).toEqual(['2026/12/rtl-arabic.html', 'monde/afrique/élection.html', 'top.html']);
    });

    it('remakes nothing on an unchanged republish', async () => {
      const again = await publish(['--config', config, '--source', source, '--out', out, ...executionModes[mode]]);
      expect(again.code, again.stderr).toBe(0);
      expect(again.stdout).toMatch(/^0 editions of 3\/3 articles written .*; 12 editions and 4 collection files up to date/m);
    });
  });
}

describeWithTools(['vnu', 'epubcheck'], 'a nested article, validated', () => {
  let out: string;
  beforeAll(async () => {
    out = mkdtempSync(join(tmpdir(), 'editions-folders-out-'));
    const published = await publish(['--config', config, '--source', newsroom(), '--out', out]);
    expect(published.code, published.stderr).toBe(0);
  }, 120_000);

  it('its page, with its picture and the theme’s logo beside it, passes the Nu checker with no error or warning', async () => {
    const page = join(out, '2026/12/rtl-arabic.html');
    // The checker says nothing of a file it cannot find.
    expect(existsSync(page)).toBe(true);
    const { stderr } = await run('java', ['-jar', vnuJar, '--also-check-css', '--format', 'json', page]).catch((error) => error);
    // The checker judges the policy for a file: address, whose origin is opaque, so `'self'` matches nothing there (see
    // tests/html-browser.test.ts: served over HTTP, Chromium loads the files beside a page under it with no violation).
    const notCsp = (message: { message: string }) =>
      !/^Resource violates Content Security Policy \(meta tag\): image “(rtl-arabic\.images\/|\.\.\/\.\.\/theme\/)/.test(message.message);
    expect(JSON.parse(stderr).messages.filter(notCsp)).toEqual([]);
  });

  it('its EPUB passes epubcheck', async () => {
    const { stdout, stderr } = await run('java', ['-jar', epubcheckJar, '--failonwarnings', join(out, '2026/12/rtl-arabic.epub')]).catch((error) => error);
    expect(`${stdout}${stderr}`).toContain('No errors or warnings detected');
  });
});

describe('the Open Graph and JSON-LD image of a page, nested or not', () => {
  /**
   * The newsroom, with a top-level story showing the nested story's picture, and a nested story whose front matter names a
   * picture (`image:`) its body does not show.
   */
  function illustrated(): string {
    const source = newsroom();
    const story = readFileSync(join(source, '2026', '12', 'story.md'), 'utf8');
    writeFileSync(join(source, 'flat.md'), story.replace(/^slug:.*$/m, 'slug: flat'));
    cpSync(join(source, '2026', '12', 'munich.png'), join(source, 'munich.png'));
    const lead = readFileSync(join(fixturesDir, 'lang-fr', 'input.md'), 'utf8').replace(/^slug:.*$/m, 'image: munich.png');
    writeFileSync(join(source, '2026', '12', 'lead.md'), lead);
    return source;
  }

  /** The page's og:image, twitter:image and JSON-LD image addresses. */
  function imagesOf(out: string, page: string): string[] {
    const tree = fromHtml(readFileSync(join(out, page), 'utf8'));
    const images: string[] = [];
    visit(tree, 'element', (node) => {
      const { property, name, content, type } = node.properties;
      if (node.tagName === 'meta' && (property === 'og:image' || name === 'twitter:image')) images.push(String(content));
      if (node.tagName === 'script' && type === 'application/ld+json') {
        const text = node.children.map((child) => (child.type === 'text' ? child.value : '')).join('');
        images.push(...((JSON.parse(text).image as string[] | undefined) ?? []));
      }
    });
    return images;
  }

  const pages = ['flat.html', '2026/12/rtl-arabic.html', '2026/12/lead.html'];

  it('with the pictures beside the pages, is the address under baseUrl of the picture published beside the page', async () => {
    const out = mkdtempSync(join(tmpdir(), 'editions-folders-out-'));
    const result = await publish(['--config', config, '--source', illustrated(), '--out', out, '--only', 'html']);
    expect(result.code, result.stderr).toBe(0);
    for (const page of pages) {
      const images = imagesOf(out, page);
      expect(images, page).toHaveLength(3);
      expect(new Set(images).size, page).toBe(1);
      const file = fileAt(images[0] as string);
      expect(file, page).toMatch(new RegExp(`^${page.replace('.html', '')}\\.images/[0-9a-f]{16}\\.png$`));
      expect(existsSync(join(out, file)), `${page}: ${images[0]}`).toBe(true);
    }
  }, 120_000);

  it('with the pictures embedded, is left out: no file is at the picture’s address, at the site’s root or in the page’s folder', async () => {
    const out = mkdtempSync(join(tmpdir(), 'editions-folders-out-'));
    const result = await publish(['--config', 'tests/configs/source-folders-embed.config.ts', '--source', illustrated(), '--out', out]);
    expect(result.code, result.stderr).toBe(0);
    for (const page of pages) {
      for (const image of imagesOf(out, page)) expect(existsSync(join(out, fileAt(image))), `${page}: ${image}`).toBe(true);
      expect(imagesOf(out, page), page).toEqual([]);
      expect(readFileSync(join(out, page), 'utf8'), page).toContain('<meta name="twitter:card" content="summary">');
    }
  }, 120_000);
});

describe('the NewsML item of a nested article', () => {
  it('names its picture items, pictures and package, and they it, at addresses of files that exist under baseUrl', async () => {
    const out = mkdtempSync(join(tmpdir(), 'editions-folders-out-'));
    const result = await publish(['--config', 'tests/configs/newsml-pictures.config.ts', '--source', newsroom(), '--out', out]);
    expect(result.code, result.stderr).toBe(0);
    const wire = filesUnder(out).filter((path) => path.startsWith('2026/12/') && path.endsWith('.newsml.xml'));
    expect(wire).toEqual([
      expect.stringMatching(/^2026\/12\/rtl-arabic\.images\/[0-9a-f]{16}\.newsml\.xml$/),
      '2026/12/rtl-arabic.images/package.newsml.xml',
      '2026/12/rtl-arabic.newsml.xml',
    ]);
    for (const item of wire) {
      const addresses = [...readFileSync(join(out, item), 'utf8').matchAll(/ (?:href|src)="([^"]+)"/g)]
        .map((match) => match[1] as string)
        .filter((address) => address.startsWith(baseUrl));
      expect(addresses.length, item).toBeGreaterThan(0);
      for (const address of addresses) expect(existsSync(join(out, fileAt(address))), `${item} names ${address}`).toBe(true);
    }
  }, 120_000);
});

describe('an article three folders deep with a picture (`2026/12/07/story.md`, a newsroom filing by day)', () => {
  it('publishes its page with the picture beside it and its NewsML item, package and picture item', async () => {
    const source = mkdtempSync(join(tmpdir(), 'editions-folders-src-'));
    mkdirSync(join(source, '2026', '12', '07'), { recursive: true });
    cpSync(join(fixturesDir, 'html-rtl', 'input.md'), join(source, '2026', '12', '07', 'story.md'));
    cpSync(join(fixturesDir, 'html-rtl', 'munich.png'), join(source, '2026', '12', '07', 'munich.png'));
    const out = mkdtempSync(join(tmpdir(), 'editions-folders-out-'));
    const result = await publish(['--config', 'tests/configs/newsml-pictures.config.ts', '--source', source, '--out', out]);
    expect(result.code, result.stderr).toBe(0);
    expect(filesUnder(out)).toEqual([
      '2026/12/07/rtl-arabic.html',
      expect.stringMatching(/^2026\/12\/07\/rtl-arabic\.images\/[0-9a-f]{16}\.newsml\.xml$/),
      expect.stringMatching(/^2026\/12\/07\/rtl-arabic\.images\/[0-9a-f]{16}\.png$/),
      '2026/12/07/rtl-arabic.images/package.newsml.xml',
      '2026/12/07/rtl-arabic.newsml.xml',
    ]);
    for (const file of linkedFiles(out, '2026/12/07/rtl-arabic.html')) expect(existsSync(join(out, file)), file).toBe(true);
  }, 120_000);
});

describe('--shard, --only and --force with articles in folders', () => {
  it('two shards publish every article between them, which a full run then finds up to date; --force remakes each', async () => {
    const source = newsroom();
    const out = mkdtempSync(join(tmpdir(), 'editions-folders-out-'));
    const args = ['--config', config, '--source', source, '--out', out, '--only', 'text'];
    for (const shard of ['1/2', '2/2']) {
      const part = await publish([...args, '--shard', shard]);
      expect(part.code, part.stderr).toBe(0);
    }
    expect(filesUnder(out)).toEqual(['2026/12/rtl-arabic.txt', 'monde/afrique/élection.txt', 'top.txt']);
    expect((await publish(args)).stdout).toMatch(/^0 editions of 3\/3 articles written .*; 3 editions up to date/m);
    expect((await publish([...args, '--force'])).stdout).toMatch(/^3 editions of 3\/3 articles written/m);
  }, 120_000);
});

describe('versions of a story in different folders', () => {
  it('link each other from their own folders (hreflang), relative without a base URL', async () => {
    const source = mkdtempSync(join(tmpdir(), 'editions-folders-versions-'));
    const story = readFileSync(join(projectRoot, 'source', 'moscow-syria-opposition-contact.md'), 'utf8');
    const version = (lang: string) => story.replace(/^lang: en$/m, `lang: ${lang}\ntranslationKey: syria-20130202`);
    mkdirSync(join(source, 'en', '2013'), { recursive: true });
    mkdirSync(join(source, 'fr'));
    writeFileSync(join(source, 'en', '2013', 'story.md'), version('en'));
    writeFileSync(join(source, 'fr', 'histoire.md'), version('fr'));
    const out = mkdtempSync(join(tmpdir(), 'editions-folders-out-'));
    const published = await publish(['--source', source, '--out', out, '--only', 'html']);
    expect(published.code, published.stderr).toBe(0);
    const alternates = (page: string) =>
      [...readFileSync(join(out, page), 'utf8').matchAll(/<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">/g)].map(([, lang, href]) => {
        expect(existsSync(join(out, posix.dirname(page), decodeURIComponent(href ?? ''))), `${page} → ${href}`).toBe(true);
        return `${lang} ${href}`;
      });
    expect(alternates('en/2013/story.html')).toEqual(['en story.html', 'fr ../../fr/histoire.html']);
    expect(alternates('fr/histoire.html')).toEqual(['en ../en/2013/story.html', 'fr histoire.html']);
  }, 120_000);
});

describe('symbolic links in the source folder', () => {
  it('are followed to the article or folder they name, a folder listed once however many links lead to it, a link to a folder above included', async () => {
    const source = newsroom();
    const shared = mkdtempSync(join(tmpdir(), 'editions-folders-shared-'));
    cpSync(join(projectRoot, 'source', 'moscow-syria-opposition-contact.md'), join(shared, 'wire.md'));
    mkdirSync(join(shared, 'archive'));
    cpSync(join(fixturesDir, 'lang-fr', 'input.md'), join(shared, 'archive', 'old.md'));
    writeFileSync(join(shared, 'archive', 'old.md'), readFileSync(join(shared, 'archive', 'old.md'), 'utf8').replace(/^slug:.*\n/m, ''));
    // A story linked from the shared folder, an archive mounted as a folder (twice), a link back up to the source folder, and a link to nothing.
    symlinkSync(join(shared, 'wire.md'), join(source, 'wire.md'));
    symlinkSync(join(shared, 'archive'), join(source, 'archive'));
    symlinkSync(join(shared, 'archive'), join(source, 'archive-again'));
    symlinkSync(source, join(source, '2026', 'up'));
    symlinkSync(join(shared, 'gone.md'), join(source, 'gone.md'));
    const out = mkdtempSync(join(tmpdir(), 'editions-folders-out-'));
    const published = await publish(['--config', config, '--source', source, '--out', out, '--only', 'text']);
    expect(published.code, published.stderr).toBe(0);
    expect(filesUnder(out)).toEqual(['2026/12/rtl-arabic.txt', 'archive/old.txt', 'monde/afrique/élection.txt', 'top.txt', 'wire.txt']);
  }, 120_000);

  it("a link added to a published folder, whose name sorts before the folder's, moves none of its articles: they keep their slugs and editions", async () => {
    const source = newsroom();
    const out = mkdtempSync(join(tmpdir(), 'editions-folders-out-'));
    const args = ['--config', config, '--source', source, '--out', out, '--only', 'text'];
    expect((await publish(args)).code).toBe(0);
    const before = filesUnder(out);
    // A desk's shortcut to this month's stories (`0-current` sorts before `2026`), and one to Africa's (`afrique` before `monde`).
    symlinkSync(join(source, '2026', '12'), join(source, '0-current'));
    symlinkSync(join('monde', 'afrique'), join(source, 'afrique'));
    const again = await publish(args);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toMatch(/^0 editions of 3\/3 articles written/m);
    expect(filesUnder(out)).toEqual(before);
  }, 120_000);
});

describe('a folder of the source folder that cannot be read', () => {
  it("is an error at it, exit 1: the others are published, its articles' editions and the collections are kept as they were", async () => {
    const source = newsroom();
    const shared = mkdtempSync(join(tmpdir(), 'editions-folders-shared-'));
    cpSync(join(fixturesDir, 'lang-fr', 'input.md'), join(shared, 'old.md'));
    writeFileSync(join(shared, 'old.md'), readFileSync(join(shared, 'old.md'), 'utf8').replace(/^slug:.*\n/m, ''));
    symlinkSync(shared, join(source, 'archive'));
    const out = mkdtempSync(join(tmpdir(), 'editions-folders-out-'));
    const args = ['--config', config, '--source', source, '--out', out, '--only', 'html,text,index'];
    expect((await publish(args)).code).toBe(0);
    const front = readFileSync(join(out, 'index.html'), 'utf8');
    expect(front).toContain('href="archive/old.html"');

    // The archive's link now leads round in a loop (root reads every folder, so a loop stands for one it may not read).
    rmSync(join(source, 'archive'));
    symlinkSync('archive', join(source, 'archive'));
    writeFileSync(join(source, 'top.md'), readFileSync(join(source, 'top.md'), 'utf8').replace('Moscow said on Saturday', 'Moscow said on Sunday'));
    const unread = await publish(args);
    expect(unread.code, unread.stderr).toBe(1);
    expect(unread.stderr).toMatch(/archive\/\n.*error This folder, or the link to it, cannot be read \(ELOOP\).*folder-unreadable/);
    expect(unread.stdout).toMatch(/1 folder not read/);
    expect(readFileSync(join(out, 'top.txt'), 'utf8'), 'the other articles published').toContain('Moscow said on Sunday');
    expect(existsSync(join(out, 'archive', 'old.html')) && existsSync(join(out, 'archive', 'old.txt')), 'its editions kept').toBe(true);
    expect(readFileSync(join(out, 'index.html'), 'utf8'), 'the front page as it was').toBe(front);
  }, 120_000);
});

describe('a nested article moved or deleted', () => {
  it('has its old editions and pictures removed, and the folders of the output folder they leave empty', async () => {
    const source = newsroom();
    const out = mkdtempSync(join(tmpdir(), 'editions-folders-out-'));
    const args = ['--config', config, '--source', source, '--out', out, '--only', 'html,text,index'];
    expect((await publish(args)).code).toBe(0);
    expect(existsSync(join(out, '2026/12/rtl-arabic.images'))).toBe(true);

    // Moved to another month, with its picture: a new slug, 2026/11/rtl-arabic.
    mkdirSync(join(source, '2026', '11'));
    renameSync(join(source, '2026', '12', 'story.md'), join(source, '2026', '11', 'story.md'));
    renameSync(join(source, '2026', '12', 'munich.png'), join(source, '2026', '11', 'munich.png'));
    rmSync(join(source, 'monde'), { recursive: true });
    const moved = await publish(args);
    expect(moved.code, moved.stderr).toBe(0);
    expect(moved.stdout).toMatch(/4 editions of deleted articles or old slugs removed/);
    expect(existsSync(join(out, '2026/12')), 'the emptied month folder').toBe(false);
    expect(existsSync(join(out, 'monde')), 'the emptied desk folders').toBe(false);
    // Editions removed: every collection is made, not only those --only names, so that none links a removed page.
    expect(filesUnder(out).filter((path) => !path.startsWith('theme/') && !path.includes('.images/'))).toEqual(
      ['2026/11/rtl-arabic.html', '2026/11/rtl-arabic.txt', 'feed.json', 'feed.xml', 'index.html', 'sitemap.xml', 'top.html', 'top.txt'].sort(),
    );
    expect(readFileSync(join(out, 'sitemap.xml'), 'utf8')).not.toContain('2026/12/');
    expect(readFileSync(join(out, 'index.html'), 'utf8')).toContain('href="2026/11/rtl-arabic.html"');

    // A user's own file in a folder keeps it.
    writeFileSync(join(out, '2026', 'README'), 'ours');
    rmSync(join(source, '2026', '11', 'story.md'));
    expect((await publish(args)).code).toBe(0);
    expect(existsSync(join(out, '2026/11'))).toBe(false);
    expect(readFileSync(join(out, '2026', 'README'), 'utf8')).toBe('ours');
  }, 120_000);
});

describe('a nested article whose path clashes', () => {
  it('is refused at its file with line:column, naming what it clashes with; the others are published and the run exits 1', async () => {
    const source = newsroom();
    const clash = (path: string, text = '---\ntitle: Clash\n---\n\nBody.\n') => {
      mkdirSync(join(source, posix.dirname(path)), { recursive: true });
      writeFileSync(join(source, path), text);
    };
    clash('theme/fonts.md');
    clash('top.images/caption.md');
    clash('sitemap.xml/entry.md');
    clash('2026/12/other.md', '---\ntitle: Clash\nslug: rtl-arabic\n---\n\nBody.\n');
    const out = mkdtempSync(join(tmpdir(), 'editions-folders-out-'));
    const result = await publish(['--config', config, '--source', source, '--out', out, '--only', 'html,text,index,sitemap']);
    expect(result.code).toBe(1);
    const report = result.stdout + result.stderr;
    expect(report).toMatch(/theme\/fonts\.md\n\s*1:1\s+error\s+[^\n]*"theme\/" of the output folder, the theme's fonts and logo/);
    expect(report).toMatch(/top\.images\/caption\.md\n\s*1:1\s+error\s+[^\n]*the folder of the pictures of the article whose slug is "top"/);
    expect(report).toMatch(/sitemap\.xml\/entry\.md\n\s*1:1\s+error\s+[^\n]*where the sitemap collection renderer writes "sitemap\.xml"/);
    // The new article that took the published one's slug in its folder: both were new, so both are refused, at the slug.
    expect(report).toMatch(/2026\/12\/other\.md\n\s*3:1\s+error\s+Slug "2026\/12\/rtl-arabic" is used by 2026\/12\/other\.md and 2026\/12\/story\.md/);
    expect(filesUnder(out).filter((path) => path.endsWith('.html'))).toEqual(['index.html', 'monde/afrique/élection.html', 'top.html']);
    expect(existsSync(join(out, 'sitemap.xml'))).toBe(true);
  }, 120_000);
});

describe('articles whose slugs differ only in case or in how their accents are encoded', () => {
  const args = (source: string, out: string) => ['--config', config, '--source', source, '--out', out, '--only', 'html,text,index,sitemap'];
  const article = (source: string, path: string, text: string) => {
    mkdirSync(join(source, posix.dirname(path)), { recursive: true });
    writeFileSync(join(source, path), text);
  };
  /** The error at a file, `file:line:column` as the CLI prints it (the path as its own pattern), with its rule. */
  const errorAt = (file: string, place: string, text: string, rule: string) => new RegExp(`${file}\\n\\s*${place}\\s+error\\s+${text}[^\\n]*${rule}`);
  const pages = (out: string) => filesUnder(out).filter((path) => path.endsWith('.html'));

  it('publish the first in the listing (Story.md before story.md, 2026/Dec/ before 2026/dec/); each other is refused at its file, exit 1', async () => {
    const source = newsroom();
    article(source, 'Story.md', '---\ntitle: Capital\n---\n\nThe capitalized story.\n');
    article(source, 'story.md', '---\ntitle: Lower\n---\n\nThe lower-case story.\n');
    article(source, '2026/Dec/a.md', '---\ntitle: December\n---\n\nThe December story.\n');
    article(source, '2026/dec/a.md', '---\ntitle: december\n---\n\nThe other December story.\n');
    const out = mkdtempSync(join(tmpdir(), 'editions-folders-out-'));
    const result = await publish(args(source, out));
    expect(result.code, result.stderr).toBe(1);
    expect(result.stderr).toMatch(
      errorAt(
        '/story\\.md',
        '1:1',
        'Slug "story" differs from the slug "Story" of Story\\.md only in case [^\\n]*story\\.md is not published, and Story\\.md keeps its slug\\. Rename one of them',
        'slug-case-clash',
      ),
    );
    expect(result.stderr).toMatch(
      errorAt('/2026/dec/a\\.md', '1:1', 'Slug "2026/dec/a" differs from the slug "2026/Dec/a" of 2026/Dec/a\\.md only in case', 'slug-case-clash'),
    );
    expect(result.stdout).toMatch(/; 2 articles failed/);
    expect(pages(out)).toEqual(['2026/12/rtl-arabic.html', '2026/Dec/a.html', 'Story.html', 'index.html', 'monde/afrique/élection.html', 'top.html']);
    expect(readFileSync(join(out, 'Story.txt'), 'utf8')).toContain('The capitalized story.');
    expect(readFileSync(join(out, '2026/Dec/a.txt'), 'utf8')).toContain('The December story.');
    expect(readFileSync(join(out, 'index.html'), 'utf8')).not.toContain('The lower-case story');
  }, 120_000);

  it('leave a published article its editions when a new one differs from it in case or in its accents’ encoding (NFD beside NFC)', async () => {
    const source = newsroom();
    const out = mkdtempSync(join(tmpdir(), 'editions-folders-out-'));
    expect((await publish(args(source, out))).code).toBe(0);
    const published = Object.fromEntries(
      [...editionsOf('top'), ...editionsOf('monde/afrique/élection')]
        .filter((file) => existsSync(join(out, file)))
        .map((file) => [file, readFileSync(join(out, file))]),
    );
    // A new story named as the published top.md in capitals, and the French story again with its é decomposed, as a Mac names files.
    article(source, 'Top.md', '---\ntitle: Capital\n---\n\nA new story.\n');
    const decomposed = 'monde/afrique/élection.md'.normalize('NFD');
    article(source, decomposed, '---\ntitle: Décomposé\n---\n\nThe same name, decomposed.\n');
    writeFileSync(join(source, 'other.md'), '---\ntitle: Other\n---\n\nAnother new story.\n');
    const result = await publish(args(source, out));
    expect(result.code, result.stderr).toBe(1);
    expect(result.stderr).toMatch(
      errorAt(
        '/Top\\.md',
        '1:1',
        'Slug "Top" differs from the slug "top" of top\\.md only in case [^\\n]*Top\\.md is not published, and top\\.md keeps its slug',
        'slug-case-clash',
      ),
    );
    expect(result.stderr).toMatch(
      errorAt(
        `/${decomposed.replace('.', '\\.')}`,
        '1:1',
        `Slug "${decomposed.slice(0, -3)}" differs from the slug "monde/afrique/élection" of monde/afrique/élection\\.md only in how its accents are encoded \\(one a letter and a combining accent, NFD, the other one character, NFC\\), which macOS ignores`,
        'slug-case-clash',
      ),
    );
    for (const [file, bytes] of Object.entries(published)) expect(readFileSync(join(out, file)).equals(bytes), `${file} as published`).toBe(true);
    expect(pages(out)).toEqual(['2026/12/rtl-arabic.html', 'index.html', 'monde/afrique/élection.html', 'other.html', 'top.html']);
  }, 120_000);

  it('are found with a front matter slug (at its line and column), and with the collections’ files and the editions’ folders in any case', async () => {
    const source = newsroom();
    article(source, '2026/12/zz.md', '---\ntitle: Clash\nslug: RTL-Arabic\n---\n\nBody.\n');
    article(source, 'Index.md', '---\ntitle: Front\n---\n\nBody.\n');
    article(source, 'Theme/fonts.md', '---\ntitle: Fonts\n---\n\nBody.\n');
    article(source, 'top.Images/caption.md', '---\ntitle: Caption\n---\n\nBody.\n');
    article(source, 'Sitemap.XML/entry.md', '---\ntitle: Entry\n---\n\nBody.\n');
    const out = mkdtempSync(join(tmpdir(), 'editions-folders-out-'));
    const result = await publish(args(source, out));
    expect(result.code, result.stderr).toBe(1);
    expect(result.stderr).toMatch(
      errorAt(
        '/2026/12/zz\\.md',
        '3:1',
        'Slug "2026/12/RTL-Arabic" differs from the slug "2026/12/rtl-arabic" of 2026/12/story\\.md only in case',
        'slug-case-clash',
      ),
    );
    expect(result.stderr).toMatch(
      errorAt(
        '/Index\\.md',
        '1:1',
        'Slug "Index" would write its html edition as "index\\.html", the file the index collection renderer writes',
        'slug-collection-file',
      ),
    );
    expect(result.stderr).toMatch(
      errorAt('/Theme/fonts\\.md', '1:1', `[^\\n]*"Theme/" of the output folder, the theme's fonts and logo`, 'slug-edition-folder'),
    );
    expect(result.stderr).toMatch(
      errorAt('/top\\.Images/caption\\.md', '1:1', '[^\\n]*the folder of the pictures of the article whose slug is "top"', 'slug-edition-folder'),
    );
    expect(result.stderr).toMatch(
      errorAt('/Sitemap\\.XML/entry\\.md', '1:1', '[^\\n]*where the sitemap collection renderer writes "sitemap\\.xml"', 'slug-collection-file'),
    );
    expect(result.stdout).toMatch(/; 5 articles failed/);
    expect(pages(out)).toEqual(['2026/12/rtl-arabic.html', 'index.html', 'monde/afrique/élection.html', 'top.html']);
    expect(readFileSync(join(out, 'index.html'), 'utf8')).toContain('href="2026/12/rtl-arabic.html"');
    expect(existsSync(join(out, 'sitemap.xml'))).toBe(true);
  }, 120_000);
});

describe('an article renamed in case only', () => {
  it('has its editions under the new name and the old ones removed', async () => {
    const source = newsroom();
    const out = mkdtempSync(join(tmpdir(), 'editions-folders-out-'));
    const args = ['--config', config, '--source', source, '--out', out, '--only', 'html,text'];
    expect((await publish(args)).code).toBe(0);
    renameSync(join(source, 'top.md'), join(source, 'Top.md'));
    const result = await publish(args);
    expect(result.code, result.stderr).toBe(0);
    expect(filesUnder(out).filter((path) => /^top\./i.test(path))).toEqual(['Top.html', 'Top.txt']);
  }, 120_000);

  it('keeps the new edition where the old name is the same file, as on a disk that ignores case (two names of one file)', async () => {
    const out = mkdtempSync(join(tmpdir(), 'editions-folders-out-'));
    writeFileSync(join(out, 'Top.html'), 'the new edition');
    linkSync(join(out, 'Top.html'), join(out, 'top.html'));
    writeFileSync(join(out, 'top.txt'), 'a stale edition');
    writeFileSync(join(out, 'Top.txt'), 'the new edition');
    const kept = keptByFoldedName(['Top.html', 'Top.txt']);
    expect(await isKeptUnderAnotherCase(out, 'top.html', kept)).toBe(true);
    expect(await isKeptUnderAnotherCase(out, 'top.txt', kept)).toBe(false);
    expect(await isKeptUnderAnotherCase(out, 'Top.html', kept)).toBe(false);
    expect(await isKeptUnderAnotherCase(out, 'other.html', kept)).toBe(false);
  });
});

describe('articles of two shards whose slugs differ only in case', () => {
  it('are refused by the second shard into one output folder; on separate machines, by the full publish after them', async () => {
    const source = newsroom();
    // story.md is in shard 1 of 2, Story.md in shard 2 (by a hash of their names).
    writeFileSync(join(source, 'story.md'), '---\ntitle: Lower\n---\n\nThe lower-case story.\n');
    writeFileSync(join(source, 'Story.md'), '---\ntitle: Capital\n---\n\nThe capitalized story.\n');
    const args = (out: string) => ['--config', config, '--source', source, '--out', out, '--only', 'html,text'];
    const together = mkdtempSync(join(tmpdir(), 'editions-folders-out-'));
    expect((await publish([...args(together), '--shard', '1/2'])).code).toBe(0);
    const second = await publish([...args(together), '--shard', '2/2']);
    expect(second.code, second.stderr).toBe(1);
    expect(second.stderr).toMatch(/\/Story\.md\n\s*1:1\s+error\s+Slug "Story" differs from the slug "story" of story\.md only in case[^\n]*slug-case-clash/);
    expect(filesUnder(together).filter((path) => /^story\./i.test(path))).toEqual(['story.html', 'story.txt']);
    expect(readFileSync(join(together, 'story.txt'), 'utf8')).toContain('The lower-case story.');

    const merged = mkdtempSync(join(tmpdir(), 'editions-folders-out-'));
    for (const shard of ['1/2', '2/2']) {
      const apart = mkdtempSync(join(tmpdir(), 'editions-folders-out-'));
      expect((await publish([...args(apart), '--shard', shard])).code).toBe(0);
      cpSync(apart, merged, { recursive: true });
    }
    const full = await publish(args(merged));
    expect(full.code, full.stderr).toBe(1);
    expect(full.stderr).toMatch(/\/story\.md\n\s*1:1\s+error\s+Slug "story" differs from the slug "Story" of Story\.md only in case[^\n]*slug-case-clash/);
    expect(readFileSync(join(merged, 'Story.txt'), 'utf8')).toContain('The capitalized story.');
  }, 120_000);
});

describeWithTools(['strace'], 'an unchanged republish of nested articles, through the compiled CLI', () => {
  it('opens no article and writes nothing', async () => {
    const source = newsroom();
    const out = mkdtempSync(join(tmpdir(), 'editions-folders-out-'));
    const args = ['--config', config, '--source', source, '--out', out];
    expect((await publish(args)).code).toBe(0);
    const log = join(mkdtempSync(join(tmpdir(), 'editions-strace-')), 'calls.txt');
    const again = await publishUnderStrace(log, 'open,openat,creat,rename,renameat,renameat2,unlink,unlinkat,mkdir,mkdirat,rmdir', args);
    expect(again.stdout).toMatch(/^0 editions of 3\/3 articles written/m);
    const calls = readFileSync(log, 'utf8').split('\n');
    const opened = calls.filter((call) => /^\d+\s+open(at)?\(/.test(call) && call.includes(`"${source}/`) && !call.includes('O_DIRECTORY'));
    expect(opened, 'article files opened').toEqual([]);
    const changed = calls.filter((call) => call.includes(`"${out}`) && (/O_(WRONLY|RDWR|CREAT)/.test(call) || !/^\d+\s+open(at)?\(/.test(call)));
    expect(changed, 'output folder changed').toEqual([]);
  }, 120_000);
});

describe('--watch with articles in folders', () => {
  it('publishes an article saved in a new folder of the source folder into the same folder of the output folder', async () => {
    const source = mkdtempSync(join(tmpdir(), 'editions-folders-watch-'));
    const out = mkdtempSync(join(tmpdir(), 'editions-folders-out-'));
    writeFileSync(join(source, 'top.md'), '---\ntitle: Top\n---\n\nAt the top.\n');
    const { child, output } = startCli(['--watch', '--source', source, '--out', out, '--only', 'text']);
    const until = async (what: string, done: () => boolean) => {
      const deadline = Date.now() + 60_000;
      while (!done()) {
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}:\n${output.text}`);
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
    };
    try {
      await until('the first publish', () => existsSync(join(out, 'top.txt')) && output.text.includes('Watching'));
      mkdirSync(join(source, '2026', '12'), { recursive: true });
      writeFileSync(join(source, '2026', '12', 'story.md'), '---\ntitle: Nested\n---\n\nIn a folder.\n');
      await until('the nested article', () => existsSync(join(out, '2026/12/story.txt')));
      expect(readFileSync(join(out, '2026/12/story.txt'), 'utf8')).toContain('In a folder.');
      writeFileSync(join(source, '2026', '12', 'story.md'), '---\ntitle: Nested\n---\n\nEdited in its folder.\n');
      await until('the edit', () => readFileSync(join(out, '2026/12/story.txt'), 'utf8').includes('Edited in its folder.'));
      await idle(output);
    } finally {
      child.kill('SIGINT');
    }
    expect(await new Promise((resolve) => child.on('exit', resolve))).toBe(0);
  }, 120_000);
});
