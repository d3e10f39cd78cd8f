import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { DOMParser } from '@xmldom/xmldom';
import { Ajv } from 'ajv';
import formats from 'ajv-formats';
import type { Element } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import { toText } from 'hast-util-to-text';
import { visit } from 'unist-util-visit';
import { beforeAll, describe, expect, it } from 'vitest';
import { shardOf } from '../src/publish/manifest.js';
import { labelTables } from '../src/renderers/common/labels.js';
import { fixturesDir, projectRoot } from './helpers/cases.js';
import { type CliRun, executionModes, publish, publishUnderStrace } from './helpers/cli.js';
import { describeWithTools, run, vnuJar } from './helpers/tools.js';
import { isVnuDataImageBug, type VnuMessage } from './helpers/validators.js';

const config = 'tests/configs/translations.config.ts';
const schemas = join(projectRoot, 'tests', 'schemas');
const xhtml = 'http://www.w3.org/1999/xhtml';
const site = 'https://news.example/world/';

/** One story in English, French and Arabic sharing a `translationKey` (the French and Arabic with one photo), and an unrelated story. */
function sourceFolder(): string {
  const source = mkdtempSync(join(tmpdir(), 'editions-translations-'));
  cpSync(join(fixturesDir, 'html-rtl', 'munich.png'), join(source, 'munich.png'));
  const story = (name: string, title: string, date: string, lang: string, body: string, key: string | null = 'munich-talks') =>
    writeFileSync(join(source, `${name}.md`), `---\ntitle: ${title}\ndate: ${date}\nlang: ${lang}\n${key ? `translationKey: ${key}\n` : ''}---\n\n${body}\n`);
  story('talks', 'Talks open in Munich', '2024-05-01T08:00:00Z', 'en', 'The talks opened on Saturday.');
  story(
    'pourparlers',
    'Les pourparlers s’ouvrent à Munich',
    '2024-05-01T09:00:00Z',
    'fr',
    'Les pourparlers se sont ouverts samedi.\n\n![La salle](munich.png)',
  );
  story('muhadathat', 'افتتاح المحادثات في ميونيخ', '2024-05-01T10:00:00Z', 'ar', 'افتُتحت المحادثات يوم السبت.\n\n![القاعة](munich.png)');
  story('markets', 'Markets close higher', '2024-04-30', 'en', 'Markets closed higher.', null);
  return source;
}

const read = (out: string, file: string) => readFileSync(join(out, file), 'utf8');

/** Each sitemap URL's page, with the versions its xhtml:link elements name (hreflang and page) and their rel. */
function sitemapVersions(out: string): Map<string, { hreflang: string; page: string; rel: string }[]> {
  const document = new DOMParser().parseFromString(read(out, 'sitemap.xml'), 'text/xml');
  const versions = new Map<string, { hreflang: string; page: string; rel: string }[]>();
  for (const url of Array.from(document.getElementsByTagName('url'))) {
    const loc = url.getElementsByTagName('loc')[0]?.textContent ?? '';
    const links = Array.from(url.getElementsByTagNameNS(xhtml, 'link'), (link) => ({
      hreflang: link.getAttribute('hreflang') ?? '',
      page: (link.getAttribute('href') ?? '').replace(site, ''),
      rel: link.getAttribute('rel') ?? '',
    }));
    versions.set(loc.replace(site, ''), links);
  }
  return versions;
}

/** The versions an article's page names in its head (`<link rel="alternate" hreflang>`), as "hreflang href". */
function pageVersions(out: string, file: string): string[] {
  const tree = fromHtml(read(out, file));
  const links: string[] = [];
  visit(tree, 'element', (node: Element, _index, parent) => {
    const inHead = parent?.type === 'element' && parent.tagName === 'head';
    if (node.tagName === 'link' && (node.properties.rel as string[] | undefined)?.includes('alternate') && node.properties.hrefLang !== undefined) {
      expect(inHead, `${file}: a link by hreflang outside the head`).toBe(true);
      links.push(`${node.properties.hrefLang} ${node.properties.href}`);
    }
  });
  return links;
}

/** The language of a page, as its html element says. */
function pageLanguage(out: string, file: string): unknown {
  return (fromHtml(read(out, file)).children.find((node) => node.type === 'element') as Element | undefined)?.properties.lang;
}

/** The article editions a run wrote, by file name, sorted (the collections' files left out): the CLI prints a line for each file it writes. */
function writtenEditions(run: CliRun): string[] {
  return [...run.stdout.matchAll(/^(html|text|pdf|epub) +[\d.]+ [kM]?B +\d+ ms +(\S+)$/gm)].map((match) => basename(match[2] ?? '')).sort();
}

/** Each entry of an index page: its id, and its translation links (hreflang, lang, href, text) with the paragraph's text. */
function indexEntries(out: string, file: string) {
  const tree = fromHtml(read(out, file));
  const entries: { id: string; lead?: string; links: { hreflang: unknown; lang: unknown; href: unknown; text: string }[] }[] = [];
  visit(tree, 'element', (node: Element) => {
    if (node.tagName !== 'li' || !String(node.properties.id ?? '').startsWith('article-')) return;
    const found: (typeof entries)[number] = { id: String(node.properties.id).slice('article-'.length), links: [] };
    visit(node, 'element', (child: Element) => {
      if (child.tagName !== 'p' || !(child.properties.className as string[] | undefined)?.includes('translations')) return;
      found.lead = toText(child);
      for (const link of child.children)
        if (link.type === 'element' && link.tagName === 'a')
          found.links.push({ hreflang: link.properties.hrefLang, lang: link.properties.lang, href: link.properties.href, text: toText(link) });
    });
    entries.push(found);
  });
  return { lang: (tree.children.find((node) => node.type === 'element') as Element | undefined)?.properties.lang, entries };
}

/** The page each entry of a feed carries, Atom's then JSON Feed's, after the feeds are checked against their schemas. */
async function feedPages(out: string, stem: string): Promise<[string[], string[]]> {
  const { stderr } = await run('xmllint', ['--noout', '--relaxng', join(schemas, 'atom.rng'), join(out, `${stem}.xml`)]);
  expect(stderr).toContain('validates');
  const ajv = new Ajv({ allErrors: true, strictRequired: false });
  formats.default(ajv);
  const validate = ajv.compile(JSON.parse(readFileSync(join(schemas, 'jsonfeed-1.1.schema.json'), 'utf8')));
  const json = JSON.parse(read(out, `${stem}.json`));
  expect(validate(json), JSON.stringify(validate.errors)).toBe(true);
  const atom = [...read(out, `${stem}.xml`).matchAll(/<entry[^>]*>\n {4}<id>https:\/\/news\.example\/world\/([^<]+)<\/id>/g)].map((match) => match[1] ?? '');
  return [atom, (json.items as { id: string }[]).map((item) => item.id.replace(site, ''))];
}

const modes = { default: executionModes.default, 'one thread (--jobs 1)': executionModes['one thread (--jobs 1)'] };

describeWithTools(['xmllint', 'vnu'], 'one story in three languages, linked by its translationKey', () => {
  for (const [mode, flags] of Object.entries(modes)) {
    describe(mode, () => {
      let source: string;
      let out: string;
      beforeAll(async () => {
        source = sourceFolder();
        out = mkdtempSync(join(tmpdir(), 'editions-translations-out-'));
        const result = await publish(['--config', config, '--source', source, '--out', out, ...flags]);
        expect(result.code, result.stderr).toBe(0);
        expect(`${result.stdout}${result.stderr}`).not.toContain('warning');
      });

      it('the sitemap is valid, with the xhtml namespace; each version lists every version, itself included, by its lang; the unrelated story none', async () => {
        const { stderr } = await run('xmllint', ['--noout', '--schema', join(schemas, 'sitemap.xsd'), join(out, 'sitemap.xml')]);
        expect(stderr).toContain('validates');
        expect(read(out, 'sitemap.xml')).toMatch(/<urlset [^>]*xmlns:xhtml="http:\/\/www\.w3\.org\/1999\/xhtml"/);
        const versions = sitemapVersions(out);
        const all = [
          { hreflang: 'ar', page: 'muhadathat.html', rel: 'alternate' },
          { hreflang: 'en', page: 'talks.html', rel: 'alternate' },
          { hreflang: 'fr', page: 'pourparlers.html', rel: 'alternate' },
        ];
        for (const page of ['talks.html', 'pourparlers.html', 'muhadathat.html']) expect(versions.get(page), page).toEqual(all);
        expect(versions.get('markets.html')).toEqual([]);
      });

      it('each version’s page names every version in its head, itself included, by its lang and absolute address; the unrelated story’s none; the Nu checker accepts them', async () => {
        const every = [`ar ${site}muhadathat.html`, `en ${site}talks.html`, `fr ${site}pourparlers.html`];
        for (const page of ['talks.html', 'pourparlers.html', 'muhadathat.html']) expect(pageVersions(out, page), page).toEqual(every);
        expect(pageVersions(out, 'markets.html')).toEqual([]);
        // Each address is its version's page, in the language its hreflang says.
        for (const link of every) {
          const [hreflang, href] = link.split(' ') as [string, string];
          expect(existsSync(join(out, href.slice(site.length))), href).toBe(true);
          expect(pageLanguage(out, href.slice(site.length))).toBe(hreflang);
        }
        const pages = ['talks.html', 'pourparlers.html', 'muhadathat.html', 'markets.html'].map((file) => join(out, file));
        const { stderr } = await run('java', ['-jar', vnuJar, '--also-check-css', '--format', 'json', ...pages]).catch((error) => error);
        // The checker's data: image report is its own bug (see isVnuDataImageBug); its other infos are no error or warning.
        const messages = (JSON.parse(stderr).messages as VnuMessage[]).filter(
          (message) => (message.type === 'error' || message.subType === 'warning' || message.type === 'non-document-error') && !isVnuDataImageBug(message),
        );
        expect(messages).toEqual([]);
      });

      it('the front page links each version’s entry to the others by their own names, with lang and hreflang, after "Also in:"', () => {
        const { entries } = indexEntries(out, 'index.html');
        expect(entries.map((entry) => entry.id)).toEqual(['muhadathat', 'pourparlers', 'talks', 'markets']);
        const link = (lang: string, href: string, text: string) => ({ hreflang: lang, lang, href, text });
        const [arabic, english, french] = [
          link('ar', 'muhadathat.html', 'العربية'),
          link('en', 'talks.html', 'English'),
          link('fr', 'pourparlers.html', 'Français'),
        ];
        expect(entries.find((entry) => entry.id === 'talks')?.links).toEqual([arabic, french]);
        expect(entries.find((entry) => entry.id === 'pourparlers')?.links).toEqual([arabic, english]);
        expect(entries.find((entry) => entry.id === 'muhadathat')?.links).toEqual([english, french]);
        expect(entries.find((entry) => entry.id === 'talks')?.lead).toBe('Also in: العربية · Français');
        expect(entries.find((entry) => entry.id === 'markets')?.lead).toBeUndefined();
      });

      it('index({ lang }) lists only that language’s articles, on a page in it, still linking the other versions', () => {
        const french = indexEntries(out, 'index-fr.html');
        expect(french.lang).toBe('fr');
        expect(french.entries.map((entry) => entry.id)).toEqual(['pourparlers']);
        expect(french.entries[0]?.lead).toBe(`${String(labelTables.fr.alsoIn).replace('{languages}', '')}العربية · English`);
        const arabic = indexEntries(out, 'index-ar.html');
        expect(arabic.lang).toBe('ar');
        expect(read(out, 'index-ar.html')).toMatch(/<html lang="ar" dir="rtl">/);
        expect(arabic.entries.map((entry) => entry.id)).toEqual(['muhadathat']);
        expect(arabic.entries[0]?.links.map((item) => item.text)).toEqual(['English', 'Français']);
      });

      it('every index page passes the Nu checker with no error or warning', async () => {
        const pages = ['index.html', 'index-fr.html', 'index-ar.html'].map((file) => join(out, file));
        const { stderr } = await run('java', ['-jar', vnuJar, '--also-check-css', '--format', 'json', ...pages]).catch((error) => error);
        expect(JSON.parse(stderr).messages).toEqual([]);
      });

      it('feed({ lang }) carries only that language’s articles, in valid Atom and JSON Feed; the plain feed all of them', async () => {
        expect(await feedPages(out, 'feed-fr')).toEqual([['pourparlers.html'], ['pourparlers.html']]);
        const every = ['muhadathat.html', 'pourparlers.html', 'talks.html', 'markets.html'];
        expect(await feedPages(out, 'feed')).toEqual([every, every]);
        expect(read(out, 'feed-fr.xml')).toContain(`<link rel="self" type="application/atom+xml" href="${site}feed-fr.xml"/>`);
        expect(JSON.parse(read(out, 'feed-fr.json')).feed_url).toBe(`${site}feed-fr.json`);
        expect(read(out, 'feed-fr.xml')).toContain(`<id>${site}feed-fr.xml</id>`);
        // Its page is the French front page, which index({ lang: 'fr' }) makes; the plain feed's is the site's.
        expect(read(out, 'feed-fr.xml')).toContain(`<link rel="alternate" type="text/html" href="${site}index-fr.html"/>`);
        expect(JSON.parse(read(out, 'feed-fr.json')).home_page_url).toBe(`${site}index-fr.html`);
        expect(read(out, 'feed.xml')).toContain(`<link rel="alternate" type="text/html" href="${site}"/>`);
        expect(JSON.parse(read(out, 'feed.json')).home_page_url).toBe(site);
        // Its own pictures' folder: each feed removes the pictures it no longer carries.
        expect(read(out, 'feed-fr.xml')).toMatch(new RegExp(`src=&quot;${site}feed-fr-images/[0-9a-f]{16}\\.png&quot;`));
      });

      it('each Atom entry of a story links its other versions by hreflang (the language feed’s too); an unrelated story none', () => {
        const versionLinks = (stem: string) =>
          Object.fromEntries(
            [...read(out, `${stem}.xml`).matchAll(/<entry[^>]*>\n {4}<id>[^<]*\/([^/<]+)<\/id>([\s\S]*?)<\/entry>/g)].map((match) => [
              match[1],
              [...(match[2] ?? '').matchAll(/<link rel="alternate" type="text\/html" hreflang="([^"]+)" href="([^"]+)"\/>/g)].map(
                (link) => `${link[1]} ${(link[2] ?? '').replace(site, '')}`,
              ),
            ]),
          );
        expect(versionLinks('feed')).toEqual({
          'muhadathat.html': ['en talks.html', 'fr pourparlers.html'],
          'pourparlers.html': ['ar muhadathat.html', 'en talks.html'],
          'talks.html': ['ar muhadathat.html', 'fr pourparlers.html'],
          'markets.html': [],
        });
        expect(versionLinks('feed-fr')).toEqual({ 'pourparlers.html': ['ar muhadathat.html', 'en talks.html'] });
        // The JSON Feed's items carry them in an extension object (JSON Feed 1.1's `_` names), as Atom's entries do.
        const jsonVersions = (stem: string) =>
          Object.fromEntries(
            (JSON.parse(read(out, `${stem}.json`)).items as { id: string; _editions?: { versions: { language: string; url: string }[] } }[]).map((item) => [
              item.id.replace(site, ''),
              (item._editions?.versions ?? []).map((version) => `${version.language} ${version.url.replace(site, '')}`),
            ]),
          );
        expect(jsonVersions('feed')).toEqual(versionLinks('feed'));
        expect(jsonVersions('feed-fr')).toEqual(versionLinks('feed-fr'));
      });

      it('a fourth version remakes the collections and its versions’ pages, which list it; not their other editions, nor the unrelated story’s page', async () => {
        writeFileSync(
          join(source, 'gespraeche.md'),
          '---\ntitle: Gespräche in München eröffnet\ndate: 2024-05-01T11:00:00Z\nlang: de\ntranslationKey: munich-talks\n---\n\nDie Gespräche begannen am Samstag.\n',
        );
        const again = await publish(['--config', config, '--source', source, '--out', out, ...flags]);
        expect(again.code, again.stderr).toBe(0);
        for (const file of ['index.html', 'index-fr.html', 'sitemap.xml', 'feed.xml'])
          expect(again.stdout, file).toMatch(new RegExp(`/${file.replace('.', '\\.')}$`, 'm'));
        expect(writtenEditions(again)).toEqual(['gespraeche.html', 'gespraeche.txt', 'muhadathat.html', 'pourparlers.html', 'talks.html']);
        const every = ['ar muhadathat.html', 'de gespraeche.html', 'en talks.html', 'fr pourparlers.html'].map((link) => link.replace(' ', ` ${site}`));
        for (const page of ['talks.html', 'pourparlers.html', 'muhadathat.html', 'gespraeche.html']) expect(pageVersions(out, page), page).toEqual(every);
        expect(
          sitemapVersions(out)
            .get('talks.html')
            ?.map((link) => link.hreflang),
        ).toEqual(['ar', 'de', 'en', 'fr']);
        expect(indexEntries(out, 'index-fr.html').entries[0]?.links.map((link) => link.text)).toEqual(['العربية', 'Deutsch', 'English']);
        // --only index is made from the manifest, which keeps each article's translationKey.
        const page = read(out, 'index.html');
        rmSync(join(out, 'index.html'));
        const only = await publish(['--config', config, '--source', source, '--out', out, '--only', 'index', ...flags]);
        expect(only.code, only.stderr).toBe(0);
        expect(read(out, 'index.html')).toBe(page);
      });

      it('a version re-slugged, given another lang or removed remakes its versions’ pages, which list it as it is now; an unchanged republish remakes nothing', async () => {
        const again = async () => {
          const result = await publish(['--config', config, '--source', source, '--out', out, ...flags]);
          expect(result.code, result.stderr).toBe(0);
          return writtenEditions(result);
        };
        const talks = read(source, 'talks.md');
        writeFileSync(join(source, 'talks.md'), talks.replace('lang: en\n', 'lang: en\nslug: talks-en\n'));
        expect(await again()).toEqual(['gespraeche.html', 'muhadathat.html', 'pourparlers.html', 'talks-en.html', 'talks-en.txt']);
        expect(existsSync(join(out, 'talks.html'))).toBe(false);
        const links = (...versions: string[]) => versions.map((link) => link.replace(' ', ` ${site}`));
        expect(pageVersions(out, 'pourparlers.html')).toEqual(links('ar muhadathat.html', 'de gespraeche.html', 'en talks-en.html', 'fr pourparlers.html'));

        writeFileSync(join(source, 'gespraeche.md'), read(source, 'gespraeche.md').replace('lang: de\n', 'lang: de-CH\n'));
        expect(await again()).toEqual(['gespraeche.html', 'gespraeche.txt', 'muhadathat.html', 'pourparlers.html', 'talks-en.html']);
        expect(pageVersions(out, 'talks-en.html')).toEqual(links('ar muhadathat.html', 'de-CH gespraeche.html', 'en talks-en.html', 'fr pourparlers.html'));

        rmSync(join(source, 'gespraeche.md'));
        expect(await again()).toEqual(['muhadathat.html', 'pourparlers.html', 'talks-en.html']);
        const three = links('ar muhadathat.html', 'en talks-en.html', 'fr pourparlers.html');
        for (const page of ['talks-en.html', 'pourparlers.html', 'muhadathat.html']) expect(pageVersions(out, page), page).toEqual(three);

        expect(await again()).toEqual([]);
        expect(pageVersions(out, 'markets.html')).toEqual([]);
      });

      it('a version whose front matter is in error is named as last published, whose page stays; mended, nothing is remade', async () => {
        const french = read(source, 'pourparlers.md');
        writeFileSync(join(source, 'pourparlers.md'), french.replace('date: 2024-05-01T09:00:00Z', 'date: 2024-13-01'));
        const failed = await publish(['--config', config, '--source', source, '--out', out, ...flags]);
        expect(failed.code).toBe(1);
        expect(failed.stderr).toMatch(/pourparlers\.md\n\s*3:7\s+error\s+Front matter `date`/);
        expect(writtenEditions(failed)).toEqual([]);
        expect(pageVersions(out, 'talks-en.html')).toContain(`fr ${site}pourparlers.html`);
        writeFileSync(join(source, 'pourparlers.md'), french);
        const mended = await publish(['--config', config, '--source', source, '--out', out, ...flags]);
        expect(mended.code, mended.stderr).toBe(0);
        expect(writtenEditions(mended)).toEqual([]);
      });
    });
  }
});

describe('a story whose versions fall in different shards', () => {
  const shardArgs = (source: string, out: string, shard?: string) => [
    '--config',
    config,
    '--source',
    source,
    '--out',
    out,
    ...(shard ? ['--shard', shard] : []),
  ];

  it('a shard’s pages name another shard’s versions once that shard has published them; shards published in turn, twice, leave the full publish nothing to do', async () => {
    const source = sourceFolder();
    const out = mkdtempSync(join(tmpdir(), 'editions-translations-shards-'));
    expect(['talks.md', 'pourparlers.md', 'muhadathat.md'].map((name) => shardOf(name, 2))).toEqual([2, 1, 1]);
    for (const shard of ['1/2', '2/2']) {
      const result = await publish(shardArgs(source, out, shard));
      expect(result.code, result.stderr).toBe(0);
    }
    const every = [`ar ${site}muhadathat.html`, `en ${site}talks.html`, `fr ${site}pourparlers.html`];
    // The first shard's pages were made before the English version was published: they name what was.
    for (const page of ['pourparlers.html', 'muhadathat.html'])
      expect(pageVersions(out, page), page).toEqual([`ar ${site}muhadathat.html`, `fr ${site}pourparlers.html`]);
    expect(pageVersions(out, 'talks.html')).toEqual(every);
    const again = await publish(shardArgs(source, out, '1/2'));
    expect(writtenEditions(again)).toEqual(['muhadathat.html', 'pourparlers.html']);
    for (const page of ['talks.html', 'pourparlers.html', 'muhadathat.html']) expect(pageVersions(out, page), page).toEqual(every);
    const full = await publish(shardArgs(source, out));
    expect(full.code, full.stderr).toBe(0);
    expect(writtenEditions(full)).toEqual([]);
    expect(full.stdout).toMatch(/^0 editions of 4\/4 articles/m);
  });

  it('a new version that fails in its shard is named by no page of another shard, published before or after it; mended, the next publish of each shard names it', async () => {
    const source = sourceFolder();
    const out = mkdtempSync(join(tmpdir(), 'editions-translations-shards-failing-'));
    const german = '---\ntitle: Gespräche eröffnet\ndate: 2024-05-01T11:00:00Z\nlang: de\ntranslationKey: munich-talks\n---\n\n';
    expect(shardOf('deutsch.md', 2)).toBe(2);
    writeFileSync(join(source, 'deutsch.md'), Buffer.concat([Buffer.from(german), Buffer.from([0x44, 0x69, 0xff, 0x65, 0x0a])]));
    for (const shard of ['1/2', '2/2', '1/2', '2/2']) {
      const result = await publish(shardArgs(source, out, shard));
      expect(result.code, `${shard}: ${result.stderr}`).toBe(shard === '2/2' ? 1 : 0);
      for (const page of ['talks.html', 'pourparlers.html', 'muhadathat.html'].filter((file) => existsSync(join(out, file)))) {
        for (const link of pageVersions(out, page))
          expect(existsSync(join(out, link.slice(link.indexOf(site) + site.length))), `${shard}: ${page}: ${link}`).toBe(true);
      }
    }
    expect(existsSync(join(out, 'deutsch.html'))).toBe(false);
    const three = [`ar ${site}muhadathat.html`, `en ${site}talks.html`, `fr ${site}pourparlers.html`];
    for (const page of ['talks.html', 'pourparlers.html', 'muhadathat.html']) expect(pageVersions(out, page), page).toEqual(three);
    writeFileSync(join(source, 'deutsch.md'), `${german}Die Gespräche begannen.\n`);
    for (const shard of ['2/2', '1/2']) expect((await publish(shardArgs(source, out, shard))).code).toBe(0);
    const four = [`ar ${site}muhadathat.html`, `de ${site}deutsch.html`, `en ${site}talks.html`, `fr ${site}pourparlers.html`];
    for (const page of ['talks.html', 'pourparlers.html', 'muhadathat.html', 'deutsch.html']) expect(pageVersions(out, page), page).toEqual(four);
    expect(writtenEditions(await publish(shardArgs(source, out)))).toEqual([]);
  });
});

/**
 * Two desks' source folders publishing into one output folder: the French desk's story (`pourparlers.md`), and the English
 * desk's version of it (`talks.md`) beside its Arabic one (`muhadathat.md`) and an unrelated story.
 */
function desks(): { french: string; english: string } {
  const french = mkdtempSync(join(tmpdir(), 'editions-translations-fr-'));
  const english = sourceFolder();
  rmSync(join(english, 'pourparlers.md'));
  cpSync(join(fixturesDir, 'html-rtl', 'munich.png'), join(french, 'munich.png'));
  writeFileSync(
    join(french, 'pourparlers.md'),
    '---\ntitle: Les pourparlers s’ouvrent à Munich\ndate: 2024-05-01T09:00:00Z\nlang: fr\ntranslationKey: munich-talks\n---\n\nLes pourparlers se sont ouverts samedi.\n\n![La salle](munich.png)\n',
  );
  return { french, english };
}

describe('a story whose versions are in two source folders publishing into one output folder', () => {
  for (const [mode, flags] of Object.entries(modes)) {
    it(`${mode}: each folder’s pages name the other’s published versions, made again by the publish of either folder that publishes or removes one; never a page that is not there`, async () => {
      const { french, english } = desks();
      const out = mkdtempSync(join(tmpdir(), 'editions-translations-desks-'));
      const publishDesk = async (source: string, code = 0) => {
        const result = await publish(['--config', config, '--source', source, '--out', out, ...flags]);
        expect(result.code, result.stderr).toBe(code);
        return writtenEditions(result);
      };
      const links = (...versions: string[]) => versions.map((link) => link.replace(' ', ` ${site}`));
      const three = links('ar muhadathat.html', 'en talks.html', 'fr pourparlers.html');
      /** Every page of the story names these versions, and every page it names is there. */
      const named = (pages: string[], versions: string[]) => {
        for (const page of pages) {
          expect(pageVersions(out, page), page).toEqual(versions);
          for (const link of versions) expect(existsSync(join(out, link.slice(link.indexOf(site) + site.length))), `${page}: ${link}`).toBe(true);
        }
      };

      expect(await publishDesk(french)).toEqual(['pourparlers.html', 'pourparlers.txt']);
      expect(pageVersions(out, 'pourparlers.html')).toEqual([]);
      // The English desk publishes its versions: its pages name the French one, and the French page is made again naming them.
      expect(await publishDesk(english)).toEqual([
        'markets.html',
        'markets.txt',
        'muhadathat.html',
        'muhadathat.txt',
        'pourparlers.html',
        'talks.html',
        'talks.txt',
      ]);
      named(['talks.html', 'muhadathat.html', 'pourparlers.html'], three);
      expect(indexEntries(out, 'index-fr.html').entries[0]?.links.map((link) => link.href)).toEqual(['muhadathat.html', 'talks.html']);
      expect(await publishDesk(french)).toEqual([]);
      expect(await publishDesk(english)).toEqual([]);

      // An English version given an embargo is pulled back: no page names it, the other folder's included.
      const talks = read(english, 'talks.md');
      writeFileSync(join(english, 'talks.md'), talks.replace('lang: en\n', 'lang: en\nembargo: 2099-01-01T00:00:00Z\n'));
      expect(await publishDesk(english)).toEqual(['muhadathat.html', 'pourparlers.html']);
      expect(existsSync(join(out, 'talks.html'))).toBe(false);
      named(['muhadathat.html', 'pourparlers.html'], links('ar muhadathat.html', 'fr pourparlers.html'));
      expect(await publishDesk(french)).toEqual([]);

      // A new version that fails (a body that is not UTF-8) is named by no page, in either folder's publish.
      writeFileSync(join(english, 'talks.md'), Buffer.concat([Buffer.from(talks), Buffer.from([0xff, 0x0a])]));
      expect(await publishDesk(english, 1)).toEqual([]);
      expect(await publishDesk(french)).toEqual([]);
      named(['muhadathat.html', 'pourparlers.html'], links('ar muhadathat.html', 'fr pourparlers.html'));

      // Mended, it is published, and named by the French page too; deleted, its page goes, and no page names it.
      writeFileSync(join(english, 'talks.md'), talks);
      expect(await publishDesk(english)).toEqual(['muhadathat.html', 'pourparlers.html', 'talks.html', 'talks.txt']);
      named(['talks.html', 'muhadathat.html', 'pourparlers.html'], three);
      rmSync(join(english, 'talks.md'));
      expect(await publishDesk(english)).toEqual(['muhadathat.html', 'pourparlers.html']);
      named(['muhadathat.html', 'pourparlers.html'], links('ar muhadathat.html', 'fr pourparlers.html'));

      // The French version deleted, and its folder published: the English page names no other version.
      rmSync(join(french, 'pourparlers.md'));
      expect(await publishDesk(french)).toEqual(['muhadathat.html']);
      expect(pageVersions(out, 'muhadathat.html')).toEqual([]);
      expect(await publishDesk(english)).toEqual([]);
    });
  }
});

/** The versions each JSON Feed item names in `_editions` (language and page), by the item's page. */
function jsonFeedVersions(out: string): Map<string, string[]> {
  const items = JSON.parse(read(out, 'feed.json')).items as { id: string; _editions?: { versions: { language: string; url: string }[] } }[];
  return new Map(
    items.map((item) => [item.id.replace(site, ''), (item._editions?.versions ?? []).map(({ language, url }) => `${language} ${url.replace(site, '')}`)]),
  );
}

describe('a new version that fails is named by no page until it publishes', () => {
  const german = '---\ntitle: Gespräche in München eröffnet\ndate: 2024-05-01T11:00:00Z\nlang: de\ntranslationKey: munich-talks\n---\n\n';
  const three = [`ar ${site}muhadathat.html`, `en ${site}talks.html`, `fr ${site}pourparlers.html`];
  const four = [`ar ${site}muhadathat.html`, `de ${site}gespraeche.html`, `en ${site}talks.html`, `fr ${site}pourparlers.html`];
  /** The pages, the sitemap and the JSON Feed name the three versions published, and not the German one. */
  const namedWithoutGerman = (out: string) => {
    expect(existsSync(join(out, 'gespraeche.html'))).toBe(false);
    for (const page of ['talks.html', 'pourparlers.html', 'muhadathat.html']) {
      expect(pageVersions(out, page), page).toEqual(three);
      expect(
        sitemapVersions(out)
          .get(page)
          ?.map((link) => `${link.hreflang} ${link.page}`),
        page,
      ).toEqual(['ar muhadathat.html', 'en talks.html', 'fr pourparlers.html']);
      expect(jsonFeedVersions(out).get(page)?.join(), page).not.toContain('gespraeche');
    }
  };

  it('a body that is not UTF-8, added to a published story: its versions’ pages stay as they were, in every run until it is mended; mended, they name it', async () => {
    const source = sourceFolder();
    const out = mkdtempSync(join(tmpdir(), 'editions-translations-failing-'));
    const args = ['--config', config, '--source', source, '--out', out];
    expect((await publish(args)).code).toBe(0);
    writeFileSync(join(source, 'gespraeche.md'), Buffer.concat([Buffer.from(german), Buffer.from([0x44, 0x69, 0xff, 0x65]), Buffer.from('\n')]));
    for (const run of ['failed', 'again']) {
      const failed = await publish(args);
      expect(failed.code, run).toBe(1);
      expect(failed.stderr, run).toMatch(/gespraeche\.md\n\s*8:3\s+error\s+Invalid UTF-8/);
      expect(writtenEditions(failed), run).toEqual([]);
      namedWithoutGerman(out);
    }
    writeFileSync(join(source, 'gespraeche.md'), `${german}Die Gespräche begannen am Samstag.\n`);
    const mended = await publish(args);
    expect(mended.code, mended.stderr).toBe(0);
    expect(writtenEditions(mended)).toEqual(['gespraeche.html', 'gespraeche.txt', 'muhadathat.html', 'pourparlers.html', 'talks.html']);
    for (const page of ['talks.html', 'pourparlers.html', 'muhadathat.html', 'gespraeche.html']) expect(pageVersions(out, page), page).toEqual(four);
    expect(jsonFeedVersions(out).get('talks.html')).toEqual(['ar muhadathat.html', 'de gespraeche.html', 'fr pourparlers.html']);
    expect((await publish(args)).stdout).toMatch(/^0 editions of 5\/5 articles/m);
  });

  it('valid front matter and a binary body, in a story’s first publish: the other versions’ pages never name it; mended, they do', async () => {
    const source = sourceFolder();
    writeFileSync(join(source, 'gespraeche.md'), `${german}Die Gespräche\0 begannen.\n`);
    const out = mkdtempSync(join(tmpdir(), 'editions-translations-binary-'));
    const args = ['--config', config, '--source', source, '--out', out];
    const failed = await publish(args);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toMatch(/gespraeche\.md\n\s*8:14\s+error\s+The file contains a NUL byte/);
    namedWithoutGerman(out);
    writeFileSync(join(source, 'gespraeche.md'), `${german}Die Gespräche begannen.\n`);
    const mended = await publish(args);
    expect(mended.code, mended.stderr).toBe(0);
    expect(writtenEditions(mended)).toEqual(['gespraeche.html', 'gespraeche.txt', 'muhadathat.html', 'pourparlers.html', 'talks.html']);
    for (const page of ['talks.html', 'pourparlers.html', 'muhadathat.html', 'gespraeche.html']) expect(pageVersions(out, page), page).toEqual(four);
  });
});

/** The files a run of the compiled CLI opened or changed, as strace saw its system calls (every thread). */
async function fileCalls(args: readonly string[]): Promise<{ run: CliRun; calls: string[] }> {
  const log = join(mkdtempSync(join(tmpdir(), 'editions-strace-')), 'calls.txt');
  const calls = 'open,openat,creat,rename,renameat,renameat2,unlink,unlinkat,mkdir,mkdirat,rmdir,truncate,link,linkat,symlink,symlinkat';
  const run = await publishUnderStrace(log, calls, args);
  return { run, calls: readFileSync(log, 'utf8').split('\n') };
}

describeWithTools(['strace'], 'one story’s versions in every edition, without baseUrl, in a worker pool (--jobs 2)', () => {
  it('the pages link the versions by relative addresses; a new version remakes only its versions’ pages; an unchanged republish reads no article and writes nothing', async () => {
    const source = sourceFolder();
    const out = mkdtempSync(join(tmpdir(), 'editions-translations-editions-'));
    // The project's config: HTML, PDF, EPUB and text, and no baseUrl.
    const args = ['--source', source, '--out', out, '--jobs', '2'];
    const first = await publish(args);
    expect(first.code, first.stderr).toBe(0);
    const stories = ['muhadathat', 'pourparlers', 'talks', 'markets'];
    expect(writtenEditions(first)).toEqual(stories.flatMap((slug) => ['epub', 'html', 'pdf', 'txt'].map((extension) => `${slug}.${extension}`)).sort());
    for (const page of ['talks.html', 'pourparlers.html', 'muhadathat.html'])
      expect(pageVersions(out, page), page).toEqual(['ar muhadathat.html', 'en talks.html', 'fr pourparlers.html']);

    const unchanged = await fileCalls(args);
    expect(unchanged.run.code, unchanged.run.stderr).toBe(0);
    expect(unchanged.run.stdout).toMatch(/^0 editions of 4\/4 articles written .*; 16 editions up to date/m);
    expect(
      unchanged.calls.filter((call) => /^\d+\s+open(at)?\(/.test(call) && call.includes(`"${source}/`)),
      'article files opened',
    ).toEqual([]);
    const changed = unchanged.calls.filter(
      (call) => call.includes(`"${out}`) && (/^\d+\s+open(at)?\(.*O_(WRONLY|RDWR|CREAT)/.test(call) || !/^\d+\s+open(at)?\(/.test(call)),
    );
    expect(changed, 'output folder changed').toEqual([]);

    writeFileSync(
      join(source, 'gespraeche.md'),
      '---\ntitle: Gespräche eröffnet\ndate: 2024-05-01T11:00:00Z\nlang: de\ntranslationKey: munich-talks\n---\n\nDie Gespräche begannen.\n',
    );
    const added = await publish(args);
    expect(added.code, added.stderr).toBe(0);
    expect(writtenEditions(added)).toEqual([
      'gespraeche.epub',
      'gespraeche.html',
      'gespraeche.pdf',
      'gespraeche.txt',
      'muhadathat.html',
      'pourparlers.html',
      'talks.html',
    ]);
    for (const page of ['talks.html', 'pourparlers.html', 'muhadathat.html', 'gespraeche.html'])
      expect(pageVersions(out, page), page).toEqual(['ar muhadathat.html', 'de gespraeche.html', 'en talks.html', 'fr pourparlers.html']);
  });
});

describe('translationKey in front matter', () => {
  it('a value that is not a string is an error at its value; the other articles are published', async () => {
    const source = sourceFolder();
    writeFileSync(join(source, 'listed.md'), '---\ntitle: Listed\nlang: en\ntranslationKey: [munich, talks]\n---\n\nBody.\n');
    const out = mkdtempSync(join(tmpdir(), 'editions-translations-bad-'));
    const result = await publish(['--config', config, '--source', source, '--out', out, '--only', 'html,index']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/listed\.md\n\s*4:17\s+error\s+Front matter `translationKey` must be a string\s+invalid-translationKey/);
    expect(indexEntries(out, 'index.html').entries.map((entry) => entry.id)).toEqual(['muhadathat', 'pourparlers', 'talks', 'markets']);
  });

  it('two versions in one language: both published, a warning at the second one’s key naming the first, in every run', async () => {
    const source = sourceFolder();
    writeFileSync(join(source, 'update.md'), '---\ntitle: Talks open, again\nlang: en\ndate: 2024-04-29\ntranslationKey: munich-talks\n---\n\nBody.\n');
    const out = mkdtempSync(join(tmpdir(), 'editions-translations-twice-'));
    const warning =
      /update\.md\n\s*5:1\s+warning\s+Translation key "munich-talks" has a version in `en` already, talks\.md: both are published.*duplicate-translation/;
    for (const run of ['first', 'again']) {
      const result = await publish(['--config', config, '--source', source, '--out', out, '--only', 'html,index']);
      expect(result.code, run).toBe(0);
      expect(result.stderr, run).toMatch(warning);
      expect(result.stderr.match(/duplicate-translation/g), run).toHaveLength(1);
    }
    expect(indexEntries(out, 'index.html').entries.map((entry) => entry.id)).toContain('update');
  });

  it('two versions in one language in different shards: the warning a full publish gives, at the same place, from the later one’s shard', async () => {
    const source = sourceFolder();
    writeFileSync(join(source, 'urgent.md'), '---\ntitle: Talks open, again\nlang: en\ndate: 2024-04-29\ntranslationKey: munich-talks\n---\n\nBody.\n');
    expect([shardOf('talks.md', 2), shardOf('urgent.md', 2)]).toEqual([2, 1]);
    const warning =
      /urgent\.md\n\s*5:1\s+warning\s+Translation key "munich-talks" has a version in `en` already, talks\.md: both are published.*duplicate-translation/;
    const full = await publish(['--config', config, '--source', source, '--out', mkdtempSync(join(tmpdir(), 'editions-translations-twice-full-'))]);
    expect(full.code, full.stderr).toBe(0);
    expect(full.stderr).toMatch(warning);
    const out = mkdtempSync(join(tmpdir(), 'editions-translations-twice-shards-'));
    const [first, second] = [
      await publish(['--config', config, '--source', source, '--out', out, '--shard', '1/2']),
      await publish(['--config', config, '--source', source, '--out', out, '--shard', '2/2']),
    ];
    expect([first?.code, second?.code]).toEqual([0, 0]);
    expect(first?.stderr).toMatch(warning);
    expect(first?.stderr.match(/duplicate-translation/g)).toHaveLength(1);
    expect(second?.stderr).not.toContain('duplicate-translation');
  });
});
