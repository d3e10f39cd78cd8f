import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unified } from 'unified';
import { describe, expect, it, vi } from 'vitest';
import { resolveConfig } from '../src/config/load.js';
import { runPipeline } from '../src/publish/pipeline.js';
import type { Renderer } from '../src/types.js';
import { builtInRenderers, projectRoot } from './helpers/cases.js';

const source = join(projectRoot, 'source');
const edition = (version: string): Renderer => ({ name: 'probe', extension: '.probe', render: (article) => `${version} ${article.slug}\n` });

describe('the pipeline', () => {
  it('parses each article exactly once, whatever the number of renderers', async () => {
    const outDir = mkdtempSync(join(tmpdir(), 'editions-parse-once-'));
    const parse = vi.spyOn(Object.getPrototypeOf(unified()), 'parse');
    const renderers = [...builtInRenderers(), edition('v1'), { ...edition('v1'), name: 'probe-two', extension: '.probe2' }];
    const result = await runPipeline(resolveConfig({ source, outDir, renderers }));
    expect(result.written).toHaveLength(renderers.length * result.articles);
    // Front matter fields are parsed apart, as inline Markdown, with no path.
    const parsed = parse.mock.calls.flatMap(([file]) => (file as { path?: string }).path ?? []);
    expect(parsed.sort()).toEqual(result.files.map((file) => file.path).sort());
    parse.mockRestore();
  });

  it('keeps the previous edition when a renderer throws, and names the renderer and the article', async () => {
    const outDir = mkdtempSync(join(tmpdir(), 'editions-renderer-fails-'));
    await runPipeline(resolveConfig({ source, outDir, renderers: [edition('v1')] }));
    const failing: Renderer = { name: 'probe', extension: '.probe', render: () => Promise.reject(new Error('out of ink')) };
    const result = await runPipeline(resolveConfig({ source, outDir, renderers: [failing] }), { force: true });
    expect(result.failed).toBe(1);
    const message = result.files[0]?.messages.find((item) => item.ruleId === 'renderer-failed');
    expect(message?.reason).toMatch(/The probe renderer failed for "moscow-syria-opposition-contact": out of ink/);
    expect(message?.fatal).toBe(true);
    expect(readFileSync(join(outDir, 'moscow-syria-opposition-contact.probe'), 'utf8')).toBe('v1 moscow-syria-opposition-contact\n');
    expect(readdirSync(outDir).filter((name) => !name.startsWith('.'))).toEqual(['moscow-syria-opposition-contact.probe']);
  });

  it('says what a renderer threw that is no Error, that the article it changed is frozen, and that { edition } lacks its beside list', async () => {
    const outDir = mkdtempSync(join(tmpdir(), 'editions-renderer-messages-'));
    const reasons = async (render: Renderer['render']) => {
      const result = await runPipeline(resolveConfig({ source, outDir, renderers: [{ name: 'probe', extension: '.probe', render }] }), { force: true });
      return result.files[0]?.messages.find((item) => item.ruleId === 'renderer-failed')?.reason ?? '';
    };
    expect(await reasons(() => Promise.reject('just a string'))).toMatch(/The probe renderer failed for "[^"]+": just a string;/);
    expect(await reasons(() => Promise.reject({ code: 42 }))).toMatch(/: it threw \{"code":42\}, not an Error;/);
    const retitle: Renderer['render'] = (article) => {
      (article.meta as { title: string }).title = 'changed';
      return 'x';
    };
    expect(await reasons(retitle)).toMatch(/the article is frozen, shared by every renderer; change a copy \(structuredClone\(article\.hast\)\)/);
    // Its images too: a Map frozen still cleared, taking the pictures from every renderer after it.
    const clearImages: Renderer['render'] = (article) => {
      (article.images as Map<string, unknown>).clear();
      return 'x';
    };
    expect(await reasons(clearImages)).toMatch(/Cannot clear a read only Map: the article is frozen/);
    expect(await reasons(() => ({ edition: 'x' }) as never)).toMatch(
      /returned \{ edition \} without a list of files beside it; return \{ edition, beside: \[\] \}/,
    );
  });

  it('withdraws both articles of a duplicate slug, naming both files', async () => {
    const outDir = mkdtempSync(join(tmpdir(), 'editions-duplicate-slug-'));
    const result = await runPipeline(resolveConfig({ source: join(projectRoot, 'tests', 'bad-input', 'duplicate-slug'), outDir, renderers: [edition('v1')] }));
    expect(result.failed).toBe(2);
    expect(result.written).toHaveLength(0);
    for (const file of result.files) expect(file.messages[0]?.reason).toMatch(/Slug "same" is used by first\.md and second\.md/);
  });
});
