import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Element, Root } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import { toText } from 'hast-util-to-text';
import { visit } from 'unist-util-visit';
import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../src/config/load.js';
import { isBefore } from '../src/renderers/common/dates.js';
import { type HtmlOptions, html } from '../src/renderers/html/index.js';
import { htmlPage } from '../src/renderers/html/page.js';
import type { Article } from '../src/types.js';
import { cases, fixturesDir, projectRoot, publishCase } from './helpers/cases.js';
import { publish } from './helpers/cli.js';
import { readArticleFile } from './helpers/words.js';

function render(article: Article, options: HtmlOptions = {}, baseUrl?: string): Root {
  const page = htmlPage(article, options, { config: resolveConfig({ baseUrl, renderers: [html()] }), warn: () => {} });
  // With the pictures beside it, the page comes with its files: only its text is parsed here.
  return fromHtml(typeof page === 'string' ? page : (page.edition as string));
}

/** Every article of every case, with its published HTML edition parsed. */
const published = cases.flatMap((testCase) =>
  readdirSync(testCase.source)
    .filter((name) => name.endsWith('.md') && name !== 'README.md')
    .map((name) => ({ testCase, article: readArticleFile(join(testCase.source, name)) })),
);

async function publishedPage(entry: (typeof published)[number]): Promise<{ tree: Root; path: string }> {
  const path = (await publishCase(entry.testCase)).files.get(entry.article.slug)?.get('html');
  if (!path) throw new Error(`${entry.testCase.name}: no HTML edition for ${entry.article.slug}`);
  return { tree: fromHtml(readFileSync(path, 'utf8')), path };
}

/** Elements of `tree` with the tag name, in document order, optionally filtered. */
function all(tree: Root | Element, tagName: string, test: (node: Element) => boolean = () => true): Element[] {
  const found: Element[] = [];
  visit(tree, 'element', (node) => {
    if ((tagName === '*' || node.tagName === tagName) && test(node)) found.push(node);
  });
  return found;
}

function metaContent(tree: Root, key: 'name' | 'property', value: string): string[] {
  return all(tree, 'meta', (node) => node.properties[key] === value).map((node) => String(node.properties.content));
}

function jsonLd(tree: Root): Record<string, unknown> {
  const blocks = all(tree, 'script');
  expect(blocks.map((node) => node.properties.type)).toEqual(['application/ld+json']);
  return JSON.parse(toText(blocks[0] as Element));
}

describe('HTML metadata matches the front matter', () => {
  for (const entry of published) {
    it(`${entry.testCase.name}/${entry.article.slug}`, async () => {
      const { meta } = entry.article;
      const { tree } = await publishedPage(entry);
      const root = all(tree, 'html')[0] as Element;
      expect(root.properties.lang).toBe(meta.lang);

      expect(toText(all(tree, 'title')[0] as Element)).toBe(meta.title);
      expect(metaContent(tree, 'name', 'description')).toEqual(meta.description ? [meta.description] : []);
      expect(metaContent(tree, 'property', 'og:type')).toEqual(['article']);
      expect(metaContent(tree, 'property', 'og:title')).toEqual([meta.title]);
      expect(metaContent(tree, 'property', 'og:description')).toEqual(meta.description ? [meta.description] : []);
      expect(metaContent(tree, 'property', 'article:published_time')).toEqual(meta.date ? [meta.date] : []);
      expect(metaContent(tree, 'property', 'article:modified_time')).toEqual(meta.updated || meta.date ? [meta.updated ?? meta.date] : []);
      expect(metaContent(tree, 'property', 'article:author')).toEqual(meta.authors);
      expect(metaContent(tree, 'property', 'article:tag')).toEqual(meta.tags);
      expect(metaContent(tree, 'name', 'twitter:card')).toHaveLength(1);
      expect(metaContent(tree, 'name', 'twitter:title')).toEqual([meta.title]);

      const data = jsonLd(tree);
      expect(data['@context']).toBe('https://schema.org');
      expect(data['@type']).toBe('NewsArticle');
      expect(data.headline).toBe(meta.title);
      expect(data.description).toBe(meta.description);
      expect(data.datePublished).toBe(meta.date);
      expect(data.dateModified).toBe(meta.updated ?? meta.date);
      expect(((data.author as { name: string }[] | undefined) ?? []).map((author) => author.name)).toEqual(meta.authors);
      expect((data.publisher as { name: string } | undefined)?.name).toBe(meta.publisher);
      expect(data.inLanguage).toBe(meta.lang);
      expect(data.keywords ?? []).toEqual(meta.tags);

      // The header: main > article > header with the h1 and, when dated, a machine-readable time.
      const header = all(all(all(tree, 'main')[0] as Element, 'article')[0] as Element, 'header')[0] as Element;
      expect(all(header, 'h1').map((node) => toText(node))).toEqual([meta.title]);
      const times = all(header, 'time');
      // After the date, the update line ("Updated …") when the article was changed since: the date the JSON-LD gives machines.
      const updates = all(header, 'span', (node) => String(node.properties.className) === 'updated');
      expect(updates.length).toBe(meta.updated && (!meta.date || isBefore(meta.date, meta.updated)) ? 1 : 0);
      expect(times.map((node) => node.properties.dateTime)).toEqual([...(meta.date ? [meta.date] : []), ...updates.map(() => data.dateModified)]);
      for (const time of times) expect(toText(time)).not.toContain(meta.date);
    });
  }

  it('prints the date in words in the article language', () => {
    const english = readArticleFile(join(projectRoot, 'source', 'moscow-syria-opposition-contact.md'));
    expect(toText(all(render(english), 'time')[0] as Element)).toBe('February 2, 2013');
    const arabic = readArticleFile(join(fixturesDir, 'html-rtl', 'input.md'));
    expect(toText(all(render(arabic), 'time')[0] as Element)).toMatch(/^[0-9٠-٩]+ فبراير [0-9٠-٩]+$/);
  });

  it('links the canonical address only when a base URL is configured (its own, else the config’s), and uses it in Open Graph and JSON-LD', () => {
    const article = readArticleFile(join(fixturesDir, 'html-rtl', 'input.md'));
    const withBase = render(article, { baseUrl: 'https://news.example/world' });
    const canonical = 'https://news.example/world/rtl-arabic.html';
    expect(all(withBase, 'link', (node) => String(node.properties.rel) === 'canonical').map((node) => node.properties.href)).toEqual([canonical]);
    expect(metaContent(withBase, 'property', 'og:url')).toEqual([canonical]);
    expect(jsonLd(withBase).url).toBe(canonical);
    // The lead image is the first body image: embedded, it has no address of its own and is left out; published beside
    // the page, it is that file's address under the base URL.
    expect(metaContent(withBase, 'property', 'og:image')).toEqual([]);
    expect(jsonLd(withBase).image).toBeUndefined();
    const beside = render(article, { baseUrl: 'https://news.example/world', images: 'beside' });
    const published = /^https:\/\/news\.example\/world\/rtl-arabic\.images\/[0-9a-f]{16}\.png$/;
    expect(metaContent(beside, 'property', 'og:image')).toEqual([expect.stringMatching(published)]);
    expect(jsonLd(beside).image).toEqual(metaContent(beside, 'property', 'og:image'));

    // The config's baseUrl, where the output folder is published, is the pages' unless html() names another.
    const withConfigBase = render(article, {}, 'https://news.example/world/');
    expect(all(withConfigBase, 'link', (node) => String(node.properties.rel) === 'canonical').map((node) => node.properties.href)).toEqual([canonical]);
    const ownBase = render(article, { baseUrl: 'https://mirror.example/' }, 'https://news.example/world/');
    expect(metaContent(ownBase, 'property', 'og:url')).toEqual(['https://mirror.example/rtl-arabic.html']);

    const withoutBase = render(article);
    expect(all(withoutBase, 'link')).toEqual([]);
    expect(metaContent(withoutBase, 'property', 'og:image')).toEqual([]);
  });

  it('publish() with a config object whose baseUrl changes remakes the pages with the new canonical address (default threads)', async () => {
    const { publish, html: page } = (await import(join(projectRoot, 'dist', 'index.js'))) as typeof import('../src/index.js');
    const source = mkdtempSync(join(tmpdir(), 'editions-base-url-'));
    writeFileSync(join(source, 'story.md'), readFileSync(join(fixturesDir, 'lang-en', 'input.md')));
    const outDir = join(source, 'out');
    const canonicalOf = () =>
      all(fromHtml(readFileSync(join(outDir, 'lang-en.html'), 'utf8')), 'link', (node) => String(node.properties.rel) === 'canonical').map(
        (node) => node.properties.href,
      );
    const config = { source, outDir, renderers: [page()], baseUrl: 'https://news.example/world/' };
    await publish(config);
    expect(canonicalOf()).toEqual(['https://news.example/world/lang-en.html']);
    const moved = await publish({ ...config, baseUrl: 'https://news.example/monde/' });
    expect(moved.written).toHaveLength(1);
    expect(canonicalOf()).toEqual(['https://news.example/monde/lang-en.html']);
  }, 60_000);

  it('allows by CSP exactly its JSON-LD block and no other script, frame, font or connection', () => {
    const article = readArticleFile(join(fixturesDir, 'every-block', 'input.md'));
    const tree = render(article);
    const policy = all(tree, 'meta', (node) => String(node.properties.httpEquiv) === 'Content-Security-Policy').map((node) => String(node.properties.content));
    expect(policy).toHaveLength(1);
    const directives = new Map(
      (policy[0] ?? '')
        .split(';')
        .map((directive) => directive.trim().split(/\s+/) as [string, ...string[]])
        .map(([name, ...values]) => [name, values]),
    );
    const hash = createHash('sha256')
      .update(toText(all(tree, 'script')[0] as Element))
      .digest('base64');
    expect(directives.get('default-src')).toEqual(["'none'"]);
    expect(directives.get('script-src')).toEqual([`'sha256-${hash}'`]);
    expect(directives.get('img-src')).toEqual(['data:']);
  });
});

describe('HTML body structure', () => {
  const rtl = readArticleFile(join(fixturesDir, 'html-rtl', 'input.md'));

  it('sets a right-to-left article right to left and isolates its Latin runs', () => {
    const tree = render(rtl);
    expect((all(tree, 'html')[0] as Element).properties.dir).toBe('rtl');
    const ltrRuns = all(tree, 'span', (node) => node.properties.dir === 'ltr').map((node) => toText(node));
    // A number after Latin letters belongs to their run (F-16 set apart from its F read 16-F).
    expect(ltrRuns).toEqual(expect.arrayContaining(['Sergei Lavrov', 'Munich Security Conference', 'F-16', 'Boeing 737 MAX 9', 'G20']));
  });

  it('isolates Arabic and Hebrew runs inside left-to-right text', () => {
    const tree = render(readArticleFile(join(fixturesDir, 'multi-script', 'input.md')));
    expect((all(tree, 'html')[0] as Element).properties.dir).toBeUndefined();
    expect(all(tree, 'span', (node) => node.properties.dir === 'rtl').map((node) => toText(node))).toEqual(expect.arrayContaining(['שלום', 'السلام عليكم']));
  });

  it('embeds local images as data: URIs with their size, in a figure captioned by the title', () => {
    const tree = render(rtl);
    const image = rtl.images.get('munich.png');
    expect(image).toBeDefined();
    const figures = all(tree, 'figure', (node) => all(node, 'img').length > 0);
    expect(figures).toHaveLength(1);
    const img = all(figures[0] as Element, 'img')[0] as Element;
    expect(img.properties.src).toBe(`data:image/png;base64,${Buffer.from(image?.bytes ?? []).toString('base64')}`);
    expect([img.properties.width, img.properties.height]).toEqual([image?.width, image?.height]);
    expect(toText(all(figures[0] as Element, 'figcaption')[0] as Element)).toBe('قاعة مؤتمر ميونيخ للأمن');
  });

  it("keeps a raw picture's width as its author set it, its height in proportion, and gives one without alt text an empty one", () => {
    const tree = render(readArticleFile(join(fixturesDir, 'raw-html-picture', 'input.md')));
    const crests = all(tree, 'img', (node) => String(node.properties.src).startsWith('data:image/png'));
    // crest.png is 160 × 80.
    expect(crests.map((node) => [node.properties.alt, node.properties.width, node.properties.height])).toEqual([
      ["The port authority's crest", 80, 40],
      ['', 160, 80],
    ]);
  });

  it('scopes table headers and makes a table with a Pandoc caption paragraph a captioned figure', () => {
    const tree = render(rtl);
    const captioned = all(tree, 'figure', (node) => all(node, 'table').length > 0);
    // The table in the box that scrolls it sideways on a narrow screen, then its caption.
    expect(captioned.map((figure) => figure.children.filter((child) => child.type === 'element').map((child) => (child as Element).tagName))).toEqual([
      ['div', 'figcaption'],
    ]);
    expect(all(captioned[0] as Element, 'div')[0]?.children.map((child) => (child as Element).tagName)).toEqual(['table']);
    expect(toText(all(captioned[0] as Element, 'figcaption')[0] as Element)).toBe('حصيلة القتلى يوم السبت.');
    const headers = all(tree, 'th');
    expect(headers.length).toBeGreaterThan(0);
    for (const header of headers) expect(header.properties.scope).toBe('col');
    expect(all(render(readArticleFile(join(fixturesDir, 'pandoc-pipe-tables', 'input.md'))), 'th', (node) => toText(node).trim() === '')).toEqual([]);
    // Raw tables: the author's scopes kept; a first row of header cells without a thead heads the columns, as the PDF tags it.
    const raw = all(render(readArticleFile(join(fixturesDir, 'raw-html-table', 'input.md'))), 'th');
    expect(raw.map((cell) => [toText(cell).trim(), cell.properties.scope])).toEqual([
      ['District', 'col'],
      ['Turnout', 'col'],
      ['Northgate borough', 'row'],
      ['Riverside ward', 'row'],
      ['Polling station', 'col'],
      ['Voters', 'col'],
    ]);
  });

  it('gives headings the ids GitHub gives them, so a table of contents links to its sections (heading-links)', () => {
    const tree = render(readArticleFile(join(fixturesDir, 'heading-links', 'input.md')));
    const ids = new Set(all(tree, '*', (node) => typeof node.properties.id === 'string').map((node) => String(node.properties.id)));
    const fragments = all(tree, 'a', (node) => String(node.properties.href).startsWith('#')).map((node) =>
      decodeURIComponent(String(node.properties.href).slice(1)),
    );
    expect(fragments).toHaveLength(7);
    for (const fragment of fragments) expect(ids, fragment).toContain(fragment);
    expect(all(tree, 'h2').map((node) => node.properties.id)).toEqual([
      'background',
      'the-vote',
      'results-by-region',
      'results-by-region-1',
      'what-comes-next',
      '北京的反应',
    ]);
  });

  it('makes footnotes a section named by its heading, each note linking back', () => {
    const tree = render(rtl);
    const section = all(tree, 'section', (node) => 'dataFootnotes' in node.properties)[0] as Element;
    const heading = all(section, 'h2')[0] as Element;
    expect(section.properties.ariaLabelledBy).toEqual([heading.properties.id]);
    const backLinks = all(section, 'a', (node) => 'dataFootnoteBackref' in node.properties);
    expect(backLinks).toHaveLength(1);
    const target = String(backLinks[0]?.properties.href).slice(1);
    expect(all(tree, '*', (node) => node.properties.id === target)).toHaveLength(1);
  });
});

describe('heading ids, through the compiled CLI', () => {
  it('leave a footnote reference out, so a link written from the heading’s words finds it', async () => {
    const source = mkdtempSync(join(tmpdir(), 'editions-heading-note-'));
    const body =
      'Voir [la section](#un-titre-avec-une-note).\n\n## Un titre avec une note[^b]\n\nTexte[^a].\n\n## Un titre avec une note\n\n[^a]: Première.\n[^b]: Deuxième.\n';
    writeFileSync(join(source, 'fire.md'), `---\ntitle: Feu\nlang: fr\n---\n\n${body}`);
    const out = mkdtempSync(join(tmpdir(), 'editions-heading-note-out-'));
    const result = await publish(['--source', source, '--out', out, '--only', 'html']);
    expect(result.code, result.stderr).toBe(0);
    const tree = fromHtml(readFileSync(join(out, 'fire.html'), 'utf8'));
    expect(all(tree, 'h2').map((node) => node.properties.id)).toEqual(['un-titre-avec-une-note', 'un-titre-avec-une-note-1', 'footnote-label']);
  }, 60_000);
});

describe('the boxes that scroll sideways, through the compiled CLI', () => {
  it('each takes focus as a region named in the article’s language, code blocks and tables numbered apart, so every name on a page is its own', async () => {
    const source = mkdtempSync(join(tmpdir(), 'editions-scrolling-'));
    writeFileSync(join(source, 'wide-code.md'), readFileSync(join(fixturesDir, 'wide-code', 'input.md')));
    const block = '```\nnode dist/cli.js --config examples/newsroom.config.ts --source source --out outputs\n```\n';
    const table = '| District | Turnout |\n|---|---|\n| Northgate | 61 % |\n';
    writeFileSync(join(source, 'code.md'), `---\ntitle: Publier\nlang: fr\n---\n\n${block}\n${table}\n${block}`);
    writeFileSync(join(source, 'persian.md'), `---\ntitle: انتشار\nlang: fa\n---\n\n${block}`);
    const out = mkdtempSync(join(tmpdir(), 'editions-scrolling-out-'));
    const result = await publish(['--source', source, '--out', out, '--only', 'html']);
    expect(result.code, result.stderr).toBe(0);
    const focusable = (page: string) =>
      all(fromHtml(readFileSync(join(out, page), 'utf8')), '*', (node) => node.properties.tabIndex !== undefined).map((node) => [
        node.tagName,
        node.properties.tabIndex,
        node.properties.role,
        node.properties.ariaLabel,
      ]);
    expect(focusable('wide-code.html')).toEqual([1, 2, 3, 4].map((number) => ['pre', 0, 'region', `Code block ${number}`]));
    expect(focusable('code.html')).toEqual([
      ['pre', 0, 'region', 'Bloc de code 1'],
      ['div', 0, 'region', 'Tableau 1'],
      ['pre', 0, 'region', 'Bloc de code 2'],
    ]);
    expect(focusable('persian.html')).toEqual([['pre', 0, 'region', 'بلوک کد ۱']]);
  }, 60_000);
});

describe('hostile raw HTML', () => {
  const hostile = readArticleFile(join(fixturesDir, 'html-hostile', 'input.md'));
  const tree = render(hostile);
  const elements = all(tree, '*');

  it('carries no script but the JSON-LD block, no frame, object, embed or form', () => {
    expect(all(tree, 'script').map((node) => node.properties.type)).toEqual(['application/ld+json']);
    expect(all(tree, 'style')).toHaveLength(1);
    const forbidden = new Set(['iframe', 'frame', 'object', 'embed', 'form', 'applet', 'base', 'link', 'svg', 'math']);
    expect(elements.filter((node) => forbidden.has(node.tagName)).map((node) => node.tagName)).toEqual([]);
  });

  it('carries no event handler attribute and no javascript:, vbscript: or data: address', () => {
    for (const node of elements) {
      for (const [name, value] of Object.entries(node.properties)) {
        expect(name, `${node.tagName}[${name}]`).not.toMatch(/^on/i);
        if (node.tagName === 'img' && name === 'src') continue;
        expect(String(value).replace(/\s/g, ''), `${node.tagName}[${name}]`).not.toMatch(/^(javascript|vbscript|data):/i);
      }
    }
  });

  it('keeps the text inside the hostile markup', () => {
    const text = toText(tree);
    for (const phrase of [
      'handler text that survives',
      'Text in a div with an onload handler survives.',
      'Object fallback text survives.',
      'javascript link text',
      'vbscript link text',
      'data link text',
      'a Markdown javascript link',
      'button text survives',
      'closing text survives.',
      'Unclosed div text survives.',
      'cell text survives',
      'The last paragraph survives too.',
    ]) {
      expect(text.replace(/\s+/g, ' ')).toContain(phrase);
    }
  });
});
