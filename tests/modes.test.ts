import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it, vi } from 'vitest';
import { allFixtures, copyFixture, slugOf } from './helpers/batch.js';
import { cases, projectRoot } from './helpers/cases.js';
import { type CliRun, cli, type ExecutionMode, executionModes, modeNames, publish, startCli } from './helpers/cli.js';

const execFileAsync = promisify(execFile);
const temporary = (name: string) => mkdtempSync(join(tmpdir(), `editions-modes-${name}-`));

/** The editions in a folder by name (images beside pages included), without the manifest. */
function editionsIn(folder: string, under = ''): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  for (const entry of readdirSync(join(folder, under), { withFileTypes: true })) {
    const path = join(under, entry.name);
    if (entry.name.startsWith('.')) continue;
    if (entry.isDirectory()) for (const [name, bytes] of editionsIn(folder, path)) files.set(name, bytes);
    else files.set(path, readFileSync(join(folder, path)));
  }
  return files;
}

function expectSameEditions(actual: Map<string, Buffer>, expected: Map<string, Buffer>, mode: string): void {
  expect([...actual.keys()].sort(), mode).toEqual([...expected.keys()].sort());
  for (const [name, bytes] of expected) expect(actual.get(name)?.equals(bytes), `${name} differs ${mode}`).toBe(true);
}

describe('every execution mode, through the compiled CLI', () => {
  const { source, articles } = allFixtures('editions-modes');
  const runs = new Map<string, Promise<{ run: CliRun; out: string }>>();
  const publishIn = (mode: ExecutionMode) => {
    let run = runs.get(mode);
    if (!run) {
      const out = temporary('out');
      run = publish(['--source', source, '--out', out, ...executionModes[mode]]).then((result) => ({ run: result, out }));
      runs.set(mode, run);
    }
    return run;
  };

  it('the default run, with its helper thread on two cores, publishes every edition of every fixture, pictures included', async () => {
    expect(availableParallelism(), 'the default run takes a helper thread on two cores or more').toBeGreaterThanOrEqual(2);
    const { run, out } = await publishIn('default');
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).not.toMatch(/renderer-failed|\n\s+at /);
    const files = editionsIn(out);
    for (const name of articles.keys()) {
      for (const extension of ['.html', '.pdf', '.epub', '.txt']) {
        const edition = `${slugOf(join(source, name))}${extension}`;
        expect(files.get(edition)?.byteLength, `${name}: ${edition} was not written`).toBeGreaterThan(0);
      }
    }
    expect([...files.keys()].filter((name) => name.endsWith('.pdf'))).toHaveLength(articles.size);
  });

  for (const mode of modeNames.filter((name) => name !== 'default')) {
    it(`${mode} writes the default run's editions byte for byte`, async () => {
      const [reference, other] = await Promise.all([publishIn('default'), publishIn(mode)]);
      expect(other.run.code, other.run.stderr).toBe(0);
      expectSameEditions(editionsIn(other.out), editionsIn(reference.out), `in ${mode}`);
    });
  }

  it('each fixture published alone, in the default mode, gives the batch its very bytes', async () => {
    const reference = editionsIn((await publishIn('default')).out);
    for (const testCase of cases) {
      const source = temporary(`alone-source-${testCase.name}`);
      copyFixture(testCase, source);
      const out = temporary(`alone-${testCase.name}`);
      const run = await publish(['--source', source, '--out', out]);
      expect(run.code, `${testCase.name}: ${run.stderr}`).toBe(0);
      const alone = editionsIn(out);
      expect(alone.size, testCase.name).toBeGreaterThanOrEqual(4);
      for (const [name, bytes] of alone) expect(reference.get(name)?.equals(bytes), `${testCase.name}: ${name} differs from the batch's`).toBe(true);
    }
  });
});

/** The slug an article's editions are named by: its front matter's, or its file name. */
describe('the helper thread, through the compiled CLI', () => {
  for (const mode of modeNames) {
    it(`run by a node given V8's own flags (--max-old-space-size), in the ${mode} mode, writes every edition`, async () => {
      const source = temporary('v8-flags-source');
      copyFixture(cases.find((testCase) => testCase.name === 'linked-pictures') ?? (cases[0] as (typeof cases)[number]), source);
      const out = temporary('v8-flags-out');
      // A thread given a V8 flag as its own refuses to start: it must inherit them.
      const run = await execFileAsync(
        process.execPath,
        ['--max-old-space-size=2048', '--stack-trace-limit=20', cli, '--source', source, '--out', out, ...executionModes[mode]],
        { cwd: projectRoot },
      ).then(
        ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
        (error: { code: number; stdout: string; stderr: string }) => error,
      );
      expect(run.code, run.stderr).toBe(0);
      expect(readdirSync(out).filter((name) => /\.(html|pdf|epub|txt)$/.test(name))).toHaveLength(4);
    });
  }

  it.runIf(availableParallelism() > 1)('takes back work the helper has not started: with one renderer, both threads render it', async () => {
    const source = temporary('stealing-source');
    for (let index = 1; index <= 8; index++)
      writeFileSync(join(source, `slow-${index}.md`), '---\ntitle: Slow\n---\n\nA story whose probe edition takes 0.1 s.\n');
    const out = temporary('stealing-out');
    const run = await publish(['--config', 'tests/configs/thread-probe.config.ts', '--only', 'thread', '--source', source, '--out', out]);
    expect(run.code, run.stderr).toBe(0);
    const threads = readdirSync(out)
      .filter((name) => name.endsWith('.thread.txt'))
      .map((name) => readFileSync(join(out, name), 'utf8').split(' ').at(-1)?.trim());
    expect(threads).toHaveLength(8);
    // The helper is given two articles ahead; this thread, done parsing, renders the newest of the rest.
    expect(threads, 'rendered in this thread').toContain('0');
    expect(
      threads.some((thread) => thread !== '0'),
      'rendered in the helper thread',
    ).toBe(true);
  });

  it('an article that kills the thread, then one that fails, cost only themselves: the articles after them are whole', async () => {
    const source = temporary('isolation-source');
    const story = readFileSync(join(projectRoot, 'source', 'moscow-syria-opposition-contact.md'), 'utf8');
    // In the order the helper gets them: by file name. The first article sent is the helper's (this thread takes back none before the
    // helper has answered once), so the crash is always in a worker thread; the failure may be rendered by either thread.
    writeFileSync(join(source, 'a-crash.md'), '---\ntitle: Crash\n---\n\nA story whose probe edition kills its thread.\n');
    writeFileSync(join(source, 'b-fail.md'), '---\ntitle: Fail\n---\n\nA story whose probe edition fails.\n');
    for (const name of ['c-story', 'd-story', 'e-story']) writeFileSync(join(source, `${name}.md`), story);
    const out = temporary('isolation-out');
    const run = await publish(['--config', 'tests/configs/thread-probe.config.ts', '--source', source, '--out', out]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/a-crash\.md[\s\S]*The thread renderer failed for "a-crash": the probe crashed its thread/);
    expect(run.stderr).toMatch(/b-fail\.md[\s\S]*The thread renderer failed for "b-fail": the probe was asked to fail/);
    expect(run.stdout).toMatch(/of 3\/5 articles written .*; 2 articles failed/);
    const threads = new Set<string>();
    for (const name of ['c-story', 'd-story', 'e-story']) {
      const probe = readFileSync(join(out, `${name}.thread.txt`), 'utf8');
      // Rendered by the helper that replaced the one the crash killed, or taken back by the main thread (0) once it had parsed them all.
      expect(probe).toMatch(new RegExp(`^${name} was rendered in thread \\d+\\n$`));
      if (!probe.endsWith(' 0\n')) threads.add(probe.split(' ').at(-1) ?? '');
      expect(
        readFileSync(join(out, `${name}.html`), 'utf8')
          .trimEnd()
          .endsWith('</html>'),
      ).toBe(true);
    }
    expect(threads.size, 'the stories after the crash that a worker thread rendered went to one new thread').toBeLessThanOrEqual(1);
    for (const name of ['a-crash', 'b-fail']) expect(existsSync(join(out, `${name}.thread.txt`))).toBe(false);
  });

  for (const mode of ['default', 'worker pool (--jobs 2)'] as const) {
    it(`an article whose thread stops without an error (a native module's exit()) costs only itself, in the ${mode} mode`, async () => {
      const source = temporary('exit-source');
      // The first article is the helper's, and the pool worker's: the main thread asks the pool before it takes one of its own.
      writeFileSync(join(source, 'a-exit.md'), '---\ntitle: Exit\n---\n\nA story whose probe edition stops its thread.\n');
      for (const name of ['b-story', 'c-story', 'd-story']) writeFileSync(join(source, `${name}.md`), '---\ntitle: Story\n---\n\nA story.\n');
      const out = temporary('exit-out');
      const run = await publish(['--config', 'tests/configs/thread-probe.config.ts', '--source', source, '--out', out, ...executionModes[mode]], {}, 120_000);
      expect(run.code, run.stderr).toBe(1);
      expect(run.stderr).toMatch(/a-exit\.md[\s\S]*The thread renderer failed for "a-exit": .*stopped \(exit code 5\)/);
      expect(run.stderr, 'the publish ended').not.toMatch(/^editions:/m);
      expect(run.stdout).toMatch(/of 3\/4 articles written .*; 1 article failed/);
      for (const name of ['b-story', 'c-story', 'd-story'])
        expect(readFileSync(join(out, `${name}.thread.txt`), 'utf8')).toMatch(new RegExp(`^${name} was rendered in thread \\d+\\n$`));
    });
  }

  it.runIf(availableParallelism() > 1)(
    'writes whole what the helper renders, a large edition by the helper itself; a write that fails costs that edition only',
    async () => {
      const source = temporary('writes-source');
      // The first article sent is the helper's: this thread takes back none before the helper has answered once.
      writeFileSync(join(source, 'a-large.md'), '---\ntitle: Large\n---\n\nA story whose probe edition is over a megabyte.\n');
      for (const name of ['b-blocked', 'c-story', 'd-story']) writeFileSync(join(source, `${name}.md`), '---\ntitle: Story\n---\n\nA story.\n');
      const out = temporary('writes-out');
      // A folder where an edition goes: its write fails, whichever thread rendered it.
      mkdirSync(join(out, 'b-blocked.thread.txt', 'in-the-way'), { recursive: true });
      const run = await publish(['--config', 'tests/configs/thread-probe.config.ts', '--source', source, '--out', out]);
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(/b-blocked\.md[\s\S]*Could not write b-blocked\.thread\.txt \(E[A-Z]+\)/);
      const large = readFileSync(join(out, 'a-large.thread.txt'), 'utf8');
      expect(large).toMatch(/^a-large was rendered in thread [1-9]\d*\n\.{1048576}$/);
      for (const name of ['c-story', 'd-story'])
        expect(readFileSync(join(out, `${name}.thread.txt`), 'utf8')).toMatch(new RegExp(`^${name} was rendered in thread \\d+\\n$`));
      for (const name of ['a-large', 'b-blocked', 'c-story', 'd-story']) {
        for (const extension of ['.html', '.txt']) expect(existsSync(join(out, `${name}${extension}`)), `${name}${extension}`).toBe(true);
      }
    },
  );

  it.runIf(availableParallelism() > 1)('renders every article exactly once when both threads claim from one queue and the helper dies mid-queue', async () => {
    const source = temporary('claims-source');
    // The helper is sent every article as it is parsed, by file name: the crash is its second, with articles queued behind it when it
    // dies; this thread takes back the newest once the helper has answered.
    for (let index = 1; index <= 8; index++)
      writeFileSync(join(source, `slow-${String(index).padStart(2, '0')}.md`), '---\ntitle: Slow\n---\n\nA story whose probe edition takes 0.1 s.\n');
    writeFileSync(join(source, 'slow-01b-crash.md'), '---\ntitle: Crash\n---\n\nA story whose probe edition kills its thread.\n');
    const out = temporary('claims-out');
    const log = join(temporary('claims-log'), 'renders.txt');
    const run = await publish(['--config', 'tests/configs/thread-probe.config.ts', '--only', 'thread', '--source', source, '--out', out], {
      EDITIONS_PROBE_LOG: log,
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/slow-01b-crash\.md[\s\S]*The thread renderer failed for "slow-01b-crash": the probe crashed its thread/);
    expect(run.stdout).toMatch(/^8 editions of 8\/9 articles written .*; 1 article failed/m);
    // Every render as it started, by article and thread: the written files would hide an article rendered twice.
    const renders = readFileSync(log, 'utf8').trim().split('\n');
    expect(
      renders.filter((line) => line.startsWith('slow-01b-crash ')),
      'the crash, rendered by the helper it killed and by no other',
    ).toHaveLength(1);
    const threads = new Set<string>();
    for (let index = 1; index <= 8; index++) {
      const name = `slow-${String(index).padStart(2, '0')}`;
      const rendered = renders.filter((line) => line.startsWith(`${name} `));
      expect(rendered, `${name}: rendered once, by one thread`).toHaveLength(1);
      const thread = rendered[0]?.split(' ')[1] ?? '';
      threads.add(thread);
      expect(readFileSync(join(out, `${name}.thread.txt`), 'utf8')).toBe(`${name} was rendered in thread ${thread}\n`);
    }
    expect(threads, 'this thread took some back').toContain('0');
    expect(threads.size, 'the helper, or the one that replaced it, rendered some').toBeGreaterThan(1);
    expect(existsSync(join(out, 'slow-01b-crash.thread.txt'))).toBe(false);
  });
});

describe("a user renderer's bugs, in every mode: its article fails, the others are published", () => {
  // tests/configs/render-faults.config.ts: two probes, "heavy" (the helper thread's in the default mode) and "light" (this thread's).
  const faults = { hang: 'Hang', 'async-throw': 'Async throw', rejected: 'Rejected', exit: 'Exit' };
  const stories = ['c-story', 'd-story', 'e-story'];
  for (const mode of modeNames) {
    // By file name, the first article is the helper's (this thread takes back none before the helper has answered once) and, with
    // --jobs 2, the pool worker's (asked for before this thread takes its own): each fault, first, is met in another thread.
    for (const [first, firstTitle] of Object.entries(faults)) {
      it(`a render that never settles, one that throws from a timer, one that leaves a promise rejected, one that calls process.exit, in the ${mode} mode, "${firstTitle}" first`, async () => {
        const source = temporary('faults-source');
        const slugs = Object.keys(faults).map((fault) => `${fault === first ? 'a' : 'b'}-${fault}`);
        for (const [slug, title] of slugs.map((slug, index) => [slug, Object.values(faults)[index]]))
          writeFileSync(join(source, `${slug}.md`), `---\ntitle: ${title}\n---\n\nA story.\n`);
        for (const name of stories) writeFileSync(join(source, `${name}.md`), '---\ntitle: Story\n---\n\nA story.\n');
        const out = temporary('faults-out');
        // Killed after two minutes: a run that hangs fails here (no exit code) instead of hanging the suite.
        const run = await publish(
          ['--config', 'tests/configs/render-faults.config.ts', '--source', source, '--out', out, ...executionModes[mode]],
          {},
          120_000,
        );
        expect(run.code, run.stderr).toBe(1);
        const [hang, thrown, rejected, exited] = slugs;
        // Whichever thread rendered them: a probe's own failure, or (a pool worker's death) its thread's, which its message carries.
        for (const probe of ['heavy', 'light']) {
          expect(run.stderr).toMatch(
            new RegExp(`${hang}\\.md[\\s\\S]*The ${probe} renderer failed for "${hang}": it never settled: nothing was left in its thread`),
          );
          expect(run.stderr).toMatch(new RegExp(`The ${probe} renderer failed for "${thrown}": .*the (heavy|light) probe threw from a timer`));
          expect(run.stderr).toMatch(new RegExp(`The ${probe} renderer failed for "${rejected}": .*the (heavy|light) probe left a promise rejected`));
          expect(run.stderr).toMatch(new RegExp(`The ${probe} renderer failed for "${exited}": .*it called process\\.exit\\(3\\), which would have stopped`));
        }
        expect(run.stderr, 'no error outside the articles').not.toMatch(/^editions:/m);
        expect(run.stderr, "no stack of Editions' own under the render that never settled").not.toContain('failStrandedRenders');
        expect(run.stdout).toMatch(/of 3\/7 articles written .*; 4 articles failed/);
        const written = readdirSync(out).filter((name) => !name.startsWith('.'));
        for (const name of stories) {
          for (const probe of ['heavy', 'light']) expect(readFileSync(join(out, `${name}.${probe}.txt`), 'utf8')).toBe(`${name} by ${probe}\n`);
          expect(written).toContain(`${name}.txt`);
        }
        for (const slug of slugs) expect(written.filter((file) => file.startsWith(`${slug}.`) && file !== `${slug}.txt`)).toEqual([]);
      });
    }
  }
});

describe("a user renderer's throw after its render settled, in every mode: reported against its own article, which no other pays for", () => {
  // tests/configs/late-throw.config.ts: the first article's probes throw 0.1 s after rendering it, while their threads render the next.
  for (const mode of modeNames) {
    it(`in the ${mode} mode`, async () => {
      const source = temporary('late-source');
      const stories = ['b-story', 'c-story', 'd-story', 'e-story'];
      writeFileSync(join(source, 'a-late.md'), '---\ntitle: Late throw\n---\n\nA story.\n');
      for (const name of stories) writeFileSync(join(source, `${name}.md`), '---\ntitle: Story\n---\n\nA story.\n');
      const out = temporary('late-out');
      const run = await publish(['--config', 'tests/configs/late-throw.config.ts', '--source', source, '--out', out, ...executionModes[mode]], {}, 120_000);
      expect(run.code, run.stderr).toBe(1);
      for (const probe of ['heavy', 'light'])
        expect(run.stderr).toMatch(
          new RegExp(`a-late\\.md: the ${probe} renderer threw after its render had settled .*: Error: the ${probe} probe threw after its render`),
        );
      expect(run.stderr, 'no article failed').not.toMatch(/renderer failed|worker thread failed/);
      expect(run.stdout).toMatch(/of 5\/5 articles written/);
      for (const name of ['a-late', ...stories])
        for (const probe of ['heavy', 'light']) expect(readFileSync(join(out, `${name}.${probe}.txt`), 'utf8')).toBe(`${name} by ${probe}\n`);
    });

    // One article: its heavy edition is the helper's in the default mode, and the pool worker's with --jobs 2 (see above).
    it(`after the run's other work, in the ${mode} mode: its thread is not stopped before, and the run exits 1 once it is reported`, async () => {
      const source = temporary('after-source');
      writeFileSync(join(source, 'after.md'), '---\ntitle: After the run\n---\n\nA story.\n');
      const out = temporary('after-out');
      const run = await publish(['--config', 'tests/configs/late-throw.config.ts', '--source', source, '--out', out, ...executionModes[mode]], {}, 120_000);
      expect(run.code, run.stderr).toBe(1);
      for (const probe of ['heavy', 'light'])
        expect(run.stderr).toMatch(
          new RegExp(`after\\.md: the ${probe} renderer threw after its render had settled .*: Error: the ${probe} probe threw after the run`),
        );
      expect(run.stdout).toMatch(/of 1\/1 article written/);
    });

    it(`a timer its code never ends keeps the run waiting after its summary, in the ${mode} mode, as the main thread does`, async () => {
      const source = temporary('interval-source');
      writeFileSync(join(source, 'interval.md'), '---\ntitle: Interval\n---\n\nA story.\n');
      const out = temporary('interval-out');
      const { child, output } = startCli(['--config', 'tests/configs/late-throw.config.ts', '--source', source, '--out', out, ...executionModes[mode]]);
      try {
        await vi.waitFor(() => expect(output.text).toMatch(/ written in /), { timeout: 60_000, interval: 20 });
        // The threads were stopped at the end of the publish: the process exited within milliseconds of its summary.
        await new Promise((resolve) => setTimeout(resolve, 1000));
        expect(child.exitCode, output.text).toBeNull();
      } finally {
        child.kill();
      }
    });
  }
});

describe('an uncaught error no render threw, in a worker thread after the run', () => {
  for (const mode of ['default', 'worker pool (--jobs 2)'] as const) {
    it(`is reported as the main thread reports it, and the run exits 1, in the ${mode} mode`, async () => {
      const source = temporary('stray-source');
      writeFileSync(join(source, 'story.md'), '---\ntitle: Story\n---\n\nA story.\n');
      const out = temporary('stray-out');
      const run = await publish(
        ['--config', 'tests/configs/stray-throw-after-run.config.ts', '--source', source, '--out', out, ...executionModes[mode]],
        { EDITIONS_PROBE_MANIFEST: join(out, '.editions-manifest.json') },
        120_000,
      );
      expect(run.code, run.stderr).toBe(1);
      expect(run.stderr).toMatch(
        /^editions: an uncaught exception, thrown by no render in flight; .*: Error: the config threw from a timer in a worker thread/m,
      );
      expect(run.stderr.match(/^editions:/gm), 'one error, its own').toHaveLength(1);
    });
  }
});

describe("renderers' options, in every thread", () => {
  /** Six articles: enough that every mode gives some to another thread. */
  const source = temporary('options-source');
  const story = readFileSync(join(projectRoot, 'source', 'moscow-syria-opposition-contact.md'), 'utf8');
  for (let index = 1; index <= 6; index++) writeFileSync(join(source, `story-${index}.md`), story.replace(/^slug:.*\n/m, ''));

  /** Every PDF is on Letter paper (612 × 792 points) and every text line within 40 columns, under the theme's masthead, as configured. */
  function expectConfigured(out: string, where: string): void {
    for (let index = 1; index <= 6; index++) {
      expect(readFileSync(join(out, `story-${index}.pdf`)).toString('latin1'), `${where}: story-${index}.pdf`).toMatch(/\/MediaBox \[0 0 612 792\]/);
      const lines = readFileSync(join(out, `story-${index}.txt`), 'utf8').split('\n');
      expect(Math.max(...lines.map((line) => line.length)), `${where}: story-${index}.txt`).toBeLessThanOrEqual(40);
      expect(lines.slice(0, 2), `${where}: story-${index}.txt`).toEqual(['The Harbour Gazette', '═'.repeat(40)]);
    }
  }

  for (const mode of modeNames) {
    it(`given to publish() in a script run with \`node --input-type=module -e\`, in the ${mode} mode`, async () => {
      const out = temporary('options-api');
      const jobs = executionModes[mode][1];
      const script = `
        import { publish, html, pdf, epub, text } from ${JSON.stringify(pathToFileURL(join(projectRoot, 'dist', 'index.js')).href)};
        const result = await publish(
          { source: ${JSON.stringify(source)}, outDir: ${JSON.stringify(out)}, renderers: [html(), pdf({ pageSize: 'LETTER' }), epub(), text({ width: 40 })], theme: { name: 'The Harbour Gazette', rule: '═' } },
          ${jobs === undefined ? '{}' : `{ jobs: ${jobs} }`},
        );
        console.log(result.written.length);`;
      const { stdout } = await execFileAsync(process.execPath, ['--input-type=module', '-e', script], { cwd: projectRoot });
      expect(stdout.trim()).toBe('24');
      expectConfigured(out, mode);
    });

    it(`given in a config file to the CLI, in the ${mode} mode`, async () => {
      const out = temporary('options-cli');
      const run = await publish(['--config', 'tests/configs/letter-narrow.config.ts', '--source', source, '--out', out, ...executionModes[mode]]);
      expect(run.code, run.stderr).toBe(0);
      expectConfigured(out, mode);
    });
  }
});
