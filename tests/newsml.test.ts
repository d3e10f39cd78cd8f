import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { DOMParser, type Element } from '@xmldom/xmldom';
import { beforeAll, describe, expect, it } from 'vitest';
import { readArticle } from '../src/read/article.js';
import { labelsFor } from '../src/renderers/common/labels.js';
import { newsItem } from '../src/renderers/newsml/item.js';
import { projectRoot } from './helpers/cases.js';
import { publish, publishUnderStrace } from './helpers/cli.js';
import { editionsIn, expectSameInEveryThread, newsroomConfig, once, publishFixtures } from './helpers/formats.js';
import { describeWithTools, run } from './helpers/tools.js';

const schema = join(projectRoot, 'tests', 'schemas', 'newsml-g2', 'NewsML-G2_2.35-spec-All-Power.xsd');
const nar = 'http://iptc.org/std/nar/2006-10-01/';
const xhtml = 'http://www.w3.org/1999/xhtml';
const temporary = (name: string) => mkdtempSync(join(tmpdir(), `editions-newsml-${name}-`));

/** The item's root element, parsed as XML. */
function parseItem(path: string): Element {
  const item = new DOMParser().parseFromString(readFileSync(path, 'utf8'), 'text/xml').documentElement;
  if (!item) throw new Error(`${path} is not XML`);
  return item;
}

/** Text of each element of that name in the NewsML namespace, in document order. */
function texts(item: Element, name: string): string[] {
  return Array.from(item.getElementsByTagNameNS(nar, name), (element) => element.textContent ?? '');
}

function attribute(item: Element, name: string, attributeName: string): string | null | undefined {
  return item.getElementsByTagNameNS(nar, name)[0]?.getAttribute(attributeName);
}

/** The file a relative address points at, from the file it is in; none for an absolute one (a remote picture's). */
function fileBeside(href: string, from: string): string | undefined {
  return /^[a-z]+:/i.test(href) ? undefined : join(dirname(from), decodeURIComponent(href));
}

describeWithTools(['xmllint'], 'the NewsML-G2 edition, through the compiled CLI', () => {
  const publishedOnce = once(() => publishFixtures('newsml'));
  // One batch for every fixture (the CLI, then LibreOffice): its time is the set-up's, not the first test's.
  beforeAll(publishedOnce, 900_000);
  const itemOf = async (fixture: string) => {
    const { out, articles } = await publishedOnce();
    return parseItem(join(out, `${articles.get(fixture)?.slug}.newsml.xml`));
  };

  it("every fixture's item is valid against the IPTC's own NewsML-G2 2.35 schema (xmllint --schema)", async () => {
    const { run: published, out, articles } = await publishedOnce();
    expect(published.code, published.stderr).toBe(0);
    const texts = [...articles.values()].map(({ slug }) => join(out, `${slug}.newsml.xml`));
    // And every picture item and every package beside them.
    const pictures = [...articles.values()].flatMap(({ slug }) => pictureItemsOf(out, slug));
    const packages = [...articles.values()].map(({ slug }) => packageOf(out, slug));
    const files = [...texts, ...pictures, ...packages];
    expect(texts.length).toBeGreaterThan(20);
    expect(pictures.length).toBeGreaterThan(10);
    for (const file of packages) expect(existsSync(file), file).toBe(true);
    // xmllint exits non-zero when any file is invalid, and names each file it validated.
    const { stderr } = await run('xmllint', ['--noout', '--schema', schema, ...files], { maxBuffer: 16 * 1024 * 1024 });
    for (const file of files) expect(stderr).toContain(`${file} validates`);
  }, 120_000);

  it("every local picture goes to the wire as a file and a picture item beside the text item, linked both ways, with the picture's caption, type and sizes", async () => {
    const { out, articles } = await publishedOnce();
    let checked = 0;
    for (const [fixture, { slug }] of articles) {
      checked += expectPicturesOnTheWire(join(out, `${slug}.newsml.xml`), fileBeside, fixture);
    }
    // lang-fa, epub-images, jpeg-orientation, linked-pictures, long-form, …: every fixture with a local picture.
    expect(checked).toBeGreaterThan(10);
    const persian = parseItem(join(out, `${articles.get('lang-fa')?.slug}.newsml.xml`));
    const link = persian.getElementsByTagNameNS(nar, 'link')[0];
    const picture = parseItem(join(out, decodeURIComponent(link?.getAttribute('href') ?? '')));
    expect(texts(picture, 'headline')).toEqual(['تالار کنفرانس امنیتی مونیخ']);
    expect(picture.getElementsByTagNameNS(nar, 'description')[0]?.getAttribute('role')).toBe('drol:caption');
    expect(texts(picture, 'description')).toEqual(['مونیخ، ۲ فوریهٔ ۲۰۱۳']);
    expect(picture.getAttribute('xml:lang')).toBe('fa');
    // An EXIF-turned photo: the size it is shown at, as the pages show it (stored 4×2, orientation 6).
    const turned = parseItem(join(out, `${articles.get('jpeg-orientation')?.slug}.newsml.xml`));
    const sizes = Array.from(turned.getElementsByTagNameNS(xhtml, 'img'), (img) => `${img.getAttribute('width')}×${img.getAttribute('height')}`);
    expect(sizes.length).toBeGreaterThan(0);
  });

  it('every article goes to the wire as a package: one group that refers to exactly its text item and each picture item, by guid, version, type, class and size, at an address that resolves to that item', async () => {
    const { out, articles } = await publishedOnce();
    let withPictures = 0;
    for (const [fixture, { slug }] of articles) if (expectPackage(out, slug, fileBeside, fixture) > 0) withPictures++;
    // lang-fa, epub-images, jpeg-orientation, linked-pictures, long-form, …: every fixture with a local picture.
    expect(withPictures).toBeGreaterThan(10);
    // An article without a local picture (every-block shows a remote one) is a package of its text item alone.
    const textAlone = parseItem(packageOf(out, articles.get('every-block')?.slug ?? ''));
    expect(attribute(textAlone, 'itemClass', 'qcode')).toBe('ninat:text');
    expect(textAlone.getElementsByTagNameNS(nar, 'itemRef')).toHaveLength(1);
  });

  it('item and content metadata come from the front matter, with no generated words', async () => {
    const item = await itemOf('every-block');
    expect(item.localName).toBe('newsItem');
    expect(item.getAttribute('guid')).toMatch(/^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    // One day between date and updated: the version counts its seconds, so an update is always a later version.
    expect(item.getAttribute('version')).toBe(String(1 + 24 * 60 * 60));
    expect(item.getAttribute('xml:lang')).toBe('en-GB');
    expect(attribute(item, 'itemClass', 'qcode')).toBe('ninat:text');
    expect(attribute(item, 'provider', 'literal')).toBe('AFP');
    expect(attribute(item, 'pubStatus', 'qcode')).toBe('stat:usable');
    expect(texts(item, 'firstCreated')).toEqual(['2024-03-15T00:00:00Z']);
    expect(texts(item, 'versionCreated')).toEqual(['2024-03-16T00:00:00Z']);
    expect(texts(item, 'headline')).toEqual(['Every block, one page']);
    expect(texts(item, 'by')).toEqual(['Ada Lovelace and Charles Babbage']);
    expect(texts(item, 'creditline')).toEqual(['Editions Test Desk']);
    expect(texts(item, 'dateline')).toEqual(['LONDON']);
    expect(texts(item, 'description')[0]).toMatch(/^A fixture that uses every construct/);
    expect(attribute(item, 'language', 'tag')).toBe('en-GB');
    expect(texts(item, 'subject')).toEqual(['fixtures', 'markdown']);
    expect(texts(item, 'located')).toEqual(['LONDON']);
    expect(texts(item, 'copyrightNotice')).toEqual(['© 2024 Editions Test Press. Some rights reserved.']);
    expect(attribute(item, 'inlineXML', 'contenttype')).toBe('application/xhtml+xml');

    const arabic = await itemOf('html-rtl');
    const located = arabic.getElementsByTagNameNS(nar, 'located')[0];
    expect(texts(located as Element, 'name')).toEqual(['ميونيخ', 'ألمانيا']);
    expect(located?.getElementsByTagNameNS(nar, 'broader')).toHaveLength(1);
  });

  it('the body is the sanitized tree: no script, event handler or javascript: link', async () => {
    const { out, articles } = await publishedOnce();
    for (const { slug } of articles.values()) {
      const body = readFileSync(join(out, `${slug}.newsml.xml`), 'utf8');
      expect(body, slug).not.toMatch(/<script|\son[a-z]+=|javascript:/i);
    }
  });

  it('a republish of an unchanged article is the same item; an update is a later version of the same item', async () => {
    const source = temporary('source');
    const article = readFileSync(join(projectRoot, 'tests', 'fixtures', 'every-block', 'input.md'), 'utf8');
    writeFileSync(join(source, 'every-block.md'), article);
    const [first, second, updated] = [temporary('first'), temporary('second'), temporary('updated')];
    const only = ['--config', newsroomConfig, '--source', source, '--only', 'newsml'];
    expect((await publish([...only, '--out', first], { TZ: 'UTC' })).code).toBe(0);
    expect((await publish([...only, '--out', second], { TZ: 'Asia/Kolkata' })).code).toBe(0);
    expect(editionsIn(second, '.newsml.xml')).toEqual(editionsIn(first, '.newsml.xml'));
    expect(readFileSync(packageOf(second, 'every-block'))).toEqual(readFileSync(packageOf(first, 'every-block')));
    writeFileSync(join(source, 'every-block.md'), article.replace('updated: 2024-03-16', 'updated: 2024-03-16T09:30:00Z'));
    expect((await publish([...only, '--out', updated])).code).toBe(0);
    for (const path of ['every-block.newsml.xml', 'every-block.images/package.newsml.xml']) {
      const [before, after] = [parseItem(join(first, path)), parseItem(join(updated, path))];
      expect(after.getAttribute('guid'), path).toBe(before.getAttribute('guid'));
      expect(Number(after.getAttribute('version')), path).toBeGreaterThan(Number(before.getAttribute('version')));
    }
    // The package is a later version as the text item is, and refers to that version.
    const updatedPackage = parseItem(packageOf(updated, 'every-block'));
    expect(updatedPackage.getAttribute('version')).toBe(parseItem(join(updated, 'every-block.newsml.xml')).getAttribute('version'));
    expect(updatedPackage.getElementsByTagNameNS(nar, 'itemRef')[0]?.getAttribute('version')).toBe(updatedPackage.getAttribute('version'));
    // A correction 40 seconds after publication is a later version than the first item, not a duplicate a wire client drops.
    writeFileSync(join(source, 'every-block.md'), article.replace('updated: 2024-03-16', 'updated: 2024-03-15T00:00:40Z'));
    const corrected = temporary('corrected');
    expect((await publish([...only, '--out', corrected])).code).toBe(0);
    expect(parseItem(join(corrected, 'every-block.newsml.xml')).getAttribute('version')).toBe('41');
  });

  it('an undated article: no first-created time made up (the item may leave it out), version 1, still valid', async () => {
    const source = temporary('undated');
    writeFileSync(join(source, 'explainer.md'), '---\ntitle: Undated explainer\nupdated: 2024-05-02T08:00:00Z\n---\n\nHow it works.\n');
    const out = temporary('undated-out');
    expect((await publish(['--config', newsroomConfig, '--source', source, '--only', 'newsml', '--out', out])).code).toBe(0);
    const item = parseItem(join(out, 'explainer.newsml.xml'));
    expect(item.getAttribute('version')).toBe('1');
    expect(texts(item, 'firstCreated')).toEqual([]);
    expect(texts(item, 'versionCreated')).toEqual(['2024-05-02T08:00:00Z']);
    await run('xmllint', ['--noout', '--schema', schema, join(out, 'explainer.newsml.xml'), packageOf(out, 'explainer')]);
    expect(parseItem(packageOf(out, 'explainer')).getAttribute('version')).toBe('1');
  });

  it('a republish leaves the package alone; one picture fewer leaves it out of the package and removes its files; the article removed, its package goes with it', async () => {
    const source = temporary('incremental');
    const fixture = join(projectRoot, 'tests', 'fixtures', 'linked-pictures');
    cpSync(fixture, source, { recursive: true, filter: (path) => !path.includes('expected') });
    const only = ['--config', newsroomConfig, '--source', source, '--only', 'newsml'];
    const out = temporary('incremental-out');
    expect((await publish([...only, '--out', out])).code).toBe(0);
    expect(expectPackage(out, 'linked-pictures', fileBeside, 'first')).toBe(3);
    const written = statSync(packageOf(out, 'linked-pictures'));
    const folder = join(out, 'linked-pictures.images');
    const files = readdirSync(folder).sort();
    const firstVersion = Number(parseItem(packageOf(out, 'linked-pictures')).getAttribute('version'));

    // Unchanged: nothing is written again.
    expect((await publish([...only, '--out', out])).code).toBe(0);
    const kept = statSync(packageOf(out, 'linked-pictures'));
    expect([kept.ino, kept.mtimeMs]).toEqual([written.ino, written.mtimeMs]);
    expect(readdirSync(folder).sort()).toEqual(files);

    // The two crops of one photograph left out, in an update: their picture and its item go, the package refers to the two left.
    const article = readFileSync(join(source, 'input.md'), 'utf8');
    const cropped = article
      .replace(/^!\[A green crop\].*\n!\[The same green crop\].*\n/m, '')
      .replace('lang: en', 'lang: en\nupdated: 2026-12-07T10:00:00+01:00');
    expect(cropped).not.toContain('crop.jpg');
    writeFileSync(join(source, 'input.md'), cropped);
    expect((await publish([...only, '--out', out])).code).toBe(0);
    expect(expectPackage(out, 'linked-pictures', fileBeside, 'cropped')).toBe(2);
    expect(readdirSync(folder)).toHaveLength(files.length - 2);
    expect(Number(parseItem(packageOf(out, 'linked-pictures')).getAttribute('version'))).toBeGreaterThan(firstVersion);
    await run('xmllint', ['--noout', '--schema', schema, packageOf(out, 'linked-pictures')]);

    // The article removed: its items, its pictures and its package with them.
    rmSync(join(source, 'input.md'));
    expect((await publish([...only, '--out', out])).code).toBe(0);
    expect(existsSync(join(out, 'linked-pictures.newsml.xml'))).toBe(false);
    expect(existsSync(folder)).toBe(false);
  });
});

describeWithTools(['xmllint'], "the NewsML-G2 pictures under the site's address, beside the HTML pages' own, through the compiled CLI", () => {
  it('each address is absolute under baseUrl, each file is where it points, and the pictures the two editions share are one file', async () => {
    const out = temporary('pictures-base-url');
    const source = join(projectRoot, 'tests', 'fixtures', 'linked-pictures');
    const result = await publish(['--config', 'tests/configs/newsml-pictures.config.ts', '--source', source, '--out', out]);
    expect(result.code, result.stderr).toBe(0);
    const site = 'https://news.example/world/';
    const item = join(out, 'linked-pictures.newsml.xml');
    const onSite = (href: string) => (href.startsWith(site) ? join(out, decodeURIComponent(href.slice(site.length))) : undefined);
    expect(expectPicturesOnTheWire(item, onSite, 'linked-pictures')).toBeGreaterThan(1);
    // The HTML page's pictures beside it are the very files the wire's items point at.
    const page = readFileSync(join(out, 'linked-pictures.html'), 'utf8');
    const pageImages = new Set([...page.matchAll(/<img src="(linked-pictures\.images\/[^"]+)"/g)].map((match) => match[1]));
    const wireImages = new Set(Array.from(parseItem(item).getElementsByTagNameNS(xhtml, 'img'), (img) => img.getAttribute('src')?.slice(site.length)));
    expect(pageImages.size).toBeGreaterThan(1);
    expect([...wireImages].sort()).toEqual([...pageImages].sort());
    expect(expectPackage(out, 'linked-pictures', onSite, 'linked-pictures')).toBe(pictureItemsOf(out, 'linked-pictures').length);
    for (const ref of Array.from(parseItem(packageOf(out, 'linked-pictures')).getElementsByTagNameNS(nar, 'itemRef')))
      expect(ref.getAttribute('href')).toMatch(/^https:\/\/news\.example\/world\/linked-pictures\.(newsml\.xml|images\/[0-9a-f]{16}\.newsml\.xml)$/);
    await run('xmllint', ['--noout', '--schema', schema, item, ...pictureItemsOf(out, 'linked-pictures'), packageOf(out, 'linked-pictures')]);
  });
});

/** The picture items beside an article's text item, named by their pictures' content. */
function pictureItemsOf(out: string, slug: string): string[] {
  const folder = join(out, `${slug}.images`);
  return existsSync(folder)
    ? readdirSync(folder)
        .filter((name) => /^[0-9a-f]{16}\.newsml\.xml$/.test(name))
        .map((name) => join(folder, name))
    : [];
}

/** The package that gathers an article's text item and picture items. */
function packageOf(out: string, slug: string): string {
  return join(out, `${slug}.images`, 'package.newsml.xml');
}

/**
 * Checks that an article's package is a `packageItem` whose one group, the root, refers to exactly its text item and
 * then each of its picture items, in the order the text item links to them, each by its guid, version, type, class and
 * size in bytes, at an address that `resolve` finds the item at, with the item's own headline and description as
 * hints; and that the package follows the text item's version and takes its headline from it. Returns the pictures.
 */
function expectPackage(out: string, slug: string, resolve: (href: string, from: string) => string | undefined, name: string): number {
  const [textPath, packagePath] = [join(out, `${slug}.newsml.xml`), packageOf(out, slug)];
  const [text, gathered] = [parseItem(textPath), parseItem(packagePath)];
  expect(gathered.localName, name).toBe('packageItem');
  expect(gathered.getAttribute('guid'), name).toMatch(/^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  expect(gathered.getAttribute('guid'), name).not.toBe(text.getAttribute('guid'));
  expect(gathered.getAttribute('version'), name).toBe(text.getAttribute('version'));
  expect(texts(gathered, 'headline')[0], name).toBe(texts(text, 'headline')[0]);
  const groupSet = gathered.getElementsByTagNameNS(nar, 'groupSet')[0];
  const groups = Array.from(groupSet?.getElementsByTagNameNS(nar, 'group') ?? []);
  expect(
    groups.map((group) => [group.getAttribute('id'), group.getAttribute('role')]),
    name,
  ).toEqual([[groupSet?.getAttribute('root'), 'group:main']]);
  const referenced = Array.from(gathered.getElementsByTagNameNS(nar, 'itemRef'), (ref) => {
    const file = resolve(ref.getAttribute('href') ?? '', packagePath) ?? '';
    expect(existsSync(file), `${name}: ${ref.getAttribute('href')}`).toBe(true);
    const item = parseItem(file);
    expect(ref.getAttribute('residref'), name).toBe(item.getAttribute('guid'));
    expect(ref.getAttribute('version'), name).toBe(item.getAttribute('version'));
    expect(ref.getAttribute('contenttype'), name).toBe('application/vnd.iptc.g2.newsitem+xml');
    expect(ref.getAttribute('size'), name).toBe(String(statSync(file).size));
    for (const property of ['itemClass', 'pubStatus'])
      expect(attribute(ref, property, 'qcode'), `${name}: ${property}`).toBe(attribute(item, property, 'qcode'));
    expect(texts(ref, 'headline'), name).toEqual(texts(item, 'headline'));
    expect(texts(ref, 'description'), name).toEqual(texts(item, 'description'));
    expect(attribute(ref, 'description', 'role'), name).toBe(attribute(item, 'description', 'role'));
    return file;
  });
  const links = Array.from(text.getElementsByTagNameNS(nar, 'link'), (link) => resolve(link.getAttribute('href') ?? '', textPath));
  expect(referenced, name).toEqual([textPath, ...links]);
  expect([...links].sort(), name).toEqual(pictureItemsOf(out, slug).sort());
  expect(attribute(gathered, 'itemClass', 'qcode'), name).toBe(links.length > 0 ? 'ninat:composite' : 'ninat:text');
  return links.length;
}

/**
 * Checks that each picture of the text item's body is a file beside it, named by its content, and has a picture item
 * the text item links to, which points at that file with its type, byte size and shown size, and links back.
 * `resolve` gives the file an address points at, from the file the address is in. Returns the pictures checked.
 */
function expectPicturesOnTheWire(itemPath: string, resolve: (href: string, from: string) => string | undefined, name: string): number {
  const item = parseItem(itemPath);
  const images = Array.from(item.getElementsByTagNameNS(xhtml, 'img'));
  const files = new Map<string, Element>();
  for (const img of images) {
    const file = resolve(img.getAttribute('src') ?? '', itemPath);
    // A remote picture keeps its address.
    if (file === undefined) continue;
    expect(existsSync(file), `${name}: ${img.getAttribute('src')}`).toBe(true);
    // Named by its content: the first 16 hex digits of its SHA-256.
    expect(createHash('sha256').update(readFileSync(file)).digest('hex').slice(0, 16), name).toBe(file.split('/').pop()?.split('.')[0]);
    files.set(file, img);
  }
  const links = Array.from(item.getElementsByTagNameNS(nar, 'link')).filter((link) => link.getAttribute('rel') === 'irel:seeAlso');
  expect(links.length, name).toBe(files.size);
  for (const link of links) {
    const pictureFile = resolve(link.getAttribute('href') ?? '', itemPath) ?? '';
    const picture = parseItem(pictureFile);
    expect(picture.getAttribute('guid'), name).toBe(link.getAttribute('residref'));
    expect(attribute(picture, 'itemClass', 'qcode')).toBe('ninat:picture');
    expect(picture.getAttribute('version')).toBe(item.getAttribute('version'));
    const content = picture.getElementsByTagNameNS(nar, 'remoteContent')[0];
    const file = resolve(content?.getAttribute('href') ?? '', pictureFile) ?? '';
    const img = files.get(file);
    expect(img, `${name}: ${content?.getAttribute('href')} is a picture of the body`).toBeDefined();
    expect(content?.getAttribute('size')).toBe(String(readFileSync(file).byteLength));
    expect(content?.getAttribute('contenttype')).toBe(
      file.endsWith('.png') ? 'image/png' : file.endsWith('.jpg') ? 'image/jpeg' : content?.getAttribute('contenttype'),
    );
    expect([content?.getAttribute('width'), content?.getAttribute('height')]).toEqual([img?.getAttribute('width'), img?.getAttribute('height')]);
    const back = picture.getElementsByTagNameNS(nar, 'link')[0];
    expect(resolve(back?.getAttribute('href') ?? '', pictureFile)).toBe(itemPath);
    expect(back?.getAttribute('residref')).toBe(item.getAttribute('guid'));
  }
  return files.size;
}

describe('the NewsML-G2 body read on the wire', () => {
  it("points a relative link at the site's page when the config has a baseUrl; other links stay", () => {
    const source = mkdtempSync(join(tmpdir(), 'editions-newsml-links-'));
    writeFileSync(
      join(source, 'links.md'),
      '---\ntitle: Links\n---\n\nSee [the earlier story](earlier-story.html), [below](#below) and [the agency](https://afp.com/en).\n',
    );
    const { article } = readArticle(join(source, 'links.md'), readFileSync(join(source, 'links.md')));
    if (!article) throw new Error('links.md did not parse');
    const hrefs = ({ edition }: { edition: string | Uint8Array }) => [...String(edition).matchAll(/<a href="([^"]+)"/g)].map((match) => match[1]);
    expect(hrefs(newsItem(article, undefined, labelsFor('en'), 'https://news.example/world/'))).toEqual([
      'https://news.example/world/earlier-story.html',
      '#below',
      'https://afp.com/en',
    ]);
    expect(hrefs(newsItem(article, undefined, labelsFor('en')))).toEqual(['earlier-story.html', '#below', 'https://afp.com/en']);
  });
});

describe('the NewsML-G2 edition in the README', () => {
  it('"Adding an output format" walks through its factory as it is', () => {
    const readme = readFileSync(join(projectRoot, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('## Adding an output format'), readme.indexOf('## Tests'));
    expect(section).toContain(readFileSync(join(projectRoot, 'src', 'renderers', 'newsml', 'index.ts'), 'utf8'));
  });
});

describe('the NewsML-G2 edition in every thread', () => {
  it('is the same in the default run and in the worker pool (--jobs 2), and publish() with `jobs: 2` (threads rebuild it from the registry) gives the items of one thread, with its options', async () => {
    const items = await expectSameInEveryThread('newsml', '.newsml.xml', "newsml({ provider: 'Test Wire' })", 'every-block');
    for (const name of items.keys()) expect(items.get(name)?.toString('utf8'), name).toContain('<provider literal="Test Wire">');
  }, 180_000);
});

describeWithTools(['strace'], 'the order the wire’s files are written in, through the compiled CLI', () => {
  it('each picture and its item first, then the text item, then the package that lists them', async () => {
    const out = temporary('order');
    const log = join(temporary('order-calls'), 'calls.txt');
    const source = join(projectRoot, 'tests', 'fixtures', 'linked-pictures');
    const result = await publishUnderStrace(log, 'rename,renameat,renameat2', [
      '--config',
      'tests/configs/newsml-pictures.config.ts',
      '--source',
      source,
      '--out',
      out,
    ]);
    expect(result.code, result.stderr).toBe(0);
    const slug =
      readdirSync(out)
        .find((name) => name.endsWith('.newsml.xml'))
        ?.replace('.newsml.xml', '') ?? expect.fail('no text item');
    // Each file is renamed into place whole: the order of the renames is the order a client watching the folder sees them in.
    const renamed = readFileSync(log, 'utf8')
      .split('\n')
      .map((call) => /^\d+\s+rename\w*\(.*?"[^"]*", (?:\w+, )?"([^"]+)"/.exec(call)?.[1])
      .filter((path): path is string => path?.startsWith(`${out}/${slug}.`) === true)
      .map((path) => path.slice(out.length + 1))
      .filter((path) => path.includes('newsml') || path.startsWith(`${slug}.images/`));
    const text = renamed.indexOf(`${slug}.newsml.xml`);
    const pack = renamed.indexOf(`${slug}.images/package.newsml.xml`);
    const pictureFiles = renamed.filter((path) => path.startsWith(`${slug}.images/`) && path !== `${slug}.images/package.newsml.xml`);
    // Three pictures, each with its item (the HTML edition shares the pictures' files: each is written once per edition that has it).
    expect(new Set(pictureFiles.filter((path) => path.endsWith('.newsml.xml'))).size).toBe(3);
    expect([text >= 0, pack > text]).toEqual([true, true]);
    for (const path of pictureFiles) expect(renamed.indexOf(path), path).toBeLessThan(pack);
    expect(renamed.slice(text + 1).filter((path) => path !== `${slug}.images/package.newsml.xml` && !/\.(png|jpe?g)$/.test(path))).toEqual([]);
  });
});
