import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DOMParser } from '@xmldom/xmldom';
import { Ajv } from 'ajv';
import formats from 'ajv-formats';
import type { Properties } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import { visit } from 'unist-util-visit';
import { beforeAll, describe, expect, it } from 'vitest';
import { resolveConfig } from '../src/config/load.js';
import { loadManifest } from '../src/publish/manifest.js';
import { runPipeline } from '../src/publish/pipeline.js';
import { mediaTypeOf } from '../src/renderers/common/collection.js';
import type { CollectionRenderer, Renderer } from '../src/types.js';
import { launchChromium } from './helpers/browser.js';
import { fixturesDir, placeOf, projectRoot } from './helpers/cases.js';
import { executionModes, modeNames, publish } from './helpers/cli.js';
import { describeWithTools, run, vnuJar } from './helpers/tools.js';

const config = 'tests/configs/collections.config.ts';
const schemas = join(projectRoot, 'tests', 'schemas');
const collectionFiles = ['index.html', 'feed.xml', 'feed.json', 'sitemap.xml'];

/** Four articles: the canonical story, a copy of it one day older than the newest, an Arabic one (with an image) and an undated one. */
function sourceFolder(): string {
  const source = mkdtempSync(join(tmpdir(), 'editions-collections-source-'));
  cpSync(join(projectRoot, 'source', 'moscow-syria-opposition-contact.md'), join(source, 'moscow.md'));
  const scripts = readFileSync(join(fixturesDir, 'multi-script', 'input.md'), 'utf8');
  writeFileSync(join(source, 'scripts.md'), scripts);
  writeFileSync(
    join(source, 'day-before.md'),
    scripts.replace('date: 2024-05-01', 'date: 2024-04-30').replace('title: Seven scripts, one article', 'title: The day before'),
  );
  cpSync(join(fixturesDir, 'html-rtl', 'input.md'), join(source, 'arabic.md'));
  cpSync(join(fixturesDir, 'html-rtl', 'munich.png'), join(source, 'munich.png'));
  cpSync(join(fixturesDir, 'dateless', 'input.md'), join(source, 'undated.md'));
  return source;
}

function published(source: string, out: string, extra: string[] = [], env: NodeJS.ProcessEnv = {}) {
  return publish(['--config', config, '--source', source, '--out', out, ...extra], env);
}

const read = (out: string, file: string) => readFileSync(join(out, file), 'utf8');

/** JSON Feed 1.1's schema, compiled. */
function jsonFeedSchema() {
  const ajv = new Ajv({ allErrors: true, strictRequired: false });
  // A CommonJS module whose function is also its `default`: TypeScript's NodeNext types see only the latter.
  formats.default(ajv);
  return ajv.compile(JSON.parse(readFileSync(join(schemas, 'jsonfeed-1.1.schema.json'), 'utf8')));
}

/** Both feeds of an output folder checked as the tests above check them: Atom against RFC 4287's schema, JSON Feed against its own. */
async function expectValidFeeds(out: string): Promise<void> {
  const { stderr } = await run('xmllint', ['--noout', '--relaxng', join(schemas, 'atom.rng'), join(out, 'feed.xml')]);
  expect(stderr).toContain('validates');
  const validate = jsonFeedSchema();
  expect(validate(JSON.parse(read(out, 'feed.json'))), JSON.stringify(validate.errors)).toBe(true);
}

/** Each entry's id (its page's name), in the order of each feed: Atom's, then JSON Feed's. */
function entryPages(out: string): [string[], string[]] {
  const atom = [...read(out, 'feed.xml').matchAll(/<entry[^>]*>\n {4}<id>[^<]*\/([^/<]+)\.html<\/id>/g)].map((match) => match[1] as string);
  const json = (JSON.parse(read(out, 'feed.json')).items as { id: string }[]).map((item) => /([^/]+)\.html$/.exec(item.id)?.[1] as string);
  return [atom, json];
}

/** The output folder's file an address under the config's `baseUrl` (https://news.example/world/) is published at. */
const publishedPath = (url: unknown) => decodeURIComponent(new URL(String(url)).pathname.slice('/world/'.length));

/** Each entry's HTML content in both feeds: Atom's, then JSON Feed's. */
function feedContents(out: string): string[] {
  const atom = new DOMParser().parseFromString(read(out, 'feed.xml'), 'text/xml').getElementsByTagName('content');
  const json = (JSON.parse(read(out, 'feed.json')).items as { content_html?: string }[]).map((item) => item.content_html ?? '');
  return [...Array.from(atom, (content) => content.textContent ?? ''), ...json];
}

/** Every `<img>` of both feeds' entries, as its properties. */
function feedPictures(out: string): Properties[] {
  const pictures: Properties[] = [];
  for (const html of feedContents(out)) {
    visit(fromHtml(html, { fragment: true }), 'element', (node) => {
      if (node.tagName === 'img') pictures.push(node.properties);
    });
  }
  return pictures;
}

const mtimes = (out: string, files: readonly string[]) => files.map((file) => statSync(join(out, file)).mtimeMs);

describe('edition media types', () => {
  it("names the DOCX and NewsML-G2 editions by their registered types, a renderer of one's own's (the README's JSON) by its own, and one no one knows as bytes", () => {
    expect(mediaTypeOf('world/a.docx')).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    expect(mediaTypeOf('a.b.newsml.xml')).toBe('application/vnd.iptc.g2.newsitem+xml');
    expect(mediaTypeOf('v1.2/a.pdf')).toBe('application/pdf');
    expect(mediaTypeOf('a.json')).toBe('application/json');
    expect(mediaTypeOf('a.news.jsonld')).toBe('application/ld+json');
    expect(mediaTypeOf('a.editions-own')).toBe('application/octet-stream');
  });
});

describe('collection renderers', () => {
  let source: string;
  let out: string;
  beforeAll(async () => {
    source = sourceFolder();
    out = mkdtempSync(join(tmpdir(), 'editions-collections-out-'));
    const first = await published(source, out);
    expect(first.code, first.stderr).toBe(0);
    for (const file of collectionFiles) expect(first.stdout).toMatch(new RegExp(`^(index|feed|sitemap) .*${file.replace('.', '\\.')}`, 'm'));
  });

  describeWithTools(['xmllint'], 'the feed and the sitemap against their schemas', () => {
    it('feed.xml is well-formed Atom 1.0 valid against RFC 4287’s schema, newest entry first, PDF and EPUB as enclosures', async () => {
      const feed = join(out, 'feed.xml');
      const { stderr } = await run('xmllint', ['--noout', '--relaxng', join(schemas, 'atom.rng'), feed]);
      expect(stderr).toContain('validates');
      const xml = read(out, 'feed.xml');
      const entries = xml.split('<entry').slice(1);
      expect(entries.map((entry) => /<id>[^<]*\/([^/<]+)\.html<\/id>/.exec(entry)?.[1])).toEqual(['scripts', 'day-before', 'moscow', 'rtl-arabic', 'undated']);
      // RFC 4287's rules beyond the schema: the feed has an author (for entries without one), every entry content and an alternate link.
      expect(xml).toMatch(/^ {2}<author><name>/m);
      for (const entry of entries) {
        expect(entry).toContain('<content type="html">&lt;article');
        expect(entry).toContain('<link rel="alternate" type="text/html"');
      }
      expect(xml).toContain('<updated>2024-05-01T00:00:00Z</updated>');
      expect(entries[3]).toMatch(/^ xml:lang="ar">/);
      const pdfSize = statSync(join(out, 'scripts.pdf')).size;
      expect(entries[0]).toContain(
        `<link rel="enclosure" type="application/pdf" length="${pdfSize}" title="PDF" href="https://news.example/world/scripts.pdf"/>`,
      );
      expect(entries[0]).toMatch(/<link rel="enclosure" type="application\/epub\+zip" length="\d+" title="EPUB"/);
    });

    it('a title with a character XML cannot carry (BEL) still gives a well-formed, valid feed and sitemap', async () => {
      const bell = mkdtempSync(join(tmpdir(), 'editions-bell-'));
      writeFileSync(join(bell, 'bell.md'), '---\ntitle: "A bell \\a rings"\ndate: 2024-05-01\n---\n\nIt rang.\n');
      const other = mkdtempSync(join(tmpdir(), 'editions-bell-out-'));
      const result = await published(bell, other, ['--only', 'html,feed,sitemap']);
      expect(result.code, result.stderr).toBe(0);
      // The reader sets it as a space, with a warning at the title, as a control character in the body is.
      expect(result.stderr).toMatch(/2:8 +warning +Front matter `title` holds control character U\+0007/);
      expect(JSON.parse(read(other, 'feed.json')).items[0].title).toBe('A bell   rings');
      await run('xmllint', ['--noout', '--relaxng', join(schemas, 'atom.rng'), join(other, 'feed.xml')]);
      await run('xmllint', ['--noout', '--schema', join(schemas, 'sitemap.xsd'), join(other, 'sitemap.xml')]);
      expect(read(other, 'feed.xml')).toContain('<title>A bell   rings</title>');
    });

    it('an undated article has no publication date made up in the feeds (1980, the build time): Atom leaves out <published>, JSON Feed date_published', async () => {
      const undated = mkdtempSync(join(tmpdir(), 'editions-undated-'));
      writeFileSync(join(undated, 'explainer.md'), '---\ntitle: Undated explainer\nupdated: 2024-05-02T08:00:00Z\n---\n\nHow it works.\n');
      writeFileSync(join(undated, 'news.md'), '---\ntitle: Dated news\ndate: 2024-05-01\n---\n\nIt happened.\n');
      const other = mkdtempSync(join(tmpdir(), 'editions-undated-out-'));
      const result = await published(undated, other, ['--only', 'html,feed,sitemap']);
      expect(result.code, result.stderr).toBe(0);
      const items = JSON.parse(read(other, 'feed.json')).items as { title: string; date_published?: string; date_modified?: string }[];
      expect(items.map((item) => [item.title, item.date_published, item.date_modified])).toEqual([
        ['Dated news', '2024-05-01T00:00:00Z', '2024-05-01T00:00:00Z'],
        ['Undated explainer', undefined, '2024-05-02T08:00:00Z'],
      ]);
      const atom = read(other, 'feed.xml');
      expect(atom.match(/<published>/g)).toHaveLength(1);
      expect(atom).not.toContain('1980');
      await run('xmllint', ['--noout', '--relaxng', join(schemas, 'atom.rng'), join(other, 'feed.xml')]);
    });

    it('the Atom schema rejects a feed without its id or with a date in words', async () => {
      const xml = read(out, 'feed.xml');
      const folder = mkdtempSync(join(tmpdir(), 'editions-bad-feed-'));
      const broken = [xml.replace(/ {2}<id>[^<]*<\/id>\n/, ''), xml.replace('<updated>2024-05-01T00:00:00Z</updated>', '<updated>May 1, 2024</updated>')];
      for (const [index, text] of broken.entries()) {
        writeFileSync(join(folder, `${index}.xml`), text);
        const result = await run('xmllint', ['--noout', '--relaxng', join(schemas, 'atom.rng'), join(folder, `${index}.xml`)]).catch((error) => error);
        expect(result.stderr).toContain('fails to validate');
      }
    });

    it('sitemap.xml is valid against the sitemap and Google News schemas; news tags only for the last two days before the newest article', async () => {
      const { stderr } = await run('xmllint', ['--noout', '--schema', join(schemas, 'sitemap.xsd'), join(out, 'sitemap.xml')]);
      expect(stderr).toContain('validates');
      const urls = read(out, 'sitemap.xml').split('<url>').slice(1);
      expect(urls).toHaveLength(5);
      const news = urls.filter((url) => url.includes('<news:news>'));
      expect(news.map((url) => /<news:title>([^<]*)</.exec(url)?.[1])).toEqual(['Seven scripts, one article', 'The day before']);
      expect(news[0]).toContain('<news:language>en</news:language>');
      expect(news[0]).toContain('<news:publication_date>2024-05-01T00:00:00Z</news:publication_date>');
    });
  });

  it('feed.json is valid JSON Feed 1.1, with the same entries and attachments', () => {
    const validate = jsonFeedSchema();
    const feed = JSON.parse(read(out, 'feed.json'));
    expect(validate(feed), JSON.stringify(validate.errors)).toBe(true);
    expect(feed.items.map((item: { id: string }) => item.id.split('/').at(-1))).toEqual([
      'scripts.html',
      'day-before.html',
      'moscow.html',
      'rtl-arabic.html',
      'undated.html',
    ]);
    expect(feed.items[3].language).toBe('ar');
    expect(feed.items[0].attachments).toEqual([
      { url: 'https://news.example/world/scripts.pdf', mime_type: 'application/pdf', title: 'PDF', size_in_bytes: statSync(join(out, 'scripts.pdf')).size },
      {
        url: 'https://news.example/world/scripts.epub',
        mime_type: 'application/epub+zip',
        title: 'EPUB',
        size_in_bytes: statSync(join(out, 'scripts.epub')).size,
      },
    ]);
    // The schema can fail: a feed item without content is refused.
    expect(validate({ ...feed, items: [{ id: 'x' }] })).toBe(false);
  });

  it('gives each entry’s content its article’s lang and dir: the Arabic story reads right to left in a feed reader', () => {
    const articles = feedContents(out).map((html) => {
      const article = fromHtml(html, { fragment: true }).children.find((node) => node.type === 'element');
      return article?.type === 'element' ? { tag: article.tagName, lang: article.properties.lang, dir: article.properties.dir } : undefined;
    });
    // Atom's five entries, then JSON Feed's: the page's <html> carried them, which the feeds leave out.
    const own = [
      { tag: 'article', lang: 'en', dir: 'ltr' },
      { tag: 'article', lang: 'en', dir: 'ltr' },
      { tag: 'article', lang: 'en', dir: 'ltr' },
      { tag: 'article', lang: 'ar', dir: 'rtl' },
      { tag: 'article', lang: 'en', dir: 'ltr' },
    ];
    expect(articles).toEqual([...own, ...own]);
  });

  it('gives the same bytes in another folder, another time zone and with --jobs 1', async () => {
    const other = mkdtempSync(join(tmpdir(), 'editions-collections-again-'));
    const result = await published(source, other, ['--jobs', '1'], { TZ: 'Pacific/Kiritimati' });
    expect(result.code).toBe(0);
    // Five articles' four editions, and the collections' files apart: the index, the feeds, the sitemap and the feeds' one picture.
    expect(result.stdout).toMatch(/^20 editions of 5\/5 articles and 5 collection files written in [\d.]+ s$/m);
    for (const file of collectionFiles) expect(read(other, file), file).toBe(read(out, file));
    expect(readdirSync(join(other, 'feed-images'))).toEqual(readdirSync(join(out, 'feed-images')));
  });

  describeWithTools(['xmllint'], 'pictures in the feeds', () => {
    it('carry no data: URL: a picture embedded in its page is a file of the feed, named by its content, at an absolute address, with its alt text', async () => {
      for (const file of ['feed.xml', 'feed.json']) expect(read(out, file), file).not.toContain('data:');
      const pictures = feedPictures(out);
      // The Arabic article's one picture, in each feed.
      expect(pictures).toHaveLength(2);
      for (const picture of pictures) {
        expect(picture.src).toMatch(/^https:\/\/news\.example\/world\/feed-images\/[0-9a-f]{16}\.png$/);
        expect(readFileSync(join(out, publishedPath(picture.src)))).toEqual(readFileSync(join(source, 'munich.png')));
        expect(picture.alt).toBe('لوحة ملونة تمثل قاعة المؤتمر');
      }
      // Every link too, a note's or a heading's within its page included: a feed reader has no page to resolve it against.
      const links = feedContents(out).flatMap((html) => [...html.matchAll(/<a [^>]*href="([^"]*)"/g)].map((match) => match[1] ?? ''));
      expect(links.filter((href) => !href.startsWith('https://'))).toEqual([]);
      expect(links.filter((href) => /^https:\/\/news\.example\/world\/[^#]+\.html#./.test(href)).length).toBeGreaterThan(0);
      await expectValidFeeds(out);
    });

    it('with the pages’ pictures beside them, point at those files, absolutely, and make relative links absolute', async () => {
      const pictured = mkdtempSync(join(tmpdir(), 'editions-feed-beside-'));
      cpSync(join(fixturesDir, 'html-rtl', 'input.md'), join(pictured, 'arabic.md'));
      cpSync(join(fixturesDir, 'html-rtl', 'munich.png'), join(pictured, 'munich.png'));
      writeFileSync(join(pictured, 'follow-up.md'), '---\ntitle: A follow-up\ndate: 2024-05-01\n---\n\nSee [the first report](rtl-arabic.html).\n');
      const other = mkdtempSync(join(tmpdir(), 'editions-feed-beside-out-'));
      const result = await publish(['--config', 'tests/configs/feed-beside.config.ts', '--source', pictured, '--out', other]);
      expect(result.code, result.stderr).toBe(0);
      for (const file of ['feed.xml', 'feed.json']) expect(read(other, file), file).not.toContain('data:');
      const pictures = feedPictures(other);
      expect(pictures).toHaveLength(2);
      for (const picture of pictures) {
        expect(picture.src).toMatch(/^https:\/\/news\.example\/world\/rtl-arabic\.images\/[0-9a-f]{16}\.png$/);
        expect(readFileSync(join(other, publishedPath(picture.src)))).toEqual(readFileSync(join(pictured, 'munich.png')));
        expect(picture.alt).toBe('لوحة ملونة تمثل قاعة المؤتمر');
      }
      expect(existsSync(join(other, 'feed-images'))).toBe(false);
      const followUp = feedContents(other).filter((html) => html.includes('the first report'));
      expect(followUp).toHaveLength(2);
      for (const html of followUp) expect(html).toContain('<a href="https://news.example/world/rtl-arabic.html">the first report</a>');
      await expectValidFeeds(other);
    });
  });

  describeWithTools(['xmllint'], 'the number of entries', () => {
    it('is the 50 newest articles by default, newest first, an undated one after them all', async () => {
      const many = mkdtempSync(join(tmpdir(), 'editions-feed-many-'));
      // Named against their dates' order, so that no order of the files gives the feed's.
      const day = (n: number) => new Date(Date.UTC(2024, 0, 1 + n)).toISOString().slice(0, 10);
      for (let n = 0; n < 51; n++) writeFileSync(join(many, `s${50 - n}.md`), `---\ntitle: Story ${n}\ndate: ${day(n)}\n---\n\nBody ${n}.\n`);
      writeFileSync(join(many, 'undated.md'), '---\ntitle: Undated\n---\n\nBody.\n');
      const other = mkdtempSync(join(tmpdir(), 'editions-feed-many-out-'));
      const result = await publish(['--config', 'tests/configs/feed-beside.config.ts', '--source', many, '--out', other]);
      expect(result.code, result.stderr).toBe(0);
      const newest = Array.from({ length: 50 }, (_, index) => `s${index}`);
      expect(entryPages(other)).toEqual([newest, newest]);
      await expectValidFeeds(other);
    });

    it('an entry of an article with an `id` keeps its id when the file is renamed, its link the new page', async () => {
      const source = mkdtempSync(join(tmpdir(), 'editions-feed-rename-'));
      const other = mkdtempSync(join(tmpdir(), 'editions-feed-rename-out-'));
      writeFileSync(join(source, 'fire.md'), '---\ntitle: Feu\nid: wire-77\ndate: 2026-12-07\n---\n\nBody.\n');
      const publishStory = () => publish(['--config', 'tests/configs/feed-limit.config.ts', '--source', source, '--out', other]);
      const entry = () => {
        const atom = read(other, 'feed.xml').split('<entry')[1] as string;
        const item = JSON.parse(read(other, 'feed.json')).items[0];
        return {
          atom: /<id>([^<]*)<\/id>/.exec(atom)?.[1],
          link: /<link rel="alternate" type="text\/html" href="([^"]*)"/.exec(atom)?.[1],
          json: item.id,
          url: item.url,
        };
      };
      expect((await publishStory()).code).toBe(0);
      const before = entry();
      expect(before.atom).toMatch(/^urn:uuid:/);
      expect(before).toEqual({
        atom: before.atom,
        link: 'https://news.example/world/fire.html',
        json: before.atom,
        url: 'https://news.example/world/fire.html',
      });
      renameSync(join(source, 'fire.md'), join(source, 'feu.md'));
      const again = await publishStory();
      expect(again.code, again.stderr).toBe(0);
      expect(entry()).toEqual({
        atom: before.atom,
        link: 'https://news.example/world/feu.html',
        json: before.atom,
        url: 'https://news.example/world/feu.html',
      });
      await expectValidFeeds(other);
    });

    it('feed({ limit: 3 }): the three newest, an undated one counted after every dated one; a picture of an article no longer in the feed is removed with its folder', async () => {
      const few = mkdtempSync(join(tmpdir(), 'editions-feed-limit-'));
      const other = mkdtempSync(join(tmpdir(), 'editions-feed-limit-out-'));
      const story = (name: string, date?: string, body = 'Body.') =>
        writeFileSync(join(few, `${name}.md`), `---\ntitle: ${name}\n${date ? `date: ${date}\n` : ''}---\n\n${body}\n`);
      cpSync(join(fixturesDir, 'html-rtl', 'munich.png'), join(few, 'munich.png'));
      story('pictured', '2024-01-10', '![The hall](munich.png)');
      story('older', '2024-01-05');
      story('undated');
      story('oldest', '2024-01-01');
      const publishFew = () => publish(['--config', 'tests/configs/feed-limit.config.ts', '--source', few, '--out', other]);
      expect((await publishFew()).code).toBe(0);
      expect(entryPages(other)).toEqual([
        ['pictured', 'older', 'oldest'],
        ['pictured', 'older', 'oldest'],
      ]);
      expect(readdirSync(join(other, 'feed-images'))).toHaveLength(1);
      await expectValidFeeds(other);

      for (const name of ['newer', 'newest', 'latest']) story(name, `2024-02-0${['newer', 'newest', 'latest'].indexOf(name) + 1}`);
      const again = await publishFew();
      expect(again.code, again.stderr).toBe(0);
      expect(entryPages(other)).toEqual([
        ['latest', 'newest', 'newer'],
        ['latest', 'newest', 'newer'],
      ]);
      expect(existsSync(join(other, 'feed-images'))).toBe(false);
      await expectValidFeeds(other);
    });
  });

  it("lists two articles of one date in one order whatever the machine's language (LANG): Swedish sorts ö after z, English before", async () => {
    const named = mkdtempSync(join(tmpdir(), 'editions-collections-lang-'));
    for (const name of ['zebra.md', 'öl.md']) cpSync(join(projectRoot, 'source', 'moscow-syria-opposition-contact.md'), join(named, name));
    const pages = [];
    for (const LANG of ['en_US.UTF-8', 'sv_SE.UTF-8']) {
      const other = mkdtempSync(join(tmpdir(), 'editions-collections-lang-out-'));
      const result = await published(named, other, ['--only', 'html,index'], { LANG, LC_ALL: LANG });
      expect(result.code, result.stderr).toBe(0);
      pages.push(read(other, 'index.html'));
    }
    expect(
      pages[0]
        ?.split('<li id="article-')
        .slice(1)
        .map((entry) => entry.slice(0, entry.indexOf('"'))),
    ).toEqual(['zebra', 'öl']);
    expect(pages[1]).toBe(pages[0]);
  });

  it('with as many articles in each language, the front page and the feeds are in the newest article’s, not the first tag’s (Arabic)', async () => {
    const languages = ['ar', 'de', 'en', 'zh'];
    for (const newest of ['en', 'ar']) {
      const batch = mkdtempSync(join(tmpdir(), 'editions-collections-tie-'));
      for (const [day, lang] of languages.entries()) {
        const date = lang === newest ? '2026-12-09T10:00:00Z' : `2026-12-0${day + 1}T10:00:00Z`;
        writeFileSync(join(batch, `${lang}.md`), `---\ntitle: Story ${lang}\ndate: ${date}\nlang: ${lang}\n---\n\nText.\n`);
      }
      const other = mkdtempSync(join(tmpdir(), 'editions-collections-tie-out-'));
      const result = await published(batch, other, ['--only', 'html,index,feed']);
      expect(result.code, result.stderr).toBe(0);
      expect(read(other, 'index.html')).toMatch(new RegExp(`^<!doctype html><html lang="${newest}"${newest === 'ar' ? ' dir="rtl"' : ''}>`));
      expect(read(other, 'feed.xml')).toContain(`<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${newest}">`);
      expect(JSON.parse(read(other, 'feed.json')).language).toBe(newest);
    }
  });

  it('shows on each front-page entry the masthead’s “Updated” line where it applies, in the entry’s language, its date a <time datetime>, a right-to-left dateline’s Latin credit isolated', async () => {
    const batch = mkdtempSync(join(tmpdir(), 'editions-collections-updated-'));
    const article = (name: string, lines: string) => writeFileSync(join(batch, `${name}.md`), `---\ntitle: ${name}\n${lines}\n---\n\nText.\n`);
    article('updated', 'date: 2026-12-01T09:00:00Z\nupdated: 2026-12-02T17:30:00Z');
    article('corrected', 'date: 2026-11-30\nlang: fr\ncorrections:\n  - date: 2026-12-03\n    text: Le nom était mal orthographié.');
    article('arabic', 'date: 2026-11-29\nupdated: 2026-12-04T10:05:00Z\nlang: ar\ndateline: باريس\ncredit: AFP');
    // An update on the day of a story dated by its day says nothing the date does not: no line, as in its masthead.
    article('same-day', 'date: 2026-11-28\nupdated: 2026-11-28T18:00:00Z');
    article('unchanged', 'date: 2026-11-27');
    const other = mkdtempSync(join(tmpdir(), 'editions-collections-updated-out-'));
    const result = await published(batch, other, ['--only', 'html,index']);
    expect(result.code, result.stderr).toBe(0);
    const entries = Object.fromEntries(
      read(other, 'index.html')
        .split('<li id="article-')
        .slice(1)
        .map((entry) => [entry.slice(0, entry.indexOf('"')), /<p class="dateline">(.*?)<\/p>/.exec(entry)?.[1]]),
    );
    expect(entries.updated).toBe(
      '<time datetime="2026-12-01T09:00:00Z">December 1, 2026</time> · <span class="updated">Updated <time datetime="2026-12-02T17:30:00Z">December 2, 2026 at 5:30 PM UTC</time></span>',
    );
    expect(entries.corrected).toBe(
      '<time datetime="2026-11-30">30 novembre 2026</time> · <span class="updated">Mis à jour le <time datetime="2026-12-03">3 décembre 2026</time></span>',
    );
    expect(entries.arabic).toContain('<span class="updated">آخر تحديث: <time datetime="2026-12-04T10:05:00Z">');
    // Its dateline's Latin credit isolated, as on its page.
    expect(entries.arabic).toMatch(/^<span>باريس \(<span dir="ltr">AFP<\/span>\)<\/span> · <time datetime="2026-11-29">/);
    expect(entries['same-day']).toBe('<time datetime="2026-11-28">November 28, 2026</time>');
    expect(entries.unchanged).toBe('<time datetime="2026-11-27">November 27, 2026</time>');
    // The same line as the article's own page.
    expect(read(other, 'updated.html')).toContain(String(entries.updated).split(' · ')[1]);
  });

  it('an `updated` or correction before `date` (warned of) dates no change: the feeds, the sitemap and the page give the date as its last change, not a time before it went out', async () => {
    const batch = mkdtempSync(join(tmpdir(), 'editions-collections-early-'));
    writeFileSync(join(batch, 'early.md'), '---\ntitle: Early\ndate: 2026-12-02T10:00:00Z\nupdated: 2026-12-01T09:00:00Z\n---\n\nText.\n');
    writeFileSync(
      join(batch, 'corrected.md'),
      '---\ntitle: Corrected\ndate: 2026-12-02T08:00:00Z\ncorrections:\n  - date: 2026-11-30\n    text: A name.\n---\n\nText.\n',
    );
    const other = mkdtempSync(join(tmpdir(), 'editions-collections-early-out-'));
    const result = await published(batch, other, ['--only', 'html,feed,sitemap']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain('updated-before-date');
    expect(result.stderr).toContain('correction-before-date');
    for (const [slug, date] of [
      ['early', '2026-12-02T10:00:00Z'],
      ['corrected', '2026-12-02T08:00:00Z'],
    ]) {
      const atom = read(other, 'feed.xml')
        .split('<entry')
        .find((entry) => entry.includes(`<id>https://news.example/world/${slug}.html</id>`));
      expect(atom).toContain(`<updated>${date}</updated>\n    <published>${date}</published>`);
      const item = JSON.parse(read(other, 'feed.json')).items.find((entry: { id: string }) => entry.id.endsWith(`/${slug}.html`));
      expect([item.date_published, item.date_modified]).toEqual([date, date]);
      expect(read(other, 'sitemap.xml')).toContain(`<loc>https://news.example/world/${slug}.html</loc>\n    <lastmod>${date}</lastmod>`);
      expect(read(other, `${slug}.html`)).toContain(`"dateModified":"${date}"`);
    }
  });

  it('gives an edition under a kilobyte its size in bytes, not "0 kB"', async () => {
    const brief = mkdtempSync(join(tmpdir(), 'editions-collections-brief-'));
    writeFileSync(join(brief, 'brief.md'), '---\ntitle: Brief\ndate: 2024-01-02\n---\n\nOne line.\n');
    const other = mkdtempSync(join(tmpdir(), 'editions-collections-brief-out-'));
    const result = await published(brief, other, ['--only', 'text,index']);
    expect(result.code, result.stderr).toBe(0);
    const bytes = statSync(join(other, 'brief.txt')).size;
    expect(bytes).toBeLessThan(1000);
    expect(read(other, 'index.html')).toContain(`<a href="brief.txt" type="text/plain">Text</a> (${bytes} bytes)`);
  });

  it('--only index makes the index alone, from the manifest, with no article parsed', async () => {
    const other = mkdtempSync(join(tmpdir(), 'editions-collections-only-'));
    cpSync(out, other, { recursive: true });
    rmSync(join(other, 'index.html'));
    rmSync(join(other, 'feed.xml'));
    const result = await published(source, other, ['--only', 'index']);
    expect(result.code).toBe(0);
    expect(result.stdout.trim().split('\n')[0]).toMatch(/^index .*index\.html/);
    expect(read(other, 'index.html')).toBe(read(out, 'index.html'));
    expect(() => statSync(join(other, 'feed.xml'))).toThrow();
  });

  it('publishes a collection renderer defined in a config outside src/: the README example', async () => {
    const example = readFileSync(join(projectRoot, 'examples', 'headlines.config.ts'), 'utf8');
    expect(readFileSync(join(projectRoot, 'README.md'), 'utf8')).toContain(example.trim());
    const other = mkdtempSync(join(tmpdir(), 'editions-headlines-'));
    const result = await publish(['--config', 'examples/headlines.config.ts', '--source', source, '--out', other]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^headlines .*headlines\.txt/m);
    const lines = read(other, 'headlines.txt').split('\n');
    expect(lines.slice(0, 2)).toEqual([
      '2024-05-01  Seven scripts, one article  scripts.html scripts.txt',
      '2024-04-30  The day before  day-before.html day-before.txt',
    ]);
    expect(lines).toHaveLength(6);
    // Selected alone with --only, it is made from the manifest without parsing an article.
    rmSync(join(other, 'headlines.txt'));
    const only = await publish(['--config', 'examples/headlines.config.ts', '--source', source, '--out', other, '--only', 'headlines']);
    expect(only.stdout.trim().split('\n')[0]).toMatch(/^headlines /);
    expect(read(other, 'headlines.txt').split('\n')).toEqual(lines);
    // Forced, it is made again: with the bytes already there it is left as it is, and said to be so, not "up to date".
    const headlines = ['--config', 'examples/headlines.config.ts', '--source', source, '--out', other, '--only', 'headlines'];
    const forced = await publish([...headlines, '--force']);
    expect(forced.code, forced.stderr).toBe(0);
    // The summary speaks of the collection's files alone: "0 editions of 5/5 articles" said nothing of them.
    expect(forced.stdout).toMatch(/^0 collection files written in [\d.]+ s; 1 collection file made again, unchanged$/m);
    // A file changed by hand is not seen by a plain run, and is written again by a forced one.
    writeFileSync(join(other, 'headlines.txt'), 'edited by hand\n');
    expect((await publish(headlines)).stdout).toMatch(/^0 collection files written in [\d.]+ s; 1 collection file up to date$/m);
    const rewritten = await publish([...headlines, '--force']);
    expect(rewritten.stdout).toMatch(/^headlines .*headlines\.txt/m);
    expect(rewritten.stdout).toMatch(/^1 collection file written in [\d.]+ s$/m);
    expect(read(other, 'headlines.txt').split('\n')).toEqual(lines);
  });

  it('lists an article by its metadata as last read, even when only another of its editions was remade', async () => {
    const one = mkdtempSync(join(tmpdir(), 'editions-meta-'));
    const other = mkdtempSync(join(tmpdir(), 'editions-meta-out-'));
    writeFileSync(join(one, 'story.md'), '---\ntitle: First title\ndate: 2024-05-01\n---\n\nBody.\n');
    expect((await published(one, other, ['--only', 'html,text,index'])).code).toBe(0);
    writeFileSync(join(one, 'story.md'), '---\ntitle: Second title\ndate: 2024-05-01\n---\n\nBody.\n');
    expect((await published(one, other, ['--only', 'text'])).code).toBe(0);
    expect((await published(one, other, ['--only', 'index'])).code).toBe(0);
    expect(read(other, 'index.html')).toContain('<a href="story.html">Second title</a>');
    // The HTML edition itself is still the old one: it was not selected.
    expect(read(other, 'story.html')).toContain('First title');
  });

  it("feed() without a title is named after the publisher its articles share, else the collection title in its language: never the newest article's publisher", async () => {
    const source = mkdtempSync(join(tmpdir(), 'editions-feed-title-'));
    const story = (name: string, date: string, publisher?: string) =>
      writeFileSync(join(source, `${name}.md`), `---\ntitle: ${name}\ndate: ${date}\nlang: es\n${publisher ? `publisher: ${publisher}\n` : ''}---\n\nTexto.\n`);
    const titles = async () => {
      const out = mkdtempSync(join(tmpdir(), 'editions-feed-title-out-'));
      const result = await publish(['--config', 'tests/configs/feed-limit.config.ts', '--source', source, '--out', out]);
      expect(result.code, result.stderr).toBe(0);
      const json = JSON.parse(read(out, 'feed.json')) as { title: string; authors: { name: string }[] };
      const atom = /<title>([^<]*)<\/title>/.exec(read(out, 'feed.xml'))?.[1];
      expect(json.authors).toEqual([{ name: json.title }]);
      return [atom, json.title];
    };
    story('older', '2024-05-01', 'Diario del Cable');
    // One without a publisher does not unname the others'.
    story('unsigned', '2024-05-02');
    expect(await titles()).toEqual(['Diario del Cable', 'Diario del Cable']);
    // The newest article of another publisher: the feed's name does not follow it to and fro.
    story('newest', '2024-05-03', 'Agencia Sur');
    expect(await titles()).toEqual(['Artículos', 'Artículos']);
  });

  it('feed() without a baseUrl is a config error placed at the renderer, saying the fix', async () => {
    const result = await publish(['--config', 'tests/configs/feed-without-base-url.config.ts', '--source', source, '--out', mkdtempSync(join(tmpdir(), 'x-'))]);
    expect(result.code).toBe(2);
    const file = join(projectRoot, 'tests', 'configs', 'feed-without-base-url.config.ts');
    // At the renderer in the list: the key it lacks is not written.
    expect(result.stderr).toContain(`${placeOf(file, 'feed()')}: renderers[1] ("feed") needs the address the outputs are published at`);
    expect(result.stderr).toContain("add `baseUrl: 'https://news.example/'` to the config");
  });

  describeWithTools(['vnu', 'chromium'], 'the index page', () => {
    it('lists every article newest first, with headline, dek, byline, date and its editions with their sizes; the Arabic entry in Arabic', () => {
      const page = read(out, 'index.html');
      const entries = page.split('<li id="article-').slice(1);
      expect(entries.map((entry) => entry.slice(0, entry.indexOf('"')))).toEqual(['scripts', 'day-before', 'moscow', 'rtl-arabic', 'undated']);
      const moscow = entries[2] ?? '';
      expect(moscow).toContain('<a href="moscow.html">Moscow wants ‘regular contact’ with Syrian opposition</a>');
      expect(moscow).toContain('<p class="dek">');
      expect(moscow).toContain('<p class="byline">By AFP</p>');
      expect(moscow).toContain('<time datetime="2013-02-02">February 2, 2013</time>');
      const kB = (file: string) => `${(statSync(join(out, file)).size / 1000).toFixed(1).replace(/\.0$/, '')} kB`;
      expect(moscow).toContain(`<a href="moscow.pdf" type="application/pdf">PDF</a> (${kB('moscow.pdf')})`);
      expect(moscow).toContain('<a href="moscow.epub" type="application/epub+zip">EPUB</a>');
      expect(entries[3]).toMatch(/^rtl-arabic" lang="ar" dir="rtl">/);
      expect(entries[3]).toContain('<ul class="editions" lang="en" dir="ltr"');
    });

    it('an article whose file name has a space, "?" and "#": its entry has an id without white space, and every link of the page reaches its file', async () => {
      const named = mkdtempSync(join(tmpdir(), 'editions-collections-named-'));
      cpSync(join(projectRoot, 'source', 'moscow-syria-opposition-contact.md'), join(named, 'Budget vote? #1.md'));
      const namedOut = mkdtempSync(join(tmpdir(), 'editions-collections-named-out-'));
      const result = await published(named, namedOut);
      expect(result.code, result.stderr).toBe(0);
      const page = read(namedOut, 'index.html');
      expect(page).toContain('<li id="article-Budget%20vote?%20#1"');
      const index = pathToFileURL(join(namedOut, 'index.html'));
      const links = [...page.matchAll(/<a href="([^"]+)"/g)].map((match) => match[1] ?? '');
      expect(links.length).toBeGreaterThanOrEqual(4);
      // As a browser follows it: a "?" or "#" left unencoded would end the path there.
      for (const link of links) expect(statSync(new URL(link, index)).isFile(), link).toBe(true);
      const { stderr } = await run('java', ['-jar', vnuJar, '--format', 'json', join(namedOut, 'index.html')]).catch((error) => error);
      expect(JSON.parse(stderr).messages).toEqual([]);
    });

    it('passes the Nu checker with no error or warning', async () => {
      const { stderr } = await run('java', ['-jar', vnuJar, '--also-check-css', '--format', 'json', join(out, 'index.html')]).catch((error) => error);
      expect(JSON.parse(stderr).messages).toEqual([]);
    });

    it('axe-core finds no WCAG 2.2 A/AA or best-practice violation; Chromium loads nothing else and every link opens a file', async () => {
      const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
      const browser = await launchChromium();
      try {
        for (const view of [
          { width: 375, height: 800, colorScheme: 'light' },
          { width: 1280, height: 900, colorScheme: 'dark' },
        ] as const) {
          const context = await browser.newContext({ bypassCSP: true, viewport: view, colorScheme: view.colorScheme });
          const page = await context.newPage();
          const requests: string[] = [];
          page.on('request', (request) => requests.push(request.url()));
          const url = pathToFileURL(join(out, 'index.html')).href;
          await page.goto(url, { waitUntil: 'load' });
          expect(requests).toEqual([url]);
          const links = await page.evaluate(() => {
            const { document } = globalThis as unknown as {
              document: { querySelectorAll(selector: string): ArrayLike<{ getAttribute(name: string): string }> };
            };
            return Array.from(document.querySelectorAll('a'), (link) => link.getAttribute('href'));
          });
          for (const link of links) expect(statSync(join(out, decodeURI(link))).isFile()).toBe(true);
          await page.addScriptTag({ content: axeSource });
          const violations = await page.evaluate(async () => {
            const { axe, document } = globalThis as unknown as {
              axe: { run(context: unknown, options: object): Promise<{ violations: { id: string; nodes: { target: unknown }[] }[] }> };
              document: unknown;
            };
            const tags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];
            const result = await axe.run(document, { runOnly: { type: 'tag', values: tags } });
            return result.violations.map((violation) => ({ id: violation.id, targets: violation.nodes.map((node) => node.target) }));
          });
          await context.close();
          expect(violations, `${view.width}px ${view.colorScheme}`).toEqual([]);
        }
      } finally {
        await browser.close();
      }
    });
  });

  it('a second publish rewrites nothing; a changed title rewrites the collections; a deleted article leaves them', async () => {
    const before = mtimes(out, collectionFiles);
    const again = await published(source, out);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/^0 editions of 5\/5 articles written in [\d.]+ s; 20 editions and 5 collection files up to date$/m);
    expect(mtimes(out, collectionFiles)).toEqual(before);

    const article = join(source, 'day-before.md');
    writeFileSync(article, readFileSync(article, 'utf8').replace('title: The day before', 'title: The eve of May Day'));
    const otherEditions = mtimes(out, ['moscow.pdf', 'rtl-arabic.html']);
    const edited = await published(source, out);
    expect(edited.code).toBe(0);
    expect(mtimes(out, ['moscow.pdf', 'rtl-arabic.html'])).toEqual(otherEditions);
    for (const file of collectionFiles) {
      expect(edited.stdout, file).toContain(file);
      expect(read(out, file), file).toContain('The eve of May Day');
      expect(read(out, file), file).not.toContain('The day before');
    }

    rmSync(join(source, 'undated.md'));
    const deleted = await published(source, out);
    expect(deleted.code).toBe(0);
    for (const file of collectionFiles) expect(read(out, file), file).not.toContain('undated');
    expect(JSON.parse(read(out, 'feed.json')).items).toHaveLength(4);
  });

  it('an --only run that removes a deleted or renamed article’s editions remakes every collection: none links its page', async () => {
    const source = sourceFolder();
    const out = mkdtempSync(join(tmpdir(), 'editions-collections-removed-'));
    expect((await published(source, out, ['--only', 'html,index,feed,sitemap'])).code).toBe(0);
    rmSync(join(source, 'undated.md'));
    const deleted = await published(source, out, ['--only', 'html']);
    expect(deleted.code).toBe(0);
    expect(existsSync(join(out, 'undated.html'))).toBe(false);
    for (const file of collectionFiles) expect(read(out, file), file).not.toContain('undated');

    cpSync(join(source, 'moscow.md'), join(source, 'moscow-talks.md'));
    rmSync(join(source, 'moscow.md'));
    expect((await published(source, out, ['--only', 'html'])).code).toBe(0);
    for (const file of collectionFiles) {
      expect(read(out, file), file).not.toContain('moscow.html');
      expect(read(out, file), file).toContain('moscow-talks.html');
    }
  });
});

describe('two source folders published into one output folder', () => {
  it("the collections list both folders' articles, whichever folder was published last; a deleted article of either leaves them", async () => {
    const out = mkdtempSync(join(tmpdir(), 'editions-collections-two-out-'));
    const wire = mkdtempSync(join(tmpdir(), 'editions-collections-wire-'));
    const drafts = mkdtempSync(join(tmpdir(), 'editions-collections-drafts-'));
    cpSync(join(projectRoot, 'source', 'moscow-syria-opposition-contact.md'), join(wire, 'moscow.md'));
    writeFileSync(join(drafts, 'draft.md'), '---\ntitle: A draft story\ndate: 2024-05-01\n---\n\nDraft body.\n');
    const listed = () => [...new Set([...read(out, 'index.html').matchAll(/<a href="([a-z0-9-]+)\.html"/g)].map((match) => match[1]))].sort();
    const first = await published(wire, out);
    expect(first.code, first.stderr).toBe(0);
    expect(listed()).toEqual(['moscow']);
    for (const folder of [drafts, wire]) {
      const run = await published(folder, out);
      expect(run.code, run.stderr).toBe(0);
      expect(listed(), folder).toEqual(['draft', 'moscow']);
      expect(JSON.parse(read(out, 'feed.json')).items, folder).toHaveLength(2);
    }
    rmSync(join(drafts, 'draft.md'));
    const after = await published(wire, out);
    expect(after.code, after.stderr).toBe(0);
    expect(listed()).toEqual(['moscow']);
  });
});

describe('the feed’s pictures on a republish', () => {
  const orientation = join(fixturesDir, 'jpeg-orientation');
  /** A folder of two pictured articles, the feeds' output folder, and a publish of them with the HTML edition and the feeds. */
  function pictured() {
    const source = mkdtempSync(join(tmpdir(), 'editions-feed-pictures-'));
    const out = mkdtempSync(join(tmpdir(), 'editions-feed-pictures-out-'));
    cpSync(join(fixturesDir, 'html-rtl', 'munich.png'), join(source, 'munich.png'));
    cpSync(join(orientation, 'portrait-6.jpg'), join(source, 'photo.jpg'));
    writeFileSync(join(source, 'hall.md'), '---\ntitle: The hall\ndate: 2024-01-10\n---\n\n![The hall](munich.png)\n');
    writeFileSync(join(source, 'photo.md'), '---\ntitle: The photo\ndate: 2024-01-09\n---\n\n![A red field](photo.jpg)\n');
    const publishPictured = () => publish(['--config', 'tests/configs/feed-limit.config.ts', '--source', source, '--out', out]);
    return { source, out, publishPictured };
  }
  /** The feed's picture files, by name, with the bytes each holds. */
  const feedImages = (out: string) =>
    Object.fromEntries(readdirSync(join(out, 'feed-images')).map((name) => [name, readFileSync(join(out, 'feed-images', name))]));

  it('a picture replaced by other bytes of the same size (its EXIF orientation flipped) is the feed’s new picture', async () => {
    const { source, out, publishPictured } = pictured();
    expect((await publishPictured()).code).toBe(0);
    // A picture touched, its bytes the same, remakes nothing: the collections count its content, not its file's times.
    const feedInput = async () => (await loadManifest(out)).records.get('feed')?.inputHash;
    const input = await feedInput();
    utimesSync(join(source, 'photo.jpg'), new Date(), new Date(Date.now() + 5000));
    expect((await publishPictured()).stdout).toMatch(/^0 editions of 2\/2 articles written in [\d.]+ s; 2 editions and 4 collection files up to date$/m);
    expect(await feedInput()).toBe(input);
    const turned = readFileSync(join(orientation, 'portrait-8.jpg'));
    // The same size, and so the same size of page: only the pictures' hashes tell the two apart.
    expect(turned.byteLength).toBe(statSync(join(source, 'photo.jpg')).size);
    const page = statSync(join(out, 'photo.html')).size;
    writeFileSync(join(source, 'photo.jpg'), turned);
    const again = await publishPictured();
    expect(again.code, again.stderr).toBe(0);
    expect(statSync(join(out, 'photo.html')).size).toBe(page);
    const jpegs = Object.entries(feedImages(out)).filter(([name]) => name.endsWith('.jpg'));
    expect(jpegs.map(([, bytes]) => bytes)).toEqual([turned]);
    expect(read(out, 'feed.xml')).toContain(`feed-images/${jpegs[0]?.[0]}`);
  });

  it('a republish after an edit writes the changed picture only: the others keep their files (inode and time)', async () => {
    const { source, out, publishPictured } = pictured();
    expect((await publishPictured()).code).toBe(0);
    const [hall] = Object.keys(feedImages(out)).filter((name) => name.endsWith('.png'));
    const stamp = (name: string) => {
      const { ino, mtimeMs } = statSync(join(out, 'feed-images', name));
      return { ino, mtimeMs };
    };
    const before = stamp(hall as string);
    writeFileSync(join(source, 'hall.md'), read(source, 'hall.md').replace('title: The hall', 'title: The great hall'));
    const turned = readFileSync(join(orientation, 'portrait-8.jpg'));
    writeFileSync(join(source, 'photo.jpg'), turned);
    const again = await publishPictured();
    expect(again.code, again.stderr).toBe(0);
    expect(read(out, 'feed.xml')).toContain('The great hall');
    expect(stamp(hall as string)).toEqual(before);
    expect(again.stdout).not.toContain(hall);
    // The feeds and the turned photo are written; the hall's picture, made again and already there, is counted apart.
    const [photo] = Object.entries(feedImages(out)).filter(([, bytes]) => bytes.equals(turned));
    expect(again.stdout).toMatch(new RegExp(`^feed .*feed-images/${photo?.[0]}`, 'm'));
    expect(again.stdout).toMatch(/^2 editions of 2\/2 articles and 3 collection files written in [\d.]+ s; 1 collection file made again, unchanged$/m);
  });
});

describe('an article that fails', () => {
  it('stays listed with its last good editions, also when its broken version claims a new slug', async () => {
    const source = mkdtempSync(join(tmpdir(), 'editions-collections-broken-source-'));
    const out = mkdtempSync(join(tmpdir(), 'editions-collections-broken-out-'));
    const story = (front: string) => `---\ntitle: The council votes\n${front}---\n\nThe council voted.\n`;
    writeFileSync(join(source, 'council.md'), story('date: 2024-03-01\n'));
    writeFileSync(join(source, 'other.md'), '---\ntitle: Another story\ndate: 2024-02-01\n---\n\nText.\n');
    const listed = () => [...new Set([...read(out, 'index.html').matchAll(/<a href="([a-z0-9-]+)\.html"/g)].map((match) => match[1]))].sort();
    expect((await published(source, out)).code).toBe(0);
    expect(listed()).toEqual(['council', 'other']);
    for (const front of ['date: 2024-03-32\n', 'date: 2024-03-32\nslug: town-council\n']) {
      writeFileSync(join(source, 'council.md'), story(front));
      const broken = await published(source, out);
      expect(broken.code, front).toBe(1);
      expect(listed(), front).toEqual(['council', 'other']);
      expect(read(out, 'feed.xml'), front).toContain('The council votes');
    }
  });
});

describe('an article whose edition would be a collection renderer’s file, through the CLI', () => {
  // tests/configs/slug-collection-file.config.ts: html({ images: 'beside' }) and text() beside index(), feed() and a "latest"
  // collection renderer writing latest.txt.
  const collectionFileConfig = 'tests/configs/slug-collection-file.config.ts';
  const story = (title: string, date: string, front = '', body = 'Text.') => `---\ntitle: ${title}\ndate: ${date}\n${front}---\n\n${body}\n`;
  const refusal = (file: string, place: string, slug: string, renderer: string, edition: string, collection: string) =>
    new RegExp(
      `${file.replace('.', '\\.')}\\n\\s*${place}\\s+error\\s+Slug "${slug}" would write its ${renderer} edition as "${edition.replace('.', '\\.')}", the file the ${collection} collection renderer writes; ${file.replace('.', '\\.')} is not published\\. Give this article another \`slug\` in its front matter\\s+slug-collection-file`,
    );
  const sources = async (out: string) => [...new Set([...(await loadManifest(out)).manifest.values()].map((entry) => entry.source))].sort();
  const frontPageLinks = (out: string) => [...read(out, 'index.html').matchAll(/<h2[^>]*><a href="([^"]+)"/g)].map((match) => match[1]);

  for (const mode of modeNames) {
    it(`${mode}: it fails alone, at its slug, naming its edition, the collection renderer and the fix; nothing of it is written, the collections are, without it`, async () => {
      const source = mkdtempSync(join(tmpdir(), 'editions-slug-collection-src-'));
      const out = mkdtempSync(join(tmpdir(), 'editions-slug-collection-out-'));
      cpSync(join(projectRoot, 'tests', 'incremental', 'pixel.png'), join(source, 'pixel.png'));
      // The front page's name from its file name, the wire desk's list's from front matter; then names the feed's folder and files take, not its editions.
      writeFileSync(join(source, 'index.md'), story('Front story', '2024-04-09', '', '![A pixel](pixel.png)'));
      writeFileSync(join(source, 'wire.md'), story('Wire story', '2024-04-08', 'slug: latest\n'));
      writeFileSync(join(source, 'feed-images.md'), story('Pictures story', '2024-04-07', '', '![A pixel](pixel.png)'));
      writeFileSync(join(source, 'feed.md'), story('Feed story', '2024-04-06'));
      writeFileSync(join(source, 'other.md'), story('Other story', '2024-04-05'));
      const args = ['--config', collectionFileConfig, '--source', source, '--out', out, ...executionModes[mode]];

      const first = await publish(args);
      expect(first.code, first.stderr).toBe(1);
      expect(first.stderr).toMatch(refusal('index.md', '1:1', 'index', 'html', 'index.html', 'index'));
      expect(first.stderr).toMatch(refusal('wire.md', '4:1', 'latest', 'text', 'latest.txt', 'latest'));
      expect(first.stderr).not.toMatch(/renderer-failed|\n\s+at |\[cause\]/);
      expect(first.stdout).toMatch(/^6 editions of 3\/5 articles and 4 collection files written in [\d.]+ s; 2 articles failed$/m);
      // Nothing of either article, not even a temporary file or its pictures' folder; feed-images/ and the feed's files stand beside the articles named like them.
      expect(readdirSync(out).sort()).toEqual([
        '.editions-manifest.json',
        'feed-images.html',
        'feed-images.images',
        'feed-images.txt',
        'feed.html',
        'feed.json',
        'feed.txt',
        'feed.xml',
        'index.html',
        'latest.txt',
        'other.html',
        'other.txt',
      ]);
      expect(await sources(out)).toEqual(['feed-images.md', 'feed.md', 'other.md']);
      expect(read(out, 'index.html')).not.toMatch(/Front story|Wire story/);
      expect(frontPageLinks(out)).toEqual(['feed-images.html', 'feed.html', 'other.html']);
      expect(read(out, 'latest.txt')).toBe('feed-images\nfeed\nother\n');
      expect(entryPages(out)).toEqual([
        ['feed-images', 'feed', 'other'],
        ['feed-images', 'feed', 'other'],
      ]);
      expect(read(out, 'feed-images.html')).toContain('src="feed-images.images/');

      // A published article that takes the front page's slug: refused in turn, its last good editions left as they are, as a failing article's are.
      const kept = mtimes(out, ['other.html', 'other.txt']);
      writeFileSync(join(source, 'other.md'), story('Other story', '2024-04-05', 'slug: index\n', 'Edited.'));
      const second = await publish(args);
      expect(second.code, second.stderr).toBe(1);
      expect(second.stderr).toMatch(refusal('other.md', '4:1', 'index', 'html', 'index.html', 'index'));
      expect(second.stdout).toMatch(/; 3 articles failed$/m);
      expect(mtimes(out, ['other.html', 'other.txt'])).toEqual(kept);
      expect(read(out, 'other.txt')).not.toContain('Edited.');
      // Left out of the collections, as an article refused for a duplicate slug is; the front page is index()'s.
      expect(frontPageLinks(out)).toEqual(['feed-images.html', 'feed.html']);
      expect(read(out, 'latest.txt')).toBe('feed-images\nfeed\n');
    });
  }
});

describe('a failing collection renderer', () => {
  it('is counted as a failed collection, not an article: the articles are published and counted, and the run fails', async () => {
    const one = mkdtempSync(join(tmpdir(), 'editions-collection-fails-'));
    const outDir = mkdtempSync(join(tmpdir(), 'editions-collection-fails-out-'));
    for (const name of ['first', 'second']) writeFileSync(join(one, `${name}.md`), `---\ntitle: ${name}\ndate: 2024-05-01\n---\n\nBody.\n`);
    const plain: Renderer = { name: 'plain', extension: '.txt', render: (article) => `${article.meta.title}\n` };
    const failing: CollectionRenderer = {
      name: 'list',
      kind: 'collection',
      files: ['list.txt'],
      render: () => {
        throw new Error('out of ink');
      },
    };
    const result = await runPipeline(resolveConfig({ source: one, outDir, renderers: [plain, failing] }));
    expect(result.articles).toBe(2);
    expect(result.failed).toBe(0);
    expect(result.collectionsFailed).toBe(1);
    expect(result.written.map((file) => file.path).sort()).toEqual([join(outDir, 'first.txt'), join(outDir, 'second.txt')]);
    const messages = result.files.flatMap((file) => file.messages.map(({ reason, fatal, cause }) => ({ path: file.path, reason, fatal, cause })));
    expect(messages).toEqual([
      {
        path: join(outDir, 'list.txt'),
        reason: 'The list renderer failed: out of ink; the previous files, if any, are left in place',
        fatal: true,
        cause: undefined,
      },
    ]);
  });

  it('through the CLI: one that returns a path twice fails, in one line naming the path and the fix, counted apart from the article; none of its files is written, the other outputs are', async () => {
    const out = mkdtempSync(join(tmpdir(), 'editions-collection-twice-'));
    const result = await publish(['--config', 'tests/configs/collection-twice.config.ts', '--source', 'source', '--out', out]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /list\.txt\n\s*error\s+The twice renderer failed: it returned "list\.txt" twice; return each file once; the previous files, if any, are left in place\s+renderer-failed/,
    );
    expect(result.stderr).not.toMatch(/\n\s+at |\[cause\]/);
    expect(result.stdout).toMatch(/^1 edition of 1\/1 article and 1 collection file written in [\d.]+ s; 1 collection failed$/m);
    expect(existsSync(join(out, 'list.txt'))).toBe(false);
    expect(read(out, 'count.txt')).toBe('1\n');
    expect(existsSync(join(out, 'moscow-syria-opposition-contact.txt'))).toBe(true);
  });

  it('through the CLI: one that returns something other than a list of { path, bytes } fails, in one line saying what it returned and the fix; the other outputs are written', async () => {
    const out = mkdtempSync(join(tmpdir(), 'editions-collection-wrong-result-'));
    const result = await publish(['--config', 'tests/configs/collection-wrong-result.config.ts', '--source', 'source', '--out', out]);
    expect(result.code).toBe(1);
    const failure = (file: string, reason: string) =>
      new RegExp(`${file}\\n\\s*error\\s+The ${reason}; the previous files, if any, are left in place\\s+renderer-failed`);
    // It had failed with "Cannot read properties of undefined (reading 'split')", and bytes not bytes as a write that blamed the disk.
    expect(result.stderr).toMatch(
      failure('alone\\.txt', `text-alone renderer failed: it returned string; return a list of files, \\[\\{ path: 'alone\\.txt', bytes \\}\\]`),
    );
    expect(result.stderr).toMatch(
      failure(
        'no-bytes\\.txt',
        'no-bytes renderer failed: it returned "no-bytes\\.txt" with bytes that are undefined; return them as a string or a Uint8Array',
      ),
    );
    expect(result.stderr).toMatch(
      failure('number\\.txt', 'number renderer failed: it returned "number\\.txt" with bytes that are number; return them as a string or a Uint8Array'),
    );
    expect(result.stderr).not.toMatch(/write-failed|disk has space|\n\s+at |\[cause\]/);
    expect(result.stdout).toMatch(/^1 edition of 1\/1 article and 1 collection file written in [\d.]+ s; 3 collections failed$/m);
    expect(readdirSync(out).sort()).toEqual(['.editions-manifest.json', 'count.txt', 'moscow-syria-opposition-contact.txt']);
  });

  // tests/configs/collection-async-throw.config.ts: each probe's timer throws, "inflight"'s while it renders, "late"'s after.
  const asyncThrow = (only: string) => {
    const out = mkdtempSync(join(tmpdir(), 'editions-collection-async-throw-'));
    const args = ['--config', 'tests/configs/collection-async-throw.config.ts', '--source', 'source', '--out', out, '--only', `text,steady,${only}`];
    return publish(args).then((result) => ({ result, out }));
  };

  it('through the CLI: a throw of its code outside its promise while it renders fails it, where its code threw; the other outputs are written', async () => {
    const { result, out } = await asyncThrow('inflight');
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /inflight\.txt\n\s*error\s+The inflight renderer failed: it threw outside its promise \(in a callback, or a promise nobody awaited\): the inflight collection probe threw from a timer \(at [^)]+\); the previous files, if any, are left in place\s+renderer-failed/,
    );
    expect(result.stderr, 'where its code threw').toContain(
      `(at ${placeOf(join(projectRoot, 'tests', 'configs', 'collection-async-throw.config.ts'), 'new Error(`the ')});`,
    );
    expect(result.stderr).not.toMatch(/uncaught exception/);
    expect(result.stdout).toMatch(/; 1 collection failed$/m);
    expect(existsSync(join(out, 'inflight.txt'))).toBe(false);
    expect(read(out, 'steady.txt')).toBe('1\n');
  });

  it('through the CLI: a throw of its code after its render settled is reported against it, its files written, and the exit is 1', async () => {
    const { result, out } = await asyncThrow('late');
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /late\.txt: the late collection renderer threw after its render had settled \(its files may be written\): Error: the late collection probe threw from a timer/,
    );
    expect(result.stderr).not.toMatch(/uncaught exception/);
    expect(read(out, 'late.txt')).toBe('late\n');
    expect(read(out, 'steady.txt')).toBe('1\n');
  });
});
