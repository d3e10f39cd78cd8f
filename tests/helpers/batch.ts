import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { parse } from 'yaml';
import { type Case, cases } from './cases.js';

/** A fixture's article and pictures copied into `source` (`input.md` named after its fixture); returns the article's name. Throws when two fixtures' files clash. */
export function copyFixture(testCase: Case, source: string): string {
  let article = '';
  for (const entry of readdirSync(testCase.source, { withFileTypes: true })) {
    if (!entry.isFile() || entry.name === 'README.md' || entry.name === 'seed.txt') continue;
    const name = entry.name === 'input.md' ? `${testCase.name}.md` : entry.name;
    // Two fixtures' files of one name would overwrite each other in the batch.
    if (existsSync(join(source, name))) throw new Error(`${testCase.name}/${entry.name} clashes with another fixture's file`);
    copyFileSync(join(testCase.source, entry.name), join(source, name));
    if (name.endsWith('.md')) article = name;
  }
  return article;
}

/** Every fixture's articles and pictures in one new folder, as a newsroom's `source/` holds them: the folder, and each article's name with its fixture. */
export function allFixtures(prefix: string): { source: string; articles: Map<string, string> } {
  const source = mkdtempSync(join(tmpdir(), `${prefix}-source-`));
  const articles = new Map<string, string>();
  for (const testCase of cases) articles.set(copyFixture(testCase, source), testCase.name);
  return { source, articles };
}

/** The slug an article's editions are named by: its front matter `slug`, else its file name. */
export function slugOf(path: string): string {
  const frontMatter = /^---\n([\s\S]*?)\n---\n/.exec(readFileSync(path, 'utf8'))?.[1];
  const slug = frontMatter ? (parse(frontMatter) as { slug?: string }).slug : undefined;
  return slug ?? basename(path, '.md');
}
