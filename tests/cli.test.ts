import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { writtenLines } from '../src/cli/report.js';
import { frontMatterSchema } from '../src/read/front-matter.js';
import { placeOf, projectRoot } from './helpers/cases.js';
import { type CliRun, publish, publishIn, publishWithOpenFiles } from './helpers/cli.js';
import { configName, frontMatterOf, type ReadmeExample, readmeExamples, typeCheck, writeReadmeProject } from './helpers/readme.js';

const temporary = (name: string) => mkdtempSync(join(tmpdir(), `editions-cli-${name}-`));

/** The editions in a folder, without the manifest. */
const editionFiles = (folder: string) =>
  readdirSync(folder)
    .filter((name) => !name.startsWith('.'))
    .sort();

describe('the CLI', () => {
  it('publishes every edition of the canonical article and prints a line per file and a summary', async () => {
    const out = temporary('canonical');
    const run = await publish(['--out', out]);
    expect(run.code).toBe(0);
    const slug = 'moscow-syria-opposition-contact';
    expect(editionFiles(out)).toEqual([`${slug}.epub`, `${slug}.html`, `${slug}.pdf`, `${slug}.txt`]);
    for (const renderer of ['html', 'pdf', 'epub', 'text'])
      expect(run.stdout).toMatch(new RegExp(`^${renderer}\\s+[\\d.]+ k?B\\s+\\d+ ms\\s+\\S+${slug}\\.\\w+$`, 'm'));
    expect(run.stdout).toMatch(/4 editions of 1\/1 article written in [\d.]+ s/);
  });

  it('lines up the sizes and times of the files written, with renderer names longer than six characters and paths longer than forty', async () => {
    const source = temporary('columns-source');
    const long = 'a-story-whose-slug-runs-well-past-forty-characters-long';
    writeFileSync(join(source, `${long}.md`), '---\ntitle: Long\nauthor: Desk\ndate: 2024-05-01\nlang: ar\n---\n\nنص.\n');
    writeFileSync(join(source, 'short.md'), '---\ntitle: Short\nauthor: Desk\ndate: 2024-05-02\nlang: fr\n---\n\nTexte.\n');
    for (const flags of [[], ['--jobs', '1']]) {
      const run = await publish(['--config', 'tests/configs/translations.config.ts', '--source', source, '--out', temporary('columns'), ...flags]);
      expect(run.code).toBe(0);
      const lines = run.stdout.split('\n').filter((line) => / \d+ ms\b/.test(line));
      expect(new Set(lines.map((line) => line.split(' ')[0]))).toEqual(
        new Set(['html', 'text', 'index', 'index-fr', 'index-ar', 'feed', 'feed-fr', 'sitemap']),
      );
      expect(lines.some((line) => line.includes(`${long}.html`))).toBe(true);
      // Where each line's size and time end: one column each.
      const ends = (pattern: RegExp) => new Set(lines.map((line) => (pattern.exec(line)?.index ?? -1) + (pattern.exec(line)?.[0].length ?? 0)));
      expect(ends(/ [\d.]+ [kM]?B\b/)).toHaveProperty('size', 1);
      expect(ends(/ \d+ ms\b/)).toHaveProperty('size', 1);
    }
  });

  it('keeps the time column as wide from 100 s on: in seconds, the path where every other line has it', () => {
    const line = writtenLines(['text']);
    const path = join(process.cwd(), 'outputs', 'a.txt');
    const lines = [5, 99_999, 99_999.6, 100_000, 1_234_567].map((milliseconds) =>
      line({ slug: 'a', renderer: 'text', path, bytes: 1000, milliseconds, beside: [], made: {} }),
    );
    expect(lines).toEqual([
      'text    1000 B     5 ms  outputs/a.txt',
      'text    1000 B 99999 ms  outputs/a.txt',
      'text    1000 B   100 s   outputs/a.txt',
      'text    1000 B   100 s   outputs/a.txt',
      'text    1000 B  1235 s   outputs/a.txt',
    ]);
  });

  it('runs only the renderers named by --only', async () => {
    const out = temporary('only');
    const run = await publish(['--out', out, '--only', 'html,text']);
    expect(run.code).toBe(0);
    expect(editionFiles(out).map((name) => name.split('.').pop())).toEqual(['html', 'txt']);
  });

  it('exits 2 on a usage or config error', async () => {
    expect((await publish(['--nope'])).code).toBe(2);
    // A misspelt option is named with the one meant, as a misspelt renderer in --only is.
    const misspelt = { '--watc': '--watch', '--preveiw': '--preview', '--souce=drafts': '--source' };
    for (const [typed, meant] of Object.entries(misspelt))
      expect(await publish([typed])).toMatchObject({ code: 2, stderr: expect.stringContaining(`(did you mean ${meant}?)`) });
    expect((await publish(['--only', 'html,rtf', '--out', temporary('usage')])).stderr).toMatch(/Unknown renderer "rtf" in --only/);
    expect((await publish(['--only', 'rtf', '--out', temporary('usage')])).code).toBe(2);
    // An empty --only (a CI script's unset variable) published nothing and exited 0.
    for (const only of ['', ' , '])
      expect(await publish(['--only', only, '--out', temporary('usage')])).toMatchObject({
        code: 2,
        stderr: expect.stringContaining(`--only takes renderer names, comma-separated, e.g. --only html,pdf; got "${only}"`),
      });
    const missing = await publish(['--config', 'missing.config.ts']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/missing\.config\.ts: config file not found/);
    expect((await publish(['--config', 'tests/configs/duplicate-name.config.ts'])).code).toBe(2);
    // An article's file given as the source folder, and a port no socket has: a usage message, not a stack trace.
    const file = await publish(['--source', 'source/moscow-syria-opposition-contact.md', '--out', temporary('usage')]);
    expect(file).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/moscow-syria-opposition-contact\.md: not a folder; pass the folder of the articles as --source DIR/),
    });
    const port = await publish(['--preview', '--port', '70000', '--out', temporary('usage')]);
    expect(port).toMatchObject({ code: 2, stderr: expect.stringMatching(/--port takes a port number from 0 to 65535/) });
  });

  it('exits 1 when an article fails, still publishing the others, with file:line:column messages', async () => {
    const source = temporary('mixed-source');
    cpSync(join(projectRoot, 'source', 'moscow-syria-opposition-contact.md'), join(source, 'good.md'));
    cpSync(join(projectRoot, 'tests', 'bad-input', 'impossible-date', 'input.md'), join(source, 'bad.md'));
    const out = temporary('mixed-out');
    const run = await publish(['--source', source, '--out', out]);
    expect(run.code).toBe(1);
    expect(editionFiles(out)).toEqual(['good.epub', 'good.html', 'good.pdf', 'good.txt']);
    expect(run.stderr).toContain('bad.md');
    expect(run.stderr).toMatch(/3:7\s+error\s+Front matter `date` must be a real date.*invalid-date/);
    expect(run.stdout).toMatch(/of 1\/2 articles written .*; 1 article failed/);
  });

  it('names the front matter key a misspelt one was meant to be, at its place', async () => {
    const source = temporary('misspelt-key-source');
    writeFileSync(join(source, 'fire.md'), '---\ntitel: Fire in the port\ndate: 2026-12-07\nzzz: 1\n---\n\nBody.\n');
    const run = await publish(['--source', source, '--out', temporary('misspelt-key-out'), '--only', 'text']);
    expect(run.stderr).toMatch(/2:1\s+warning\s+Unknown front matter key `titel`; did you mean `title`\? Known keys are title, /);
    expect(run.stderr).toMatch(/4:1\s+warning\s+Unknown front matter key `zzz`; known keys are title, /);
  });

  it('gives the line to write for the YAML mistakes a headline brings, at the quote or colon that causes them', async () => {
    const source = temporary('yaml-mistakes-source');
    const stories = {
      'colon.md': 'title: Breaking: fire in the port',
      'inner-quote.md': 'title: "He said "no" today"',
      'apostrophe.md': "title: 'It's here'",
      'unclosed.md': 'title: "Fire in the port\nauthor: Eve',
      'list.md': 'tags: [fire, port',
      'item.md': 'title: Fire\ntags:\n  - fire\n  - "port',
    };
    for (const [name, line] of Object.entries(stories)) writeFileSync(join(source, name), `---\n${line}\ndate: 2026-12-07\n---\n\nBody.\n`);
    const run = await publish(['--source', source, '--out', temporary('yaml-mistakes-out'), '--only', 'text']);
    expect(run.code).toBe(1);
    const message = (name: string) =>
      run.stderr
        .slice(run.stderr.indexOf(name))
        .split('\n')[1]
        ?.replace(/\s+yaml-syntax.*$/, '')
        .trim();
    expect(message('colon.md')).toBe(
      '2:8  error Front matter is not valid YAML: `title` holds ": " in its value, which YAML reads as the start of another key; put the value in quotes: title: "Breaking: fire in the port"',
    );
    expect(message('inner-quote.md')).toBe(
      `2:18 error Front matter is not valid YAML: \`title\`'s value is quoted with " and holds another ", where YAML ends it; quote it with the other mark: title: 'He said "no" today'`,
    );
    expect(message('apostrophe.md')).toMatch(/^2:12 error .* quote it with the other mark: title: "It's here"$/);
    // YAML gives up at the end of the front matter (4:10); the quote left open is on line 2.
    expect(message('unclosed.md')).toBe(
      `2:8  error Front matter is not valid YAML: \`title\`'s value opens a " quote that is never closed; close it at the value's end: title: "Fire in the port"`,
    );
    expect(message('item.md')).toBe(
      `5:5  error Front matter is not valid YAML: a list item opens a " quote that is never closed; close it at the value's end: - "port"`,
    );
    expect(message('list.md')).toBe(
      "2:7  error Front matter is not valid YAML: `tags`'s value opens a [ list that is never closed; close it at the value's end: tags: [fire, port]",
    );
  });

  it('says what is wrong with a date, and the date to write when it can tell', async () => {
    const source = temporary('dates-source');
    const dates = {
      'unpadded.md': '2026-12-5',
      'slashes.md': '2026/12/05',
      'words.md': 'Dec 5, 2026',
      'leap.md': '2026-02-29',
      'month.md': '2026-13-01',
      'hour.md': '2026-12-05T24:30:00Z',
    };
    for (const [name, date] of Object.entries(dates)) writeFileSync(join(source, name), `---\ntitle: A story\nupdated: "${date}"\n---\n\nBody.\n`);
    const run = await publish(['--source', source, '--out', temporary('dates-out'), '--only', 'text']);
    expect(run.code).toBe(1);
    const message = (name: string) =>
      run.stderr
        .slice(run.stderr.indexOf(name))
        .split('\n')[1]
        ?.replace(/\s+invalid-updated.*$/, '');
    expect(message('unpadded.md')).toBe('3:10 error Front matter `updated` must be a real date written YYYY-MM-DD: write 2026-12-05');
    expect(message('slashes.md')).toBe('3:10 error Front matter `updated` must be a real date written YYYY-MM-DD: write 2026-12-05');
    expect(message('words.md')).toBe(
      '3:10 error Front matter `updated` must be a real date written YYYY-MM-DD, such as 2026-12-07, optionally with a time, such as 2026-12-07T14:30:00Z (a time without a zone is taken as UTC)',
    );
    expect(message('leap.md')).toBe('3:10 error Front matter `updated` must be a real date: February 2026 has 28 days, and 2026-02-29 names day 29');
    expect(message('month.md')).toBe('3:10 error Front matter `updated` must be a real date: 2026-13-01 has no month 13; a month is 01 to 12');
    expect(message('hour.md')).toBe(
      '3:10 error Front matter `updated` must be a real date: 24:30:00 is no time of day; hours are 00 to 23, minutes and seconds 00 to 59',
    );
  });

  it('names a key given twice and the line it was first given at, keeping the story’s last editions', async () => {
    const source = temporary('duplicate-key-source');
    const out = temporary('duplicate-key-out');
    const story = '---\ntitle: Fire in the port\ndate: 2026-12-07T09:00:00Z\nupdated: 2026-12-07T11:00:00Z\n';
    writeFileSync(join(source, 'fire.md'), `${story}---\n\nBody.\n`);
    expect((await publish(['--source', source, '--out', out, '--only', 'text'])).code).toBe(0);
    const published = readFileSync(join(out, 'fire.txt'));
    // The desk updates the story by adding a line below the first `updated`, and a correction with its date twice.
    const correction = 'corrections:\n  - date: 2026-12-07\n    text: Corrects the port.\n    date: 2026-12-08\n';
    writeFileSync(join(source, 'fire.md'), `${story}updated: 2026-12-07T15:00:00Z\n${correction}---\n\nBody, updated.\n`);
    const run = await publish(['--source', source, '--out', out, '--only', 'text']);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^5:1\s+error\s+Front matter is not valid YAML: `updated` is given twice, at line 4 and here; keep one of them\s+yaml-syntax/m);
    expect(run.stderr).toMatch(/^9:5\s+error\s+Front matter is not valid YAML: `date` is given twice, at line 7 and here; keep one of them\s+yaml-syntax/m);
    expect(readFileSync(join(out, 'fire.txt'))).toEqual(published);
  });

  it('refuses a lang written as a language’s name or ISO 639-2 code, which the Nu checker refused on the page, with the code to write', async () => {
    const source = temporary('lang-names-source');
    for (const [name, lang] of Object.entries({ 'name.md': 'English', 'native.md': 'français', 'code.md': 'fra-CA', 'good.md': 'haw' }))
      writeFileSync(join(source, name), `---\ntitle: A story\ndate: 2026-12-07\nlang: ${lang}\n---\n\nBody.\n`);
    const out = temporary('lang-names-out');
    const run = await publish(['--source', source, '--out', out, '--only', 'html']);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/name\.md\n4:7\s+error\s+Front matter `lang` must be a language code, not a name: write "en"\s+invalid-lang/);
    expect(run.stderr).toMatch(/native\.md\n4:7\s+error\s+Front matter `lang` must be a language code, not a name: write "fr"\s+invalid-lang/);
    expect(run.stderr).toMatch(
      /code\.md\n4:7\s+error\s+Front matter `lang` must be written with the two-letter code of its language, "fr-CA": "fra" is its ISO 639-2 code, which browsers and validators do not take\s+invalid-lang/,
    );
    expect(editionFiles(out)).toEqual(['good.html']);
  });

  it('places the warning about a front matter image it cannot read at its line, as every message about an article', async () => {
    const source = temporary('cover-source');
    writeFileSync(join(source, 'story.md'), '---\ntitle: A story\ndate: 2024-05-01\nimage: covers/missing.jpg\n---\n\nBody.\n');
    const run = await publish(['--source', source, '--out', temporary('cover-out'), '--only', 'html,epub']);
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/^4:1\s+warning\s+Front matter image covers\/missing\.jpg was not found at .+image-missing/m);
    expect(run.stderr).not.toMatch(/^\s+warning/m);
  });

  it('shows a picture whose file name has a #, a ? or a %, linked with them escaped as an address must', async () => {
    const source = temporary('odd-picture-source');
    const badge = join(projectRoot, 'tests', 'responsive-images', 'photos', 'badge.png');
    for (const name of ['chart #2.png', '50% off?.png']) cpSync(badge, join(source, name));
    const lines = ['![Chart](chart%20%232.png)', '', '![Sale](<50%25 off%3F.png>)'];
    writeFileSync(join(source, 'story.md'), `---\ntitle: A story\ndate: 2024-05-01\nimage: chart%20%232.png\n---\n\n${lines.join('\n')}\n`);
    const out = temporary('odd-picture-out');
    const run = await publish(['--source', source, '--out', out, '--only', 'html,epub']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).not.toMatch(/image-missing/);
    expect(readFileSync(join(out, 'story.html'), 'utf8').match(/<img src="data:image\/png;base64,/g)).toHaveLength(2);
  });

  it('places the EPUB’s warning about a remote cover image at the front matter’s image line', async () => {
    const source = temporary('remote-cover-source');
    writeFileSync(join(source, 'story.md'), '---\ntitle: A story\ndate: 2024-05-01\nimage: https://news.example/cover.jpg\n---\n\nBody.\n');
    const run = await publish(['--source', source, '--out', temporary('remote-cover-out'), '--only', 'html,epub']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/story\.md\n\s*4:1\s+warning\s+Front matter image https:\/\/news\.example\/cover\.jpg is not a local file, .+epub-cover/);
    expect(run.stderr).not.toMatch(/^\s+warning/m);
  });

  it('publishes a renderer defined in a config outside src/: the README example', async () => {
    const example = readFileSync(join(projectRoot, 'examples', 'json-edition.config.ts'), 'utf8');
    expect(readFileSync(join(projectRoot, 'README.md'), 'utf8')).toContain(example.trim());
    const out = temporary('json');
    const run = await publish(['--config', 'examples/json-edition.config.ts', '--out', out]);
    expect(run.code).toBe(0);
    const edition = readFileSync(join(out, 'moscow-syria-opposition-contact.json'), 'utf8');
    expect(edition.endsWith('\n') && edition.trim().split('\n')).toHaveLength(1);
    expect(JSON.parse(edition)).toMatchObject({
      slug: 'moscow-syria-opposition-contact',
      title: 'Moscow wants ‘regular contact’ with Syrian opposition',
      lang: 'en',
    });
    expect(existsSync(join(out, 'moscow-syria-opposition-contact.html'))).toBe(true);
  });

  it('publishes a large batch in worker threads, byte for byte as in one thread', async () => {
    const source = temporary('pool-source');
    const article = readFileSync(join(projectRoot, 'source', 'moscow-syria-opposition-contact.md'), 'utf8');
    for (let index = 1; index <= 30; index++) writeFileSync(join(source, `story-${index}.md`), article.replace('title: "', `title: "${index}: `));
    const pooled = temporary('pool-out');
    const single = temporary('single-out');
    const pooledRun = await publish(['--source', source, '--out', pooled, '--only', 'html,text,epub', '--jobs', '2']);
    expect(pooledRun.code).toBe(0);
    expect(pooledRun.stdout).toMatch(/90 editions of 30\/30 articles/);
    expect((await publish(['--source', source, '--out', single, '--only', 'html,text,epub', '--jobs', '0'])).code).toBe(0);
    const files = editionFiles(pooled);
    expect(files).toHaveLength(90);
    for (const name of files) expect(readFileSync(join(pooled, name)).equals(readFileSync(join(single, name))), name).toBe(true);
  });

  it('takes a JavaScript config in the folder it runs in, as it takes pipeline.config.ts; two there are a config error naming both', async () => {
    const project = temporary('javascript-config');
    mkdirSync(join(project, 'node_modules'));
    symlinkSync(projectRoot, join(project, 'node_modules', 'editions'));
    writeFileSync(join(project, 'package.json'), '{ "type": "module" }\n');
    cpSync(join(projectRoot, 'source'), join(project, 'source'), { recursive: true });
    writeFileSync(
      join(project, 'pipeline.config.js'),
      "import { defineConfig, text } from 'editions';\nexport default defineConfig({ renderers: [text()] });\n",
    );
    // It had been passed over without a word: the four built-in editions published, not the config's one.
    const run = await publishIn(project, []);
    expect(run.code, run.stderr).toBe(0);
    expect(readdirSync(join(project, 'outputs')).filter((name) => !name.startsWith('.'))).toEqual(['moscow-syria-opposition-contact.txt']);
    writeFileSync(
      join(project, 'pipeline.config.ts'),
      "import { defineConfig, html } from 'editions';\nexport default defineConfig({ renderers: [html()] });\n",
    );
    const both = await publishIn(project, []);
    expect(both.code).toBe(2);
    expect(both.stderr).toBe(
      `${join(project, 'pipeline.config.js')}: pipeline.config.ts and pipeline.config.js are both here; remove one, or name the one to use with --config\n`,
    );
  });

  it("loads a config that imports a local file only for its effect (`import './setup.js'`)", async () => {
    const project = temporary('side-effect-import');
    // As a newsroom's project has it: the package installed beside the config.
    mkdirSync(join(project, 'node_modules'));
    symlinkSync(projectRoot, join(project, 'node_modules', 'editions'));
    writeFileSync(join(project, 'setup.ts'), "process.env.EDITIONS_SETUP_RAN = 'yes';\n");
    writeFileSync(
      join(project, 'pipeline.config.ts'),
      `import './setup.js';\nimport { defineConfig, text } from 'editions';\nexport default defineConfig({ source: '${join(projectRoot, 'source')}', renderers: [text({ width: process.env.EDITIONS_SETUP_RAN === 'yes' ? 50 : 70 })] });\n`,
    );
    const run = await publish(['--config', join(project, 'pipeline.config.ts')]);
    expect(run.code, run.stderr).toBe(0);
    const edition = readFileSync(join(project, 'outputs', 'moscow-syria-opposition-contact.txt'), 'utf8');
    expect(Math.max(...edition.split('\n').map((line) => line.length)), 'the setup file ran before the config').toBeLessThanOrEqual(50);
  });

  it('remakes the editions of a renderer defined in a file the config imports when that file changes', async () => {
    const project = temporary('imported-renderer');
    mkdirSync(join(project, 'node_modules'));
    symlinkSync(projectRoot, join(project, 'node_modules', 'editions'));
    const wire = (prefix: string) =>
      `import type { Renderer } from 'editions';\nexport const wire: Renderer = { name: 'wire', extension: '.wire.txt', render: (article) => \`${prefix} \${article.slug}\\n\` };\n`;
    writeFileSync(join(project, 'wire.ts'), wire('FIRST'));
    writeFileSync(
      join(project, 'pipeline.config.ts'),
      `import { defineConfig } from 'editions';\nimport { wire } from './wire.js';\nexport default defineConfig({ source: '${join(projectRoot, 'source')}', renderers: [wire] });\n`,
    );
    const edition = join(project, 'outputs', 'moscow-syria-opposition-contact.wire.txt');
    expect((await publish(['--config', join(project, 'pipeline.config.ts')])).code).toBe(0);
    expect(readFileSync(edition, 'utf8')).toBe('FIRST moscow-syria-opposition-contact\n');
    writeFileSync(join(project, 'wire.ts'), wire('SECOND'));
    const again = await publish(['--config', join(project, 'pipeline.config.ts')]);
    expect(again.stdout).toMatch(/^1 edition of 1\/1 article written/m);
    expect(readFileSync(edition, 'utf8')).toBe('SECOND moscow-syria-opposition-contact\n');
  });

  it("says where a config's renderer threw, in the config's source, without its stack through the pipeline, in every mode", async () => {
    const source = temporary('stack-source');
    writeFileSync(join(source, 'fail.md'), '---\ntitle: Fail\n---\n\nA story whose probe edition fails.\n');
    const probe = join(projectRoot, 'tests', 'configs', 'thread-probe.config.ts');
    const run = await publish(['--config', probe, '--only', 'thread', '--source', source, '--out', temporary('stack')]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`The thread renderer failed for "fail": the probe was asked to fail (at ${placeOf(probe, "new Error('the probe was")});`);
    expect(run.stderr).not.toMatch(/\[cause\]|data:text\/javascript|dist\//);
    // A warning without a rule names its renderer: the wire's, not "render" for every renderer.
    const wire = join(projectRoot, 'tests', 'configs', 'warns.config.ts');
    for (const mode of [[], ['--jobs', '1'], ['--jobs', '2']]) {
      const warned = await publish(['--config', wire, '--source', source, '--out', temporary('warns'), ...mode]);
      expect(warned.code, mode.join(' ')).toBe(1);
      expect(warned.stderr).toContain(`The wire renderer failed for "fail": the wire is down (at ${placeOf(wire, "new Error('the wire")});`);
      expect(warned.stderr).toMatch(/warning +No dateline for the wire +wire +editions$/m);
      expect(warned.stderr).not.toContain('[cause]');
    }
  });

  it('says where a config threw as it loaded: the line and column of its TypeScript source, of a JavaScript config, of a file it imports', async () => {
    const configs = join(projectRoot, 'tests', 'configs');
    const failure = async (name: string) => {
      const run = await publish(['--config', join(configs, name), '--out', temporary('throws')]);
      expect(run.code, name).toBe(2);
      return run.stderr;
    };
    const undefinedName = "the config could not be loaded: Cannot read properties of undefined (reading 'name')\n";
    expect(await failure('throws.config.ts')).toBe(`${placeOf(join(configs, 'throws.config.ts'), 'name;')}: ${undefinedName}`);
    expect(await failure('throws.config.mjs')).toBe(`${placeOf(join(configs, 'throws.config.mjs'), 'name;')}: ${undefinedName}`);
    expect(await failure('throws-in-import.config.ts')).toMatch(
      `${placeOf(join(configs, 'parts', 'throwing.ts'), "parse('")}: the config ${join(configs, 'throws-in-import.config.ts')} could not be loaded: Unexpected token`,
    );
    // esbuild counts columns from 0, editors from 1.
    expect(await failure('syntax-error.config.ts')).toBe(
      `${join(configs, 'syntax-error.config.ts')}:2:1: the config could not be loaded: Expected identifier but found end of file\n`,
    );
  });

  it('publishes with a config that exports a promise of itself, and says what to export instead of a function', async () => {
    const out = temporary('promise');
    const run = await publish(['--config', 'tests/configs/promise.config.ts', '--out', out]);
    expect(run.code, run.stderr).toBe(0);
    expect(editionFiles(out)).toEqual(['moscow-syria-opposition-contact.html', 'moscow-syria-opposition-contact.txt']);
    const refused = await publish(['--config', 'tests/configs/async-function.config.ts', '--out', temporary('function')]);
    expect(refused).toMatchObject({ code: 2, stderr: expect.stringContaining('the config exports a function; export the config itself') });
  });

  it('keeps the transpiled config in node_modules/.cache beside it, and only its latest version', async () => {
    const project = temporary('config-cache');
    mkdirSync(join(project, 'node_modules'));
    const configFile = join(project, 'pipeline.config.ts');
    const cached = () => readdirSync(join(project, 'node_modules', '.cache', 'editions'));
    const write = (width: number) =>
      writeFileSync(
        configFile,
        `import { defineConfig, text } from 'editions';\nexport default defineConfig({ source: '${join(projectRoot, 'source')}', renderers: [text({ width: ${width} })] });\n`,
      );
    write(60);
    expect((await publish(['--config', configFile])).code).toBe(0);
    const [first] = cached();
    expect(cached()).toEqual([expect.stringMatching(/^config-[0-9a-f]+-[0-9a-f]+\.mjs$/)]);
    expect((await publish(['--config', configFile])).code).toBe(0);
    expect(cached()).toEqual([first]);
    write(40);
    expect((await publish(['--config', configFile])).code).toBe(0);
    expect(cached()).toHaveLength(1);
    expect(cached()[0]).not.toBe(first);
    // The new width was used, not the cached old config.
    const edition = readFileSync(join(project, 'outputs', 'moscow-syria-opposition-contact.txt'), 'utf8');
    expect(Math.max(...edition.split('\n').map((line) => line.length))).toBeLessThanOrEqual(40);
  });

  it('a renderer that returns neither a string nor bytes fails with a message that says what to return, not one about the disk', async () => {
    const out = temporary('wrong-result');
    const run = await publish(['--config', 'tests/configs/wrong-result.config.ts', '--source', 'source', '--out', out]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      /The summary renderer failed for "moscow-syria-opposition-contact": summary's render\(\) returned object; return the edition as a string or a Uint8Array/,
    );
    expect(run.stderr).not.toMatch(/disk|writable/);
    expect(editionFiles(out)).toEqual(['moscow-syria-opposition-contact.txt']);
  });

  it("gives a TypeScript config its own file's import.meta, as Node does: folders found from import.meta.url and import.meta.dirname", async () => {
    const out = temporary('meta-url');
    const run = await publish(['--config', 'tests/configs/meta-url.config.ts', '--out', out]);
    expect(run.code, run.stderr).toBe(0);
    // Its source is tests/bad-input/crlf, found from the config's own folder.
    expect(editionFiles(out)).toEqual(['input.txt']);
  });

  it("calls a renderer's prepare() before its first render in every mode, so its editions are the same; a prepare() that fails fails its editions, saying so", async () => {
    const stamps: string[] = [];
    for (const mode of [[], ['--jobs', '1'], ['--jobs', '2']]) {
      const out = temporary('prepare');
      const run = await publish(['--config', 'tests/configs/prepare-probe.config.ts', '--source', 'source', '--out', out, ...mode]);
      expect(run.code, run.stderr).toBe(0);
      stamps.push(readFileSync(join(out, 'moscow-syria-opposition-contact.stamp.txt'), 'utf8'));
    }
    expect(stamps).toEqual(Array(3).fill('moscow-syria-opposition-contact: prepared\n'));
    const out = temporary('prepare-fails');
    const failing = await publish(['--config', 'tests/configs/prepare-probe.config.ts', '--source', 'source', '--out', out, '--jobs', '1'], {
      EDITIONS_PREPARE_FAILS: '1',
    });
    expect(failing.code).toBe(1);
    expect(failing.stderr).toMatch(/The stamp renderer failed for "moscow-syria-opposition-contact": its prepare\(\) failed: no dictionary for the stamp/);
    expect(editionFiles(out)).toEqual(['moscow-syria-opposition-contact.txt']);
  });

  it('a renderer whose promise never settles fails its edition, or a collection renderer its files, and the publish goes on to exit 1; one that stops the publish says so, never exit 0', async () => {
    const config = ['--config', 'tests/configs/never-settles.config.ts', '--source', 'source', '--jobs', '1'];
    const out = temporary('never-settles');
    const run = await publish([...config, '--out', out, '--only', 'text,never'], {}, 120_000);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/The never renderer failed for "moscow-syria-opposition-contact": it never settled: nothing was left in its thread/);
    expect(editionFiles(out)).toEqual(['moscow-syria-opposition-contact.txt']);
    const collectionOut = temporary('never-settles-collection');
    const collection = await publish([...config, '--out', collectionOut, '--only', 'text,never-listed'], {}, 120_000);
    expect(collection.code).toBe(1);
    expect(collection.stderr).toMatch(/never\.txt\n\s*error\s+The never-listed renderer failed: it never settled: nothing was left in its thread/);
    expect(collection.stdout).toMatch(/; 1 collection failed$/m);
    expect(editionFiles(collectionOut)).toEqual(['moscow-syria-opposition-contact.txt']);
    // A promise the publish waits for outside any render (the config's): the check of last resort ends the run, naming nothing it cannot know.
    const stopped = await publish(
      ['--config', 'tests/configs/never-loads.config.ts', '--source', 'source', '--jobs', '1', '--out', temporary('never-loads')],
      {},
      120_000,
    );
    expect(stopped.code).toBe(1);
    expect(stopped.stderr).toMatch(/the publish stopped before it ended: a promise it waited for never settled/);
  });

  it('an uncaught exception no render in flight threw is reported and makes the exit 1, and the publish goes on', async () => {
    const out = temporary('stray-throw');
    const run = await publish(['--config', 'tests/configs/stray-throw.config.ts', '--source', 'source', '--out', out, '--jobs', '1'], {}, 120_000);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^editions: an uncaught exception, thrown by no render in flight; .*: Error: the config threw from a timer/m);
    expect(editionFiles(out)).toEqual(['moscow-syria-opposition-contact.txt']);
  });

  it('shares a small batch between two threads: the heaviest renderer in a helper, byte for byte as in one thread', async () => {
    const source = temporary('helper-source');
    const article = readFileSync(join(projectRoot, 'source', 'moscow-syria-opposition-contact.md'), 'utf8');
    // The story first: it is the helper's first article, which this thread never takes back (it may take back any later one).
    writeFileSync(join(source, 'a-story.md'), article);
    writeFileSync(join(source, 'b-failing.md'), '---\ntitle: Fail\n---\n\nA story whose probe edition fails.\n');
    const shared = temporary('helper-out');
    const single = temporary('helper-single');
    const config = ['--config', 'tests/configs/thread-probe.config.ts', '--source', source];
    const sharedRun = await publish([...config, '--out', shared]);
    expect(sharedRun.code).toBe(1);
    expect(sharedRun.stderr).toMatch(/b-failing\.md[\s\S]*The thread renderer failed for "b-failing": the probe was asked to fail[\s\S]*renderer-failed/);
    expect(await publish([...config, '--out', single, '--jobs', '1'])).toMatchObject({ code: 1 });
    // Two cores or more: the probe ran in a worker thread; the others here, as with --jobs 1.
    expect(readFileSync(join(shared, 'a-story.thread.txt'), 'utf8')).toMatch(availableParallelism() > 1 ? /thread [1-9]\d*\n$/ : /thread 0\n$/);
    expect(readFileSync(join(single, 'a-story.thread.txt'), 'utf8')).toMatch(/thread 0\n$/);
    const files = editionFiles(shared).filter((name) => !name.endsWith('.thread.txt'));
    expect(files).toEqual(['a-story.html', 'a-story.txt', 'b-failing.html', 'b-failing.txt']);
    for (const name of files) expect(readFileSync(join(shared, name)).equals(readFileSync(join(single, name))), name).toBe(true);
  });

  it('withdraws two articles whose front matter sets one slug, quoted keys too, and points at each slug', async () => {
    const source = temporary('duplicate-slug-source');
    writeFileSync(join(source, 'first.md'), '---\ntitle: First\n"slug": same\n---\n\nThe first article.\n');
    writeFileSync(join(source, 'second.md'), "---\ntitle: Second\ndate: 2013-02-02\n  'slug' : same\n---\n\nThe second article.\n".replace('  ', ''));
    writeFileSync(join(source, 'third.md'), '---\ntitle: Third\n---\n\nThe third article.\n');
    const out = temporary('duplicate-slug-out');
    const run = await publish(['--source', source, '--out', out, '--only', 'html,text']);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      /first\.md\n\s*3:1\s+error\s+Slug "same" is used by first\.md and second\.md[^\n]*none of them is published[^\n]*duplicate-slug/,
    );
    expect(run.stderr).toMatch(/second\.md\n\s*4:1\s+error\s+Slug "same" is used by first\.md and second\.md[^\n]*duplicate-slug/);
    expect(editionFiles(out)).toEqual(['third.html', 'third.txt']);
  });

  it('finds a slug set after 70 kB of front matter: the article that takes a published slug is refused, and a rerun writes nothing', async () => {
    const source = temporary('long-front-matter-source');
    writeFileSync(join(source, 'long.md'), `---\ntitle: Long\ndescription: ${'word '.repeat(14_000)}\nslug: taken\n---\n\nA long dek.\n`);
    writeFileSync(join(source, 'taken.md'), '---\ntitle: Taken\n---\n\nThe article whose file names the slug.\n');
    const out = temporary('long-front-matter-out');
    const run = await publish(['--source', source, '--out', out, '--only', 'html,text']);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/long\.md\n\s*4:1\s+error\s+Slug "taken" is used by long\.md and taken\.md/);
    expect(editionFiles(out)).toEqual([]);
    expect((await publish(['--source', source, '--out', out, '--only', 'html,text'])).stdout).toMatch(/^0 editions of 0\/2 articles written/m);
  });

  it('refuses an article of another source folder that takes a slug published into the same output folder: the live story stays until its file is gone', async () => {
    const [live, drafts, out] = [temporary('live-source'), temporary('drafts-source'), temporary('shared-out')];
    writeFileSync(join(live, 'story.md'), '---\ntitle: Published story\n---\n\nThe live story.\n');
    writeFileSync(join(drafts, 'story.md'), '---\ntitle: Unfinished draft\n---\n\nA draft.\n');
    expect((await publish(['--source', live, '--out', out, '--only', 'text'])).code).toBe(0);
    const draftRun = await publish(['--source', drafts, '--out', out, '--only', 'text']);
    expect(draftRun.code).toBe(1);
    expect(draftRun.stderr).toContain(`Slug "story" is already published into this output folder by ${join(live, 'story.md')}, of another source folder`);
    expect(readFileSync(join(out, 'story.txt'), 'utf8')).toMatch(/^Published story\n/);
    // The live folder by another path (a symlink to it) is the same folder.
    const linked = join(temporary('linked'), 'live');
    symlinkSync(live, linked);
    expect((await publish(['--source', linked, '--out', out, '--only', 'text'])).code).toBe(0);
    // Once the live story's file is deleted, the other folder may take its slug.
    rmSync(join(live, 'story.md'));
    expect((await publish(['--source', drafts, '--out', out, '--only', 'text'])).code).toBe(0);
    expect(readFileSync(join(out, 'story.txt'), 'utf8')).toMatch(/^Unfinished draft\n/);
  });

  it("publishes no hidden file: a draft named .draft.md and an editor's lock file .#story.md are not articles", async () => {
    const source = temporary('hidden-source');
    cpSync(join(projectRoot, 'source', 'moscow-syria-opposition-contact.md'), join(source, 'story.md'));
    writeFileSync(join(source, '.draft.md'), '---\ntitle: Not yet\n---\n\nA draft.\n');
    symlinkSync('root@host.1234:1733500000', join(source, '.#story.md'));
    const out = temporary('hidden-out');
    const run = await publish(['--source', source, '--out', out, '--only', 'html']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^1 edition of 1\/1 article written/m);
    expect(editionFiles(out)).toEqual(['story.html']);
  });

  it('publishes 300 articles with at most 100 open files', async () => {
    const source = temporary('many-source');
    for (let index = 1; index <= 300; index++) writeFileSync(join(source, `story-${index}.md`), `---\ntitle: Story ${index}\n---\n\nStory number ${index}.\n`);
    const out = temporary('many-out');
    const limited = await publishWithOpenFiles(100, ['--source', source, '--out', out, '--only', 'html,text']);
    expect(limited.stderr).not.toMatch(/EMFILE/);
    expect(limited.code).toBe(0);
    expect(limited.stdout).toMatch(/600 editions of 300\/300 articles/);
    const files = editionFiles(out);
    expect(files).toHaveLength(600);
    expect(readFileSync(join(out, 'story-300.txt'), 'utf8')).toContain('Story number 300.');
  }, 60_000);

  it('writes byte-identical editions at different times and in different time zones', async () => {
    const source = temporary('determinism-source');
    cpSync(join(projectRoot, 'source'), source, { recursive: true });
    cpSync(join(projectRoot, 'tests', 'fixtures', 'every-block', 'input.md'), join(source, 'every-block.md'));
    const first = temporary('tz-utc');
    const second = temporary('tz-kiritimati');
    // The newsroom example: the four built-in editions, the DOCX and the NewsML item.
    const args = ['--config', 'examples/newsroom.config.ts', '--source', source];
    expect((await publish([...args, '--out', first], { TZ: 'UTC' })).code).toBe(0);
    // Zip and PDF dates have a resolution of two seconds: wait past it so a clock would show.
    await new Promise((resolve) => setTimeout(resolve, 2100));
    expect((await publish([...args, '--out', second], { TZ: 'Pacific/Kiritimati' })).code).toBe(0);
    // Every file, the NewsML package beside each article's item too.
    const everyFile = (folder: string) =>
      readdirSync(folder, { recursive: true, withFileTypes: true })
        .filter((entry) => entry.isFile() && !entry.name.startsWith('.'))
        .map((entry) => relative(folder, join(entry.parentPath, entry.name)))
        .sort();
    const files = everyFile(first);
    const extensions = ['.docx', '.epub', '.html', '.newsml.xml', '.pdf', '.txt'];
    const editions = files.filter((name) => !name.includes('/'));
    expect(editions.map((name) => name.slice(name.indexOf('.')))).toEqual([...extensions, ...extensions]);
    expect(files.filter((name) => name.includes('/'))).toEqual(
      editions.filter((name) => name.endsWith('.newsml.xml')).map((name) => `${name.replace('.newsml.xml', '.images')}/package.newsml.xml`),
    );
    expect(everyFile(second)).toEqual(files);
    for (const name of files) expect(readFileSync(join(second, name)).equals(readFileSync(join(first, name))), name).toBe(true);
  });
});

describe("the README's examples, in a newsroom's project of their own", () => {
  const examples = readmeExamples();
  const configs = examples.filter((example) => example.tag === 'config' || example.tag === 'config-keys');
  const project = temporary('readme');
  beforeAll(() => {
    writeReadmeProject(project, examples);
  });
  // Each config's publish, once, whichever test asks first.
  const runs = new Map<ReadmeExample, Promise<CliRun>>();
  const published = (example: ReadmeExample) => {
    const run = runs.get(example) ?? publish(['--config', join(project, configName(example)), '--out', join(project, `out-${example.line}`)]);
    runs.set(example, run);
    return run;
  };
  const named = (example: ReadmeExample) =>
    `${example.tag === 'config-keys' ? `\`${/^(\w+):/.exec(example.text)?.[1]}\` in a config` : 'the config'} of "${example.section}" (README.md:${example.line})`;

  it('has a config, the labels, the theme, an article and the renderer contracts, tagged', () => {
    expect(configs.length).toBeGreaterThanOrEqual(4);
    expect(examples.filter((example) => example.tag === 'article')).toHaveLength(1);
    expect(examples.filter((example) => example.tag === 'contract').map((example) => example.section)).toEqual([
      'The renderer contract',
      'Collection renderers',
    ]);
  });

  it("type-checks every config and labels and theme keys against the package's types, and declares the renderer contracts as the package does", async () => {
    expect(await typeCheck(project)).toBe('');
  }, 120_000);

  it("type-checks them under another project's compiler options, against the package's declarations: its own slips are its only errors", async () => {
    const other = temporary('readme-other-options');
    writeReadmeProject(other, examples);
    // Common settings the package's own source does not use: the default `lib` of ES2022 (no `findLastIndex`), stricter optional members.
    const compilerOptions = {
      target: 'ES2022',
      module: 'NodeNext',
      moduleResolution: 'NodeNext',
      strict: true,
      exactOptionalPropertyTypes: true,
      noEmit: true,
      skipLibCheck: true,
    };
    writeFileSync(join(other, 'tsconfig.json'), JSON.stringify({ compilerOptions, include: ['*.ts'] }));
    writeFileSync(
      join(other, 'slip.config.ts'),
      "import { defineConfig, html } from 'editions';\nexport default defineConfig({ renderers: [html({ imgs: 'beside' })] });\n",
    );
    // The package's `types` had been its source, which the project type-checked as its own: errors in src/read/nesting.ts and others.
    expect(await typeCheck(other)).toBe(
      "slip.config.ts(2,50): error TS2353: Object literal may only specify known properties, and 'imgs' does not exist in type 'HtmlOptions'.\n",
    );
  }, 120_000);

  for (const example of configs) {
    it(`publishes ${named(example)}, the article example among the articles, with no message`, async () => {
      const run = await published(example);
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(/ editions of 2\/2 articles /);
    }, 60_000);
  }

  it('sets the options of the Configuration example: Letter pages', async () => {
    const example = configs.find((config) => config.section === 'Configuration');
    if (!example) throw new Error('README.md has no config example under "Configuration"');
    expect((await published(example)).code).toBe(0);
    const slug = 'moscow-syria-opposition-contact';
    const pdfBytes = readFileSync(join(project, `out-${example.line}`, `${slug}.pdf`)).toString('latin1');
    // Letter paper, as the example asks: 612 × 792 points.
    expect(pdfBytes).toMatch(/\/MediaBox \[0 0 612 792\]/);
  }, 60_000);

  it('lists every front matter key in the article example', () => {
    const article = examples.find((example) => example.tag === 'article') as ReadmeExample;
    expect(Object.keys(frontMatterOf(article)).sort()).toEqual(Object.keys(frontMatterSchema.shape).sort());
  });
});
