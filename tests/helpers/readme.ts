import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { promisify } from 'node:util';
import type { Root } from 'mdast';
import { toString as textOf } from 'mdast-util-to-string';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { visit } from 'unist-util-visit';
import { parse as parseYaml } from 'yaml';
import { projectRoot } from './cases.js';

/**
 * What a README example is, written after its fence's language (```` ```ts config ````), so that a test can use it as a
 * newsroom would: `config`, a whole config file; `config-keys`, keys of a config (`labels`, `theme`), set in a config
 * of the four default editions; `contract`, declarations of the package's own types, which must be the types
 * `editions` exports; `article`, an article file.
 */
const tags = ['config', 'config-keys', 'contract', 'article'] as const;
export type ReadmeTag = (typeof tags)[number];

export interface ReadmeExample {
  readonly tag: ReadmeTag;
  readonly text: string;
  /** Its fence's line in README.md: it names the example and its files. */
  readonly line: number;
  /** The heading it stands under. */
  readonly section: string;
}

/** Every tagged example of README.md, in order; a fence with a word after its language that is no tag is an error, not an example left out. */
export function readmeExamples(): ReadmeExample[] {
  const tree = unified()
    .use(remarkParse)
    .parse(readFileSync(join(projectRoot, 'README.md'), 'utf8')) as Root;
  const examples: ReadmeExample[] = [];
  let section = '';
  visit(tree, (node) => {
    if (node.type === 'heading') section = textOf(node);
    if (node.type !== 'code' || !node.meta) return;
    const line = node.position?.start.line ?? 0;
    const tag = tags.find((known) => known === node.meta);
    if (!tag) throw new Error(`README.md:${line}: "${node.meta}" after the fence's language is none of the tags ${tags.join(', ')}`);
    examples.push({ tag, text: node.value, line, section });
  });
  return examples;
}

/** The front matter of an `article` example, as YAML reads it. */
export function frontMatterOf(example: ReadmeExample): Record<string, unknown> {
  const yaml = /^---\n([\s\S]*?)\n---\n/.exec(example.text)?.[1];
  if (yaml === undefined) throw new Error(`README.md:${example.line}: the article has no front matter`);
  return parseYaml(yaml) as Record<string, unknown>;
}

/** The pictures that stand for an article example's `image`, by extension: the tests' own. */
const pictures: Record<string, string> = {
  jpg: join(projectRoot, 'tests', 'fixtures', 'epub-images', 'page-crop.jpg'),
  jpeg: join(projectRoot, 'tests', 'fixtures', 'epub-images', 'page-crop.jpg'),
  png: join(projectRoot, 'tests', 'fixtures', 'epub-images', 'headline-crop.png'),
};

/** A config's file name for an example. */
export const configName = (example: ReadmeExample) => `readme-${example.line}.config.ts`;

/**
 * Writes a newsroom's project of the examples into `folder`, as one outside this repository has it: the package and
 * Node's types installed in node_modules, its own tsconfig. In it: a config per `config` and `config-keys` example, the
 * theme's files they name (examples/house-style's), `source/` with the project's article and each `article` example
 * (with a picture for its `image`), and for each `contract` example a module of its declarations and a check that each
 * is the type of that name `editions` exports. Returns the configs' examples.
 */
export function writeReadmeProject(folder: string, examples: readonly ReadmeExample[]): ReadmeExample[] {
  mkdirSync(join(folder, 'node_modules'));
  symlinkSync(projectRoot, join(folder, 'node_modules', 'editions'));
  symlinkSync(join(projectRoot, 'node_modules', '@types'), join(folder, 'node_modules', '@types'));
  const compilerOptions = {
    target: 'ES2022',
    lib: ['ES2023'],
    module: 'NodeNext',
    moduleResolution: 'NodeNext',
    strict: true,
    noEmit: true,
    skipLibCheck: true,
  };
  writeFileSync(join(folder, 'tsconfig.json'), JSON.stringify({ compilerOptions, include: ['*.ts'] }));
  const houseStyle = join(projectRoot, 'examples', 'house-style');
  for (const name of ['logo.svg', 'house.css', 'fonts']) cpSync(join(houseStyle, name), join(folder, name), { recursive: true });
  mkdirSync(join(folder, 'source'));
  cpSync(join(projectRoot, 'source', 'moscow-syria-opposition-contact.md'), join(folder, 'source', 'moscow-syria-opposition-contact.md'));

  const configs: ReadmeExample[] = [];
  for (const example of examples) {
    if (example.tag === 'config') writeFileSync(join(folder, configName(example)), example.text);
    if (example.tag === 'config-keys') {
      const config = `import { defineConfig, epub, html, pdf, text } from 'editions';\n\nexport default defineConfig({\n  renderers: [html(), pdf(), epub(), text()],\n${example.text}\n});\n`;
      writeFileSync(join(folder, configName(example)), config);
    }
    if (example.tag === 'config' || example.tag === 'config-keys') configs.push(example);
    if (example.tag === 'article') {
      writeFileSync(join(folder, 'source', `readme-${example.line}.md`), example.text);
      const image = frontMatterOf(example).image;
      if (typeof image === 'string') {
        const picture = pictures[extname(image).slice(1).toLowerCase()];
        if (!picture) throw new Error(`README.md:${example.line}: no picture of the tests stands for ${image}; name a .jpg or .png`);
        cpSync(picture, join(folder, 'source', image));
      }
    }
    if (example.tag === 'contract') {
      // Its declarations, exported to the check; each must be the package's type of its name.
      const names = [...example.text.matchAll(/^(?:interface|type) (\w+)/gm)].map((match) => match[1] as string);
      writeFileSync(join(folder, `readme-${example.line}.contract.ts`), `${example.text}\nexport type { ${names.join(', ')} };\n`);
      const check = [
        "import type * as Editions from 'editions';",
        `import type * as Readme from './readme-${example.line}.contract.js';`,
        '// Assignable both ways, and with the same keys: an optional member misspelt or missing is not caught by assignability.',
        'type Both<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;',
        'type Same<A, B> = Both<A, B> extends true ? Both<keyof A, keyof B> : false;',
        ...names.map((name) => `export const ${name}IsThePackages: Same<Readme.${name}, Editions.${name}> = true;`),
      ];
      writeFileSync(join(folder, `readme-${example.line}.check.ts`), `${check.join('\n')}\n`);
    }
  }
  return configs;
}

/** `tsc` on the project: its messages, empty when every file type-checks. */
export async function typeCheck(folder: string): Promise<string> {
  const tsc = join(projectRoot, 'node_modules', 'typescript', 'bin', 'tsc');
  try {
    await promisify(execFile)(process.execPath, [tsc, '-p', join(folder, 'tsconfig.json')], { cwd: folder });
    return '';
  } catch (error) {
    const failed = error as { stdout?: string; message: string };
    return failed.stdout || failed.message;
  }
}
