import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../src/config/load.js';
import { loadManifest, shardOf } from '../src/publish/manifest.js';
import { runPipeline } from '../src/publish/pipeline.js';
import type { CollectionRenderer, Renderer } from '../src/types.js';
import { projectRoot } from './helpers/cases.js';
import { type CliRun, publish, publishUnderStrace } from './helpers/cli.js';
import { describeWithTools } from './helpers/tools.js';

/** A cheap renderer that records each render, so tests see what was rebuilt. */
function counting(version = '1'): Renderer & { rendered: string[] } {
  const rendered: string[] = [];
  return {
    name: 'count',
    extension: '.count',
    version,
    rendered,
    render: (article) => {
      rendered.push(article.slug);
      return `${article.meta.title}\n`;
    },
  };
}

function sourceWith(count: number): string {
  const source = mkdtempSync(join(tmpdir(), 'editions-incremental-src-'));
  for (let index = 1; index <= count; index++) writeFileSync(join(source, `article-${index}.md`), `---\ntitle: Article ${index}\n---\n\nBody ${index}.\n`);
  return source;
}

/** A renderer that writes a file beside each edition, in `<slug>.images/`, as the HTML edition does with its images. */
const withImage: Renderer = {
  name: 'page',
  extension: '.page',
  render: (article) => ({
    edition: `${article.meta.title}\n`,
    beside: [{ path: `${article.slug}.images/picture.txt`, bytes: new TextEncoder().encode('picture') }],
  }),
};

/** A collection renderer that lists the articles' slugs and their editions. */
const listing: CollectionRenderer = {
  name: 'list',
  kind: 'collection',
  files: ['list.txt'],
  render: (collection) => [
    {
      path: 'list.txt',
      bytes: collection.articles.map((article) => `${article.slug}: ${article.editions.map((edition) => edition.path).join(' ')}\n`).join(''),
    },
  ],
};

/** The manifest's edition files of each article, by its file name. */
async function editionsBySource(outDir: string): Promise<Record<string, string[]>> {
  const bySource: Record<string, string[]> = {};
  for (const [file, entry] of (await loadManifest(outDir)).manifest) bySource[entry.source] = [...(bySource[entry.source] ?? []), file].sort();
  return bySource;
}

const editions = (outDir: string) =>
  readdirSync(outDir)
    .filter((name) => !name.startsWith('.'))
    .sort();

describe('incremental publishing', () => {
  it('skips unchanged editions, remakes changed ones, and remakes all with force', async () => {
    const source = sourceWith(5);
    const outDir = mkdtempSync(join(tmpdir(), 'editions-incremental-out-'));
    const renderer = counting();
    const config = resolveConfig({ source, outDir, renderers: [renderer] });

    expect((await runPipeline(config)).written).toHaveLength(5);
    const second = await runPipeline(config);
    expect(second.written).toHaveLength(0);
    expect(second.skipped).toBe(5);

    writeFileSync(join(source, 'article-3.md'), '---\ntitle: Article 3, revised\n---\n\nBody 3.\n');
    renderer.rendered.length = 0;
    const third = await runPipeline(config);
    expect(renderer.rendered).toEqual(['article-3']);
    expect(third.skipped).toBe(4);
    expect(readFileSync(join(outDir, 'article-3.count'), 'utf8')).toBe('Article 3, revised\n');

    renderer.rendered.length = 0;
    expect((await runPipeline(config, { force: true })).written).toHaveLength(5);
    expect(renderer.rendered).toHaveLength(5);
  });

  it('remakes every edition when the renderer version changes, and an edition whose file was deleted', async () => {
    const source = sourceWith(3);
    const outDir = mkdtempSync(join(tmpdir(), 'editions-incremental-out-'));
    await runPipeline(resolveConfig({ source, outDir, renderers: [counting('1')] }));
    const upgraded = counting('2');
    expect((await runPipeline(resolveConfig({ source, outDir, renderers: [upgraded] }))).written).toHaveLength(3);
    rmSync(join(outDir, 'article-2.count'));
    upgraded.rendered.length = 0;
    await runPipeline(resolveConfig({ source, outDir, renderers: [upgraded] }));
    expect(upgraded.rendered).toEqual(['article-2']);
  });

  it('remakes an article when one of its images changes', async () => {
    const source = sourceWith(2);
    cpSync(join(projectRoot, 'tests', 'incremental', 'pixel.png'), join(source, 'pixel.png'));
    writeFileSync(join(source, 'article-1.md'), '---\ntitle: With an image\n---\n\n![A pixel](pixel.png)\n');
    const outDir = mkdtempSync(join(tmpdir(), 'editions-incremental-out-'));
    const renderer = counting();
    const config = resolveConfig({ source, outDir, renderers: [renderer] });
    await runPipeline(config);
    renderer.rendered.length = 0;
    const png = readFileSync(join(source, 'pixel.png'));
    png[png.length - 13] = (png[png.length - 13] ?? 0) ^ 1; // a byte of the IEND chunk's CRC: still a PNG, different bytes
    writeFileSync(join(source, 'pixel.png'), png);
    await runPipeline(config);
    expect(renderer.rendered).toEqual(['article-1']);
  });

  it('remakes an article once a missing image is added or a refused one is mended, and not before', async () => {
    const source = sourceWith(2);
    writeFileSync(join(source, 'article-1.md'), '---\ntitle: With images\n---\n\n![A pixel](pixel.png)\n\n![Another](other.png)\n\n![Linked](linked.png)\n');
    writeFileSync(join(source, 'other.png'), 'not a picture');
    symlinkSync(join(projectRoot, 'tests', 'incremental', 'pixel.png'), join(source, 'linked.png'));
    const outDir = mkdtempSync(join(tmpdir(), 'editions-incremental-out-'));
    const renderer = counting();
    const config = resolveConfig({ source, outDir, renderers: [renderer] });
    const first = await runPipeline(config);
    const imageRules = (result: Awaited<ReturnType<typeof runPipeline>>) =>
      result.files.flatMap((file) => file.messages.map((message) => message.ruleId)).filter((rule) => rule?.startsWith('image-'));
    expect(imageRules(first)).toEqual(['image-missing', 'image-unsupported', 'image-outside-source']);
    renderer.rendered.length = 0;
    await runPipeline(config);
    expect(renderer.rendered, 'nothing changed: the refused images are as they were').toEqual([]);
    cpSync(join(projectRoot, 'tests', 'incremental', 'pixel.png'), join(source, 'pixel.png'));
    await runPipeline(config);
    expect(renderer.rendered, 'the missing image was added').toEqual(['article-1']);
    renderer.rendered.length = 0;
    await runPipeline(config);
    expect(renderer.rendered).toEqual([]);
    cpSync(join(projectRoot, 'tests', 'incremental', 'pixel.png'), join(source, 'other.png'));
    await runPipeline(config);
    expect(renderer.rendered, 'the unreadable image was exported again').toEqual(['article-1']);
    renderer.rendered.length = 0;
    // As the warning asks: the picture the symlink pointed out of the source folder to, copied in its place.
    rmSync(join(source, 'linked.png'));
    cpSync(join(projectRoot, 'tests', 'incremental', 'pixel.png'), join(source, 'linked.png'));
    const mended = await runPipeline(config);
    expect(renderer.rendered, 'the picture was copied into the source folder').toEqual(['article-1']);
    expect(imageRules(mended)).toEqual([]);
  });

  it('removes the editions of a deleted article, and only those', async () => {
    const source = sourceWith(3);
    const outDir = mkdtempSync(join(tmpdir(), 'editions-incremental-out-'));
    writeFileSync(join(outDir, 'notes.count'), 'not ours\n');
    const config = resolveConfig({ source, outDir, renderers: [counting()] });
    await runPipeline(config);
    rmSync(join(source, 'article-2.md'));
    const result = await runPipeline(config);
    expect(result.removed).toEqual([join(outDir, 'article-2.count')]);
    expect(editions(outDir)).toEqual(['article-1.count', 'article-3.count', 'notes.count']);
  });

  it('removes the editions an article left under its old slug, with their files beside them, once it publishes under its new one', async () => {
    const source = sourceWith(2);
    const outDir = mkdtempSync(join(tmpdir(), 'editions-incremental-out-'));
    const config = resolveConfig({ source, outDir, renderers: [counting(), withImage, listing] });
    writeFileSync(join(source, 'article-1.md'), '---\ntitle: Harbour\nslug: harbour\n---\n\nText.\n');
    await runPipeline(config);
    expect(editions(outDir)).toEqual(['article-2.count', 'article-2.images', 'article-2.page', 'harbour.count', 'harbour.images', 'harbour.page', 'list.txt']);

    writeFileSync(join(source, 'article-1.md'), '---\ntitle: Harbour\nslug: a-harbour\n---\n\nText.\n');
    const renamed = await runPipeline(config);
    expect(renamed.failed).toBe(0);
    expect([...renamed.removed].sort()).toEqual([join(outDir, 'harbour.count'), join(outDir, 'harbour.page')]);
    expect(editions(outDir)).toEqual([
      'a-harbour.count',
      'a-harbour.images',
      'a-harbour.page',
      'article-2.count',
      'article-2.images',
      'article-2.page',
      'list.txt',
    ]);
    expect(await editionsBySource(outDir)).toEqual({
      'article-1.md': ['a-harbour.count', 'a-harbour.page'],
      'article-2.md': ['article-2.count', 'article-2.page'],
    });
    expect(readFileSync(join(outDir, 'list.txt'), 'utf8').split('\n').sort()).toEqual([
      '',
      'a-harbour: a-harbour.count a-harbour.page',
      'article-2: article-2.count article-2.page',
    ]);

    // The slug from the file name: the renamed file publishes under its new name, and the old name's editions go.
    renameSync(join(source, 'article-2.md'), join(source, 'second.md'));
    const moved = await runPipeline(config);
    expect([...moved.removed].sort()).toEqual([join(outDir, 'article-2.count'), join(outDir, 'article-2.page')]);
    expect(editions(outDir)).toEqual(['a-harbour.count', 'a-harbour.images', 'a-harbour.page', 'list.txt', 'second.count', 'second.images', 'second.page']);
    expect(readFileSync(join(outDir, 'list.txt'), 'utf8')).not.toContain('article-2');
  });

  it('keeps beside an edition exactly the files it refers to: a replaced image goes, a deleted article’s folder goes, a user’s own file stays', async () => {
    const source = sourceWith(2);
    const outDir = mkdtempSync(join(tmpdir(), 'editions-incremental-out-'));
    // The picture is named by the title, as the HTML edition names an image by its content.
    const titledImage: Renderer = {
      name: 'page',
      extension: '.page',
      render: (article) => ({
        edition: `${article.meta.title}\n`,
        beside: [{ path: `${article.slug}.images/${article.meta.title.replaceAll(' ', '-')}.txt`, bytes: new TextEncoder().encode('picture') }],
      }),
    };
    const config = resolveConfig({ source, outDir, renderers: [titledImage] });
    await runPipeline(config);
    writeFileSync(join(outDir, 'article-2.images', 'notes.txt'), 'the user’s own\n');
    for (const index of [1, 2]) writeFileSync(join(source, `article-${index}.md`), `---\ntitle: Replaced ${index}\n---\n\nBody.\n`);
    await runPipeline(config);
    expect(readdirSync(join(outDir, 'article-1.images'))).toEqual(['Replaced-1.txt']);
    expect(readdirSync(join(outDir, 'article-2.images')).sort()).toEqual(['Replaced-2.txt', 'notes.txt']);

    for (const index of [1, 2]) rmSync(join(source, `article-${index}.md`));
    await runPipeline(config);
    expect(editions(outDir)).toEqual(['article-2.images']);
    expect(readdirSync(join(outDir, 'article-2.images'))).toEqual(['notes.txt']);
  });

  it('refuses a file beside an edition in the output folder itself or in another article’s images folder: the other article’s editions are never replaced, nor removed later', async () => {
    const source = sourceWith(2);
    const outDir = mkdtempSync(join(tmpdir(), 'editions-incremental-out-'));
    const aiming = (path: string): Renderer => ({
      name: 'attachment',
      extension: '.att',
      render: (article) => (article.slug === 'article-1' ? { edition: 'one\n', beside: [{ path, bytes: new TextEncoder().encode('OVERWRITTEN') }] } : 'two\n'),
    });
    for (const path of ['article-2.page', 'article-2.images/picture.txt']) {
      const result = await runPipeline(resolveConfig({ source, outDir, renderers: [aiming(path), withImage] }));
      const refusal = result.files.flatMap((file) => file.messages).find((message) => message.ruleId === 'renderer-failed');
      expect(refusal?.reason).toContain(`asked to write "${path}" beside "article-1"`);
      expect(readFileSync(join(outDir, 'article-2.page'), 'utf8')).toBe('Article 2\n');
      expect(readFileSync(join(outDir, 'article-2.images', 'picture.txt'), 'utf8')).toBe('picture');
    }
    // A renderer that stops asking removes nothing of article-2's.
    await runPipeline(resolveConfig({ source, outDir, renderers: [aiming('article-1.files/note.txt'), withImage] }), { force: true });
    expect(readFileSync(join(outDir, 'article-2.page'), 'utf8')).toBe('Article 2\n');
    expect(readFileSync(join(outDir, 'article-2.images', 'picture.txt'), 'utf8')).toBe('picture');
    expect(readFileSync(join(outDir, 'article-1.files', 'note.txt'), 'utf8')).toBe('OVERWRITTEN');
  });

  it('keeps an article’s last good editions while the version with its new slug fails, and removes them once it publishes', async () => {
    const source = sourceWith(1);
    const outDir = mkdtempSync(join(tmpdir(), 'editions-incremental-out-'));
    const config = resolveConfig({ source, outDir, renderers: [counting()] });
    await runPipeline(config);
    writeFileSync(join(source, 'article-1.md'), '---\ntitle: Broken\nslug: broken\ndate: 2013-02-31\n---\n\nText.\n');
    const broken = await runPipeline(config);
    expect(broken.failed).toBe(1);
    expect(broken.removed).toEqual([]);
    expect(editions(outDir)).toEqual(['article-1.count']);
    writeFileSync(join(source, 'article-1.md'), '---\ntitle: Mended\nslug: broken\ndate: 2013-02-28\n---\n\nText.\n');
    const mended = await runPipeline(config);
    expect(mended.removed).toEqual([join(outDir, 'article-1.count')]);
    expect(editions(outDir)).toEqual(['broken.count']);
  });

  it('with --only, removes every edition of an old slug, those of the renderers not run too', async () => {
    const source = sourceWith(2);
    const outDir = mkdtempSync(join(tmpdir(), 'editions-incremental-out-'));
    const config = resolveConfig({ source, outDir, renderers: [counting(), withImage] });
    await runPipeline(config);
    writeFileSync(join(source, 'article-1.md'), '---\ntitle: Article 1\nslug: first\n---\n\nBody 1.\n');
    const result = await runPipeline(config, { only: ['count'] });
    expect([...result.removed].sort()).toEqual([join(outDir, 'article-1.count'), join(outDir, 'article-1.page')]);
    expect(editions(outDir)).toEqual(['article-2.count', 'article-2.images', 'article-2.page', 'first.count']);
  });

  it('with --only, keeps the editions it does not make of a renamed file whose slug is kept, until a run remakes them', async () => {
    const source = sourceWith(2);
    const outDir = mkdtempSync(join(tmpdir(), 'editions-incremental-out-'));
    const config = resolveConfig({ source, outDir, renderers: [counting(), withImage] });
    await runPipeline(config);
    rmSync(join(source, 'article-2.md'));
    writeFileSync(join(source, 'renamed.md'), '---\ntitle: Article 2\nslug: article-2\n---\n\nBody 2.\n');
    const result = await runPipeline(config, { only: ['count'] });
    expect(result.removed).toEqual([]);
    expect(editions(outDir)).toEqual(['article-1.count', 'article-1.images', 'article-1.page', 'article-2.count', 'article-2.images', 'article-2.page']);
    await runPipeline(config);
    expect(await editionsBySource(outDir)).toEqual({
      'article-1.md': ['article-1.count', 'article-1.page'],
      'renamed.md': ['article-2.count', 'article-2.page'],
    });
  });

  it('in a shard, removes the old slugs’ editions of its own articles only', async () => {
    const source = sourceWith(8);
    const outDir = mkdtempSync(join(tmpdir(), 'editions-incremental-out-'));
    const config = resolveConfig({ source, outDir, renderers: [counting()] });
    await runPipeline(config);
    const inShard = readdirSync(source).filter((name) => shardOf(name, 2) === 1);
    const [mine, theirs] = [inShard[0] as string, readdirSync(source).find((name) => shardOf(name, 2) === 2) as string];
    for (const name of [mine, theirs]) writeFileSync(join(source, name), `---\ntitle: Renamed\nslug: new-${name.replace('.md', '')}\n---\n\nText.\n`);
    const shard = await runPipeline(config, { shard: { index: 1, count: 2 } });
    expect(shard.removed).toEqual([join(outDir, mine.replace('.md', '.count'))]);
    expect(existsSync(join(outDir, theirs.replace('.md', '.count')))).toBe(true);
    const full = await runPipeline(config);
    expect(full.removed).toEqual([join(outDir, theirs.replace('.md', '.count'))]);
  });

  it('a new article that takes a published article’s slug is refused alone: the published one stays, remade when edited, and listed', async () => {
    const source = sourceWith(2);
    const outDir = mkdtempSync(join(tmpdir(), 'editions-incremental-out-'));
    const config = resolveConfig({ source, outDir, renderers: [counting(), withImage, listing] });
    await runPipeline(config);
    writeFileSync(join(source, 'newcomer.md'), '---\ntitle: Newcomer\nslug: article-1\n---\n\nDraft.\n');
    const clash = await runPipeline(config);
    expect(clash.failed).toBe(1);
    const refused = clash.files.find((file) => file.path === join(source, 'newcomer.md'));
    expect(refused?.messages.map(({ reason, line, column, ruleId, fatal }) => ({ reason, line, column, ruleId, fatal }))).toEqual([
      {
        reason: expect.stringMatching(/^Slug "article-1" is already published by article-1\.md; newcomer\.md is not published/),
        line: 3,
        column: 1,
        ruleId: 'duplicate-slug',
        fatal: true,
      },
    ]);
    expect(clash.files.find((file) => file.path === join(source, 'article-1.md'))?.messages).toEqual([]);
    expect(readFileSync(join(outDir, 'list.txt'), 'utf8')).toBe('article-1: article-1.count article-1.page\narticle-2: article-2.count article-2.page\n');

    writeFileSync(join(source, 'article-1.md'), '---\ntitle: Article 1, edited\n---\n\nBody 1.\n');
    const edited = await runPipeline(config);
    expect(edited.failed).toBe(1);
    expect(readFileSync(join(outDir, 'article-1.count'), 'utf8')).toBe('Article 1, edited\n');
    expect(await editionsBySource(outDir)).toEqual({
      'article-1.md': ['article-1.count', 'article-1.page'],
      'article-2.md': ['article-2.count', 'article-2.page'],
    });
    expect(readFileSync(join(outDir, 'list.txt'), 'utf8')).toContain('article-1: article-1.count article-1.page\n');
  });

  it('counts the articles changed or added since their editions were made when --only makes the collections without them', async () => {
    const source = sourceWith(2);
    const outDir = mkdtempSync(join(tmpdir(), 'editions-incremental-out-'));
    const config = resolveConfig({ source, outDir, renderers: [counting(), listing] });
    expect((await runPipeline(config, { only: ['list'] })).changedOutsideCollections).toBe(2);
    await runPipeline(config);
    expect((await runPipeline(config, { only: ['list'] })).changedOutsideCollections).toBe(0);
    writeFileSync(join(source, 'article-1.md'), '---\ntitle: Article 1, edited\n---\n\nBody 1.\n');
    writeFileSync(join(source, 'article-3.md'), '---\ntitle: Article 3\n---\n\nBody 3.\n');
    writeFileSync(join(source, 'broken.md'), '---\ntitle: Broken\ndate: 2013-02-31\n---\n\nBody.\n');
    const collectionsOnly = await runPipeline(config, { only: ['list'] });
    expect(collectionsOnly.changedOutsideCollections).toBe(3);
    expect(readFileSync(join(outDir, 'list.txt'), 'utf8')).toBe('article-1: article-1.count\narticle-2: article-2.count\n');
    // Made with their editions: the broken one has its error, the others are listed as they are.
    const withEditions = await runPipeline(config, { only: ['count', 'list'] });
    expect(withEditions.failed).toBe(1);
    expect(withEditions.changedOutsideCollections).toBe(0);
    expect(readFileSync(join(outDir, 'list.txt'), 'utf8')).toBe('article-1: article-1.count\narticle-2: article-2.count\narticle-3: article-3.count\n');
    expect((await runPipeline(config, { only: ['list'] })).changedOutsideCollections).toBe(1);
  });

  it('leaves alone the editions another source folder published into the same output folder', async () => {
    const outDir = mkdtempSync(join(tmpdir(), 'editions-incremental-out-'));
    const desk = sourceWith(2);
    const wire = mkdtempSync(join(tmpdir(), 'editions-incremental-wire-'));
    writeFileSync(join(wire, 'wire-story.md'), '---\ntitle: Wire story\n---\n\nFrom the wire.\n');
    await runPipeline(resolveConfig({ source: desk, outDir, renderers: [counting()] }));
    const wireRun = await runPipeline(resolveConfig({ source: wire, outDir, renderers: [counting()] }));
    expect(wireRun.removed).toEqual([]);
    expect(editions(outDir)).toEqual(['article-1.count', 'article-2.count', 'wire-story.count']);
  });
});

describe('a changed slug, through the compiled CLI', () => {
  it('an article published as `slug: index` before index() was listed: refused, its page kept until fixed as the error asks; then the front page is index()’s, its old editions and images removed', async () => {
    const source = mkdtempSync(join(tmpdir(), 'editions-slug-src-'));
    const out = mkdtempSync(join(tmpdir(), 'editions-slug-out-'));
    cpSync(join(projectRoot, 'tests', 'incremental', 'pixel.png'), join(source, 'pixel.png'));
    const front = (slug: string) => `---\ntitle: Front story\ndate: 2024-04-09\nslug: ${slug}\n---\n\n![A pixel](pixel.png)\n`;
    writeFileSync(join(source, 'front.md'), front('index'));
    writeFileSync(join(source, 'other.md'), '---\ntitle: Other story\ndate: 2024-04-08\n---\n\nOther.\n');
    // html({ images: 'beside' }) alone: index.html is the article's page.
    const before = await publish(['--config', 'tests/configs/images-beside.config.ts', '--source', source, '--out', out]);
    expect(before.code, before.stderr).toBe(0);
    expect(editions(out)).toEqual(['index.html', 'index.images', 'other.html']);

    // The same with text() and index(): the article is refused at its slug and its page stays, as a failing article's last good edition does, so index() cannot write there.
    const args = ['--config', 'tests/configs/slug-index.config.ts', '--source', source, '--out', out];
    const clashing = await publish(args);
    expect(clashing.code).toBe(1);
    expect(clashing.stderr).toMatch(
      /front\.md\n\s*4:1\s+error\s+Slug "index" would write its html edition as "index\.html", the file the index collection renderer writes;/,
    );
    expect(clashing.stderr).toContain(
      'The index renderer failed: "index.html" is still an edition of front.md, from an earlier publish; give that article another `slug` in its front matter',
    );
    expect(editions(out)).toEqual(['index.html', 'index.images', 'other.html', 'other.txt']);
    expect(readFileSync(join(out, 'index.html'), 'utf8')).toContain('Front story');

    writeFileSync(join(source, 'front.md'), front('front'));
    const fixed = await publish(args);
    expect(fixed.code, fixed.stderr).toBe(0);
    expect(fixed.stdout).toMatch(/; 1 edition of deleted articles or old slugs removed$/m);
    expect(editions(out)).toEqual(['front.html', 'front.images', 'front.txt', 'index.html', 'other.html', 'other.txt']);
    const page = readFileSync(join(out, 'index.html'), 'utf8');
    expect(page).toContain('href="front.html"');
    expect(page).toContain('href="other.html"');
    expect(page).not.toContain('index.images');
    expect(await editionsBySource(out)).toEqual({ 'front.md': ['front.html', 'front.txt'], 'other.md': ['other.html', 'other.txt'] });
    expect((await publish([...args, '--force'])).code).toBe(0);
  });
});

describe('a duplicate slug, through the compiled CLI', () => {
  it('a new article that reuses a published slug is refused at its slug, naming the published one, which stays on the front page', async () => {
    const source = mkdtempSync(join(tmpdir(), 'editions-slug-src-'));
    const out = mkdtempSync(join(tmpdir(), 'editions-slug-out-'));
    writeFileSync(join(source, 'a.md'), '---\ntitle: Published story\ndate: 2024-03-01\n---\n\nText.\n');
    const args = ['--config', 'tests/configs/slug-index.config.ts', '--source', source, '--out', out];
    expect((await publish(args)).code).toBe(0);
    writeFileSync(join(source, 'b.md'), '---\ntitle: New draft\ndate: 2024-03-02\nslug: a\n---\n\nDraft.\n');
    const clash = await publish(args);
    expect(clash.code).toBe(1);
    expect(clash.stderr).toMatch(/b\.md\n\s*4:1\s+error\s+Slug "a" is already published by a\.md; b\.md is not published[^\n]*duplicate-slug/);
    expect(clash.stderr).not.toMatch(/a\.md\n/);
    expect(clash.stdout).toMatch(/^0 editions of 1\/2 articles written [^\n]*; 1 article failed$/m);
    expect(readFileSync(join(out, 'index.html'), 'utf8')).toContain('Published story');
    expect(readFileSync(join(out, 'a.html'), 'utf8')).toContain('Published story');
  });
});

describe('collections made with --only, through the compiled CLI', () => {
  it('warns in one line that an edited article is listed as last published, and how to include it', async () => {
    const source = mkdtempSync(join(tmpdir(), 'editions-only-src-'));
    const out = mkdtempSync(join(tmpdir(), 'editions-only-out-'));
    writeFileSync(join(source, 'story.md'), '---\ntitle: Harbour closed\ndate: 2024-03-01\n---\n\nText.\n');
    const args = ['--config', 'tests/configs/slug-index.config.ts', '--source', source, '--out', out];
    expect((await publish(args)).stderr).not.toContain('warning');
    writeFileSync(join(source, 'story.md'), '---\ntitle: Harbour reopens\ndate: 2024-03-01\n---\n\nText.\n');
    const only = await publish([...args, '--only', 'index']);
    expect(only.code).toBe(0);
    expect(only.stderr).toBe(
      'warning: 1 article changed since its editions were made (or is new): the collections list it as last published, or leave it out if new; publish without --only, or with the article editions in it as well\n',
    );
    expect(readFileSync(join(out, 'index.html'), 'utf8')).toContain('Harbour closed');
  });
});

describe('shards', () => {
  it('partition the articles completely and disjointly, stably, and their manifests merge', async () => {
    const source = sourceWith(40);
    const names = readdirSync(source);
    const parts = [1, 2, 3].map((index) => names.filter((name) => shardOf(name, 3) === index));
    expect(parts.flat().sort()).toEqual(names.sort());
    expect(new Set(parts.flat()).size).toBe(names.length);
    expect(parts.every((part) => part.length > 5)).toBe(true);

    const outDir = mkdtempSync(join(tmpdir(), 'editions-shards-out-'));
    const renderer = counting();
    const config = resolveConfig({ source, outDir, renderers: [renderer] });
    for (const index of [1, 2, 3]) {
      const result = await runPipeline(config, { shard: { index, count: 3 } });
      expect(result.articles).toBe(parts[index - 1]?.length);
    }
    expect(editions(outDir)).toHaveLength(40);
    expect(readdirSync(outDir).filter((name) => name.startsWith('.editions-manifest.shard-'))).toHaveLength(3);

    // A full run reads the three shard manifests together: nothing to do.
    renderer.rendered.length = 0;
    const full = await runPipeline(config);
    expect(renderer.rendered).toEqual([]);
    expect(full.skipped).toBe(40);
    expect(readdirSync(outDir).filter((name) => name.startsWith('.editions-manifest'))).toEqual(['.editions-manifest.json']);
    expect(statSync(join(outDir, '.editions-manifest.json')).size).toBeGreaterThan(1000);
  });
});

/** The files a run of the compiled CLI opened, wrote, renamed or removed, as strace saw its system calls (every thread). */
async function fileCalls(args: readonly string[]): Promise<{ run: CliRun; calls: string[] }> {
  const log = join(mkdtempSync(join(tmpdir(), 'editions-strace-')), 'calls.txt');
  const calls = 'open,openat,creat,rename,renameat,renameat2,unlink,unlinkat,mkdir,mkdirat,rmdir,truncate,link,linkat,symlink,symlinkat';
  const run = await publishUnderStrace(log, calls, args);
  return { run, calls: readFileSync(log, 'utf8').split('\n') };
}

describeWithTools(['strace'], 'an unchanged republish, through the compiled CLI', () => {
  it('reads no article and no picture and writes nothing; a changed article or picture is read and its editions written', async () => {
    const source = mkdtempSync(join(tmpdir(), 'editions-noop-src-'));
    for (const name of ['every-block', 'multi-script', 'lang-fr']) cpSync(join(projectRoot, 'tests', 'fixtures', name, 'input.md'), join(source, `${name}.md`));
    cpSync(join(projectRoot, 'source', 'moscow-syria-opposition-contact.md'), join(source, 'story.md'));
    // An article with three pictures, two of them shown more than once.
    const pictures = join(projectRoot, 'tests', 'fixtures', 'linked-pictures');
    cpSync(join(pictures, 'input.md'), join(source, 'pictures.md'));
    for (const name of ['chart.png', 'crop.jpg', 'square.png']) cpSync(join(pictures, name), join(source, name));
    const outDir = mkdtempSync(join(tmpdir(), 'editions-noop-out-'));
    const args = ['--source', source, '--out', outDir];
    const first = await fileCalls(args);
    expect(first.run.code, first.run.stderr).toBe(0);
    const before = readdirSync(outDir).map((name) => [name, statSync(join(outDir, name)).mtimeMs, statSync(join(outDir, name)).ino]);
    const articleOpened = (calls: string[]) => calls.filter((call) => /^\d+\s+open(at)?\(/.test(call) && call.includes(`"${source}/`));
    const outputChanged = (calls: string[]) =>
      calls.filter((call) => call.includes(`"${outDir}`) && (/^\d+\s+open(at)?\(.*O_(WRONLY|RDWR|CREAT)/.test(call) || !/^\d+\s+open(at)?\(/.test(call)));
    // The first run's calls show what the checks look for: each article and each picture read once.
    expect(articleOpened(first.calls)).toHaveLength(8);
    expect(outputChanged(first.calls).length).toBeGreaterThan(20);

    const again = await fileCalls(args);
    expect(again.run.code, again.run.stderr).toBe(0);
    expect(again.run.stdout).toMatch(/^0 editions of 5\/5 articles written .*; 20 editions up to date/m);
    expect(articleOpened(again.calls), 'article files opened').toEqual([]);
    expect(outputChanged(again.calls), 'output folder changed').toEqual([]);
    expect(readdirSync(outDir).map((name) => [name, statSync(join(outDir, name)).mtimeMs, statSync(join(outDir, name)).ino])).toEqual(before);

    writeFileSync(join(source, 'story.md'), `${readFileSync(join(source, 'story.md'), 'utf8')}\nOne more paragraph.\n`);
    const changed = await fileCalls(args);
    expect(changed.run.stdout).toMatch(/^4 editions of 5\/5 articles written .*; 16 editions up to date/m);
    expect(articleOpened(changed.calls).every((call) => call.includes(`"${source}/story.md"`))).toBe(true);
    expect(articleOpened(changed.calls).length).toBeGreaterThan(0);

    // A picture written again with its very bytes is read to be sure, once, and nothing is remade.
    writeFileSync(join(source, 'crop.jpg'), readFileSync(join(source, 'crop.jpg')));
    const touched = await fileCalls(args);
    expect(touched.run.stdout).toMatch(/^0 editions of 5\/5 articles written .*; 20 editions up to date/m);
    expect(articleOpened(touched.calls).map((call) => /"([^"]+)"/.exec(call)?.[1])).toEqual([join(source, 'crop.jpg')]);
    // Its new stamp recorded then, the next run reads it no more (it had been read and hashed on every run).
    const settled = await fileCalls(args);
    expect(settled.run.stdout).toMatch(/^0 editions of 5\/5 articles written .*; 20 editions up to date/m);
    expect(articleOpened(settled.calls), 'files opened once the picture was known again').toEqual([]);
    // Other bytes, in the same size and with the old modification time (a copy with -p): read, and the article remade.
    const { atime, mtime } = statSync(join(source, 'square.png'));
    const square = readFileSync(join(source, 'square.png'));
    square.writeUInt8(square.readUInt8(square.length - 20) ^ 1, square.length - 20);
    writeFileSync(join(source, 'square.png'), square);
    utimesSync(join(source, 'square.png'), atime, mtime);
    const replaced = await fileCalls(args);
    expect(replaced.run.stdout).toMatch(/^4 editions of 5\/5 articles written .*; 16 editions up to date/m);
  });
});
