import type { ChildProcess } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { createServer, type Server } from 'node:net';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, launchChromium } from './helpers/browser.js';
import { articleArchive } from './helpers/cases.js';
import { executionModes, idle, publish, startCli } from './helpers/cli.js';
import { describeWithTools } from './helpers/tools.js';
import { assertWhole, filesUnder } from './helpers/whole.js';

const story = (title: string, body: string, date = '2024-05-01') => `---\ntitle: ${title}\nauthor: Preview Desk\ndate: ${date}\nlang: en\n---\n\n${body}\n`;

/** The compiled CLI with `--preview`, in the project's folder (its config: four editions). */
const startPreview = (args: string[]) => startCli(['--preview', ...args]);

async function until<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, timeout = 60_000, output?: { text: string }): Promise<T> {
  const deadline = Date.now() + timeout;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${output ? `:\n${output.text}` : ''}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** A raw GET, the path sent exactly as written (no URL normalisation); it fails when no answer has come after `timeout` ms. */
function get(host: string, port: number, path: string, timeout = 30_000): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const call = request({ host, port, path, method: 'GET' }, (response) => {
      let body = '';
      response.on('data', (chunk) => {
        body += chunk;
      });
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
    });
    call.on('error', reject);
    call.setTimeout(timeout, () => call.destroy(new Error(`no answer to GET ${path} in ${timeout} ms`)));
    call.end();
  });
}

/** A page's event stream (`/_preview/events`), its text as it comes; `close` ends it. */
function eventStream(port: number): { readonly text: () => string; readonly close: () => void } {
  let text = '';
  const call = request({ host: '127.0.0.1', port, path: '/_preview/events', method: 'GET' }, (response) => {
    response.on('data', (chunk) => {
      text += chunk;
    });
  });
  call.on('error', () => undefined);
  call.end();
  return { text: () => text, close: () => call.destroy() };
}

function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => child.on('exit', (code) => resolve(code)));
}

describeWithTools(['chromium', 'poppler'], 'npm run preview', () => {
  const source = mkdtempSync(join(tmpdir(), 'editions-preview-src-'));
  const out = mkdtempSync(join(tmpdir(), 'editions-preview-out-'));
  let browser: Browser;
  let preview: ReturnType<typeof startPreview>;
  let base: string;
  let port: number;
  let blocker: Server;

  beforeAll(async () => {
    writeFileSync(join(source, 'story.md'), story('First draft', 'The first draft of the story.'));
    // With a warning, which the preview shows as long as the article is not fixed, however often the others change.
    writeFileSync(join(source, 'other.md'), `${story('Another story', 'Nothing changes here.', '2024-04-30')}\n![A chart](chart.png)\n`);
    // A port in use: the preview says so and takes another.
    blocker = createServer();
    const taken = await new Promise<number>((resolve) => blocker.listen(0, '127.0.0.1', () => resolve((blocker.address() as { port: number }).port)));
    preview = startPreview(['--source', source, '--out', out, '--port', String(taken)]);
    const url = await until(
      'the preview address',
      () => /Preview: (http:\/\/127\.0\.0\.1:(\d+)\/)/.exec(preview.output.text) ?? undefined,
      60_000,
      preview.output,
    );
    base = url[1] as string;
    port = Number(url[2]);
    expect(preview.output.text).toContain(`Port ${taken} is in use`);
    expect(port).not.toBe(taken);
    await until('the first publish', () => / written in /.test(preview.output.text), 60_000, preview.output);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    blocker?.close();
    if (preview && preview.child.exitCode === null) preview.child.kill('SIGKILL');
  });

  it('the index lists the articles with their PDF first page and EPUB cover as pictures, and links to the editions', async () => {
    const page = await browser.newPage();
    await page.goto(base, { waitUntil: 'load' });
    const headlines = await page.locator('h2').allTextContents();
    expect(headlines).toEqual(['First draft', 'Another story']);
    const pictures = await page.evaluate(() => {
      const { document } = globalThis as unknown as { document: { images: ArrayLike<{ src: string; naturalWidth: number; alt: string }> } };
      return Array.from(document.images, (image) => ({ src: new URL(image.src).pathname, loaded: image.naturalWidth > 0, alt: image.alt }));
    });
    expect(pictures).toEqual([
      { src: '/_preview/pdf-page/story.png', loaded: true, alt: 'First page of the PDF edition: First draft' },
      { src: '/_preview/epub-cover/story.svg', loaded: true, alt: 'Cover of the EPUB edition: First draft' },
      { src: '/_preview/pdf-page/other.png', loaded: true, alt: 'First page of the PDF edition: Another story' },
      { src: '/_preview/epub-cover/other.svg', loaded: true, alt: 'Cover of the EPUB edition: Another story' },
    ]);
    const links = await page.locator('#article-story .editions a').evaluateAll((anchors) => anchors.map((anchor) => anchor.getAttribute('href')));
    expect(links).toEqual(['story.html', 'story.pdf', 'story.epub', 'story.txt']);
    const pdf = await page.request.get(new URL('story.pdf', base).href);
    expect(pdf.headers()['content-type']).toBe('application/pdf');
    expect(pdf.headers()['content-disposition']).toBeUndefined();
    await page.close();
  });

  it("its index and an article page load with no console error: the preview answers the browser's /favicon.ico", async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(`${message.text()} (${message.location().url})`);
    });
    for (const path of ['', 'story.html']) {
      await page.goto(new URL(path, base).href, { waitUntil: 'load' });
      // The browser asks for the icon after the page has loaded: wait for its answer.
      await page.waitForResponse((response) => new URL(response.url()).pathname === '/favicon.ico', { timeout: 10_000 }).catch(() => undefined);
    }
    expect(errors).toEqual([]);
    const icon = await get('127.0.0.1', port, '/favicon.ico');
    expect(icon.status).toBe(200);
    await page.close();
  });

  it('an open article page reloads when its source is saved, and shows an error until it is fixed; the editions never carry the script', async () => {
    const page = await browser.newPage();
    const problems: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(message.text());
    });
    await page.goto(new URL('story.html', base).href, { waitUntil: 'load' });
    // Connected once the server's first event has arrived.
    await page.waitForFunction(() => (globalThis as unknown as { performance: { getEntriesByType(type: string): unknown[] } }).performance !== undefined);
    await page.waitForTimeout(300);

    const saved = Date.now();
    writeFileSync(join(source, 'story.md'), story('Second draft', 'The second draft of the story.'));
    await page.waitForFunction(() => (globalThis as unknown as { document: { title: string } }).document.title === 'Second draft', undefined, {
      timeout: 10_000,
    });
    const reloadMs = Date.now() - saved;
    process.stdout.write(`preview: the page reloaded ${reloadMs} ms after the save\n`);
    expect(await page.locator('article').textContent()).toContain('The second draft of the story.');

    writeFileSync(join(source, 'story.md'), story('Broken draft', 'A broken date.', '2013-02-31'));
    const alert = page.locator('#editions-preview-messages');
    await alert.waitFor({ state: 'visible', timeout: 10_000 });
    expect(await alert.textContent()).toMatch(/story\.md:4:7 error Front matter `date` must be a real date/);
    expect(await alert.getAttribute('role')).toBe('alert');
    const index = await get('127.0.0.1', port, '/');
    expect(index.body).toContain('This article failed');
    expect(index.body).not.toContain('href="story.pdf"');
    expect(preview.output.text).toMatch(/story\.md\s*\n?\s*4:7\s+error/);

    writeFileSync(join(source, 'story.md'), story('Third draft', 'The third draft of the story.'));
    await page.waitForFunction(() => (globalThis as unknown as { document: { title: string } }).document.title === 'Third draft', undefined, {
      timeout: 10_000,
    });
    // The fixed page loads before the publish's messages arrive; the overlay goes with them.
    await alert.waitFor({ state: 'detached', timeout: 10_000 });
    // The other article was not read again by these publishes: its warning is still shown.
    expect((await get('127.0.0.1', port, '/')).body).toMatch(/other\.md:\d+:\d+ warning [^\n]*chart\.png/);
    expect(problems).toEqual([]);
    await page.close();

    for (const edition of ['story.html', 'other.html']) {
      const html = readFileSync(join(out, edition), 'utf8');
      expect(html).not.toContain('EventSource');
      expect(html).not.toContain('_preview');
    }
    // "Within a second" on a quiet machine (0.5–0.7 s here, on two shared cores); the bound leaves room for a loaded CI runner.
    expect(reloadMs).toBeLessThan(2_000);
  });

  it('an edit undone back to the published text clears the error it had shown (the article is up to date, not read again)', async () => {
    const page = await browser.newPage();
    await page.goto(new URL('story.html', base).href, { waitUntil: 'load' });
    await page.waitForTimeout(300);
    const published = readFileSync(join(source, 'story.md'), 'utf8');
    writeFileSync(join(source, 'story.md'), story('Broken again', 'Another broken date.', '2013-02-30'));
    const alert = page.locator('#editions-preview-messages');
    await alert.waitFor({ state: 'visible', timeout: 10_000 });
    writeFileSync(join(source, 'story.md'), published);
    await alert.waitFor({ state: 'detached', timeout: 10_000 });
    await until('the index without the error', async () => !(await get('127.0.0.1', port, '/')).body.includes('This article failed'), 10_000);
    await page.close();
  });

  it('shows from its start the warnings of articles already published and up to date', async () => {
    const warned = mkdtempSync(join(tmpdir(), 'editions-preview-warned-'));
    const warnedOut = mkdtempSync(join(tmpdir(), 'editions-preview-warned-out-'));
    writeFileSync(join(warned, 'chart-story.md'), `${story('A chart story', 'The chart is missing.')}\n![A chart](missing-chart.png)\n`);
    expect((await publish(['--source', warned, '--out', warnedOut])).code).toBe(0);
    const second = startPreview(['--source', warned, '--out', warnedOut, '--port', '0']);
    try {
      const url = await until(
        'the second preview',
        () => /Preview: (http:\/\/127\.0\.0\.1:(\d+)\/)/.exec(second.output.text) ?? undefined,
        60_000,
        second.output,
      );
      // Its first publish finds the article up to date, reads nothing, and the preview reads it for its messages.
      const warning = /chart-story\.md:\d+:\d+ warning [^\n]*missing-chart\.png/;
      await until('the warning on its index', async () => warning.test((await get('127.0.0.1', Number(url[2]), '/')).body) || undefined, 20_000, second.output);
      expect(second.output.text).toMatch(/0 editions of 1\/1 article written/);
    } finally {
      second.child.kill('SIGKILL');
    }
  });

  it('its front page of Arabic stories is in English, as its own words are, each story in its language; axe finds no violation (each message region named apart)', async () => {
    const arabic = mkdtempSync(join(tmpdir(), 'editions-preview-arabic-'));
    const arabicOut = mkdtempSync(join(tmpdir(), 'editions-preview-arabic-out-'));
    for (const [slug, day] of [
      ['talks', '02'],
      ['summit', '01'],
    ]) {
      writeFileSync(join(arabic, `${slug}.md`), `---\ntitle: محادثات ${day}\ndate: 2024-05-${day}\nlang: ar\n---\n\nنص.\n\n![رسم](missing-${slug}.png)\n`);
    }
    const second = startPreview(['--source', arabic, '--out', arabicOut, '--port', '0']);
    const context = await browser.newContext({ bypassCSP: true });
    try {
      const url = await until('the preview', () => /Preview: (http:\/\/127\.0\.0\.1:\d+\/)/.exec(second.output.text)?.[1], 60_000, second.output);
      const warned = (body: string) => /talks\.md:\d+:\d+ warning/.test(body) && /summit\.md:\d+:\d+ warning/.test(body);
      await until(
        'both warnings on its index',
        async () => warned((await get('127.0.0.1', Number(new URL(url).port), '/')).body) || undefined,
        60_000,
        second.output,
      );
      const page = await context.newPage();
      await page.goto(url, { waitUntil: 'load' });
      expect(await page.locator('html').getAttribute('lang')).toBe('en');
      expect(await page.locator('h1').textContent()).toBe('Preview');
      expect(await page.locator('#article-talks').getAttribute('lang')).toBe('ar');
      expect(await page.locator('#article-talks').getAttribute('dir')).toBe('rtl');
      expect(await page.locator('#article-talks .pictures').getAttribute('lang')).toBe('en');
      expect(await page.locator('section.messages').evaluateAll((regions) => regions.map((region) => region.getAttribute('aria-label')))).toEqual([
        'Messages: talks.md',
        'Messages: summit.md',
      ]);
      expect(await axeViolations(page)).toEqual([]);
    } finally {
      await context.close();
      second.child.kill('SIGKILL');
    }
  });

  it('ten tabs of one browser all load, and all reload on a save: one tab holds the event stream for the others', async () => {
    const context = await browser.newContext();
    const pages = [];
    for (let index = 0; index < 10; index++) {
      const page = await context.newPage();
      // A browser opens six connections to a host at most: with a stream in each tab, the seventh never loaded.
      await page.goto(new URL(index % 2 === 0 ? 'story.html' : 'other.html', base).href, { waitUntil: 'load', timeout: 10_000 });
      pages.push(page);
    }
    await pages[0]?.waitForTimeout(500);
    writeFileSync(join(source, 'story.md'), story('Tenth tab draft', 'Seen in every tab.'));
    for (const page of pages.filter((_, index) => index % 2 === 0)) {
      await page.waitForFunction(() => (globalThis as unknown as { document: { title: string } }).document.title === 'Tenth tab draft', undefined, {
        timeout: 10_000,
      });
    }
    await context.close();
  });

  it('answers only on the loopback address', async () => {
    const elsewhere = Object.values(networkInterfaces())
      .flat()
      .filter((item) => item && !item.internal && item.family === 'IPv4')
      .map((item) => item?.address as string);
    // The machine's other addresses (IPv4: link-local IPv6 ones need a zone) and the IPv6 loopback.
    for (const host of ['::1', ...elsewhere]) {
      await expect(get(host, port, '/'), host).rejects.toMatchObject({ code: expect.stringMatching(/ECONNREFUSED|EADDRNOTAVAIL|ENETUNREACH/) });
    }
    expect((await get('127.0.0.1', port, '/story.html')).status).toBe(200);
  });

  it('refuses paths outside the output folder, in any spelling, and its hidden files', async () => {
    for (const path of [
      '/../package.json',
      '/%2e%2e/package.json',
      '/%2E%2E/%2e%2e/package.json',
      '/..%2Fpackage.json',
      '/..%5Cpackage.json',
      '/.editions-manifest.json',
    ]) {
      const answer = await get('127.0.0.1', port, path);
      expect(answer.status, path).toBe(403);
      expect(answer.body, path).not.toContain('"name"');
    }
  });

  it('stops cleanly on Ctrl-C', async () => {
    // Once the last save's publish has ended: a Ctrl-C during one stops it (exit 130).
    await idle(preview.output);
    const exit = exited(preview.child);
    preview.child.kill('SIGINT');
    expect(await exit).toBe(0);
    await expect(get('127.0.0.1', port, '/')).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });
});

describeWithTools(['poppler'], 'npm run preview with an article in a folder of the source folder', () => {
  it('serves its page and editions at their folder, pictures them on the index, reloads the page on a save and shows its messages', async () => {
    const source = mkdtempSync(join(tmpdir(), 'editions-preview-src-'));
    const out = mkdtempSync(join(tmpdir(), 'editions-preview-out-'));
    mkdirSync(join(source, '2026', '12'), { recursive: true });
    const nested = join(source, '2026', '12', 'story.md');
    writeFileSync(nested, story('In a folder', 'Filed by date.'));
    const preview = startPreview(['--source', source, '--out', out, '--port', '0']);
    try {
      const port = Number(
        await until('the preview address', () => /Preview: http:\/\/127\.0\.0\.1:(\d+)\//.exec(preview.output.text)?.[1], 60_000, preview.output),
      );
      await until('the first publish', () => / written in /.test(preview.output.text), 60_000, preview.output);
      const page = await get('127.0.0.1', port, '/2026/12/story.html');
      expect(page.status).toBe(200);
      expect(page.body).toContain('Filed by date.');
      const index = (await get('127.0.0.1', port, '/')).body;
      expect(index).toContain('href="2026/12/story.html"');
      for (const picture of ['/_preview/pdf-page/2026/12/story.png', '/_preview/epub-cover/2026/12/story.svg']) {
        expect(index).toContain(`src="${picture}"`);
        expect((await get('127.0.0.1', port, picture)).status, picture).toBe(200);
      }
      const events = eventStream(port);
      try {
        // Its state known, its folder is watched.
        await until('the state of the article', () => events.text().includes('"2026/12/story":{'), 60_000, preview.output);
        // A save rewrites the page in its folder, which reloads; a bad date then shows in the state of the slug with its folders.
        writeFileSync(nested, story('In a folder', 'Filed again.'));
        await until('the page reload event', () => events.text().includes('"path":"/2026/12/story.html"'), 60_000, preview.output);
        writeFileSync(nested, story('In a folder', 'Filed again.', '2026-02-31'));
        await until(
          'the error in the state',
          () => /"2026\/12\/story":\{"source":"2026\/12\/story\.md","messages":\[\{"text":"[^"]*2026\/12\/story\.md:4:7 error/.test(events.text()),
          60_000,
          preview.output,
        );
      } finally {
        events.close();
      }
    } finally {
      // Ctrl-C has its own test ("stops cleanly on Ctrl-C"); here the publish of the edit may still run, and a Ctrl-C during a
      // publish of the preview was seen to leave the process running (README, known faults).
      preview.child.kill('SIGKILL');
    }
  }, 180_000);
});

describe('npm run preview, while an edit republishes', () => {
  it("answers while a heavy edition of the edited article is still being set: it is set in the helper thread, never in the server's thread", async () => {
    const source = mkdtempSync(join(tmpdir(), 'editions-preview-hold-src-'));
    const out = mkdtempSync(join(tmpdir(), 'editions-preview-hold-out-'));
    const folder = mkdtempSync(join(tmpdir(), 'editions-preview-hold-'));
    const log = join(folder, 'renders.txt');
    const hold = join(folder, 'hold');
    writeFileSync(join(source, 'story.md'), story('First draft', 'The first draft of the story.'));
    const running = startCli(['--preview', '--config', 'tests/configs/hold-probe.config.ts', '--source', source, '--out', out, '--port', '0'], {
      EDITIONS_PROBE_LOG: log,
      EDITIONS_PROBE_HOLD: hold,
    });
    try {
      const port = Number(
        await until('the preview address', () => /Preview: http:\/\/127\.0\.0\.1:(\d+)\//.exec(running.output.text)?.[1], 60_000, running.output),
      );
      await until('the first publish', () => / written in /.test(running.output.text), 60_000, running.output);
      // From now on the probe's edition holds its thread until the file is removed.
      writeFileSync(hold, '');
      // A long article: a short one is set in the server's thread, warm, and holds it no longer than it takes.
      writeFileSync(join(source, 'story.md'), story('Second draft', 'The second draft of the story. '.repeat(3000)));
      await until(
        'the edition held',
        () =>
          readFileSync(log, 'utf8')
            .split('\n')
            .filter((line) => line === 'start story').length === 2,
        60_000,
        running.output,
      );
      const page = await get('127.0.0.1', port, '/story.html');
      expect(page.status).toBe(200);
      expect(page.body, 'the edited page, made ahead of the held edition').toContain('The second draft of the story.');
      expect(readFileSync(log, 'utf8'), 'answered while the edition was held').toBe('start story\nend story\nstart story\n');
      rmSync(hold);
      await until(
        'the held edition written',
        () => existsSync(join(out, 'story.hold.txt')) && readFileSync(join(out, 'story.hold.txt'), 'utf8') === 'Second draft\n',
        60_000,
        running.output,
      );
    } finally {
      rmSync(hold, { force: true });
      running.child.kill('SIGKILL');
    }
  });

  // The modes in which an edit renders in the server's thread (an edit's publish takes --jobs 1 unless told).
  for (const mode of ['default', 'one thread (--jobs 1)'] as const) {
    it(`in the ${mode} mode: a render that never settles fails its edition, shown on the open pages; the server answers throughout, and the next save is published`, async () => {
      const source = mkdtempSync(join(tmpdir(), 'editions-preview-faults-src-'));
      const out = mkdtempSync(join(tmpdir(), 'editions-preview-faults-out-'));
      const hold = join(mkdtempSync(join(tmpdir(), 'editions-preview-faults-')), 'hold');
      writeFileSync(join(source, 'first.md'), story('Story', 'A story.'));
      // tests/configs/render-faults.config.ts: by the title, "Hang" never settles, "Held" waits until the hold file is removed.
      const running = startCli(
        ['--preview', '--config', 'tests/configs/render-faults.config.ts', '--source', source, '--out', out, '--port', '0', ...executionModes[mode]],
        { EDITIONS_PROBE_HOLD: hold },
      );
      let events: ReturnType<typeof eventStream> | undefined;
      try {
        const port = Number(
          await until('the preview address', () => /Preview: http:\/\/127\.0\.0\.1:(\d+)\//.exec(running.output.text)?.[1], 60_000, running.output),
        );
        await until('the first publish', () => / written in /.test(running.output.text), 60_000, running.output);
        // An open page's stream: a connection held open through the publishes.
        events = eventStream(port);
        // One publish, one article after the other by file name: held.md waits (on a timer) until the hold file goes, then never.md never settles.
        writeFileSync(hold, '');
        writeFileSync(join(source, 'held.md'), story('Held', 'A story.'));
        writeFileSync(join(source, 'never.md'), story('Hang', 'A story.'));
        await until('the held render', () => readFileSync(hold, 'utf8').includes('light') || undefined, 15_000, running.output);
        // Asked while a publish runs, when the session's handles do not hold the event loop.
        const index = await get('127.0.0.1', port, '/', 15_000);
        expect(index.status).toBe(200);
        rmSync(hold);
        const stream = events;
        await until(
          'the failure on the event stream',
          () => /never\.md[^"]* error The light renderer failed for \\"never\\": it never settled/.test(stream.text()) || undefined,
          15_000,
          running.output,
        );
        // The terminal prints the publish's messages once its summary is made, which may come after the open pages are told.
        await until(
          'the failure in the terminal',
          () => running.output.text.includes('The heavy renderer failed for "never": it never settled: nothing was left in its thread') || undefined,
          15_000,
          running.output,
        );
        writeFileSync(join(source, 'later.md'), story('Story', 'A story.'));
        await until('the next save published', () => existsSync(join(out, 'later.light.txt')) || undefined, 15_000, running.output);
        expect((await get('127.0.0.1', port, '/later.light.txt', 15_000)).body).toBe('later by light\n');
        expect((await get('127.0.0.1', port, '/held.heavy.txt', 15_000)).body).toBe('held by heavy\n');
        expect(running.output.text, 'no error outside the articles').not.toMatch(/^editions:/m);
      } finally {
        events?.close();
        rmSync(hold, { force: true });
        running.child.kill('SIGKILL');
      }
    });
  }
});

describeWithTools(['qpdf'], 'npm run preview, stopped while an edit republishes', () => {
  it('Ctrl-C during the publish of an edit starts no more articles, finishes those begun, keeps them, and exits 130 at once: every file whole, the collections as they were, the next publish writes the rest', {
    timeout: 300_000,
  }, async () => {
    const articles = 60;
    const config = 'tests/configs/interrupted.config.ts';
    const source = articleArchive(articles, 'editions-preview-stop-src-');
    const out = mkdtempSync(join(tmpdir(), 'editions-preview-stop-out-'));
    const first = await publish(['--config', config, '--source', source, '--out', out]);
    expect(first.code, first.stderr).toBe(0);
    const isCollection = (path: string) => !/^article-\d+\./.test(path) && !path.includes('.images/');
    const collections = filesUnder(out)
      .filter(isCollection)
      .map((path) => [path, readFileSync(join(out, path))] as const);
    expect(collections.length).toBeGreaterThan(0);
    const running = startPreview(['--config', config, '--source', source, '--out', out, '--port', '0']);
    try {
      await until('the first publish', () => / written in /.test(running.output.text), 60_000, running.output);
      // Every article edited at once, as the preview starts: it is still reading the messages of the articles it found up to date.
      const mark = running.output.text.length;
      for (const name of readdirSync(source).filter((item) => item.endsWith('.md'))) appendFileSync(join(source, name), '\nA paragraph added later.\n');
      await until("the edit's publish", () => /^html\s/m.test(running.output.text.slice(mark)) || undefined, 60_000, running.output);
      const exit = new Promise((resolve) => running.child.on('exit', (code, signal) => resolve({ code, signal })));
      running.child.kill('SIGINT');
      // It used to go on running once the publish ended, with a watcher of the output folder made after the session closed it.
      const bound = new Promise((resolve) => setTimeout(() => resolve('still running 20 s after Ctrl-C'), 20_000));
      expect(await Promise.race([exit, bound]), running.output.text).toEqual({ code: 130, signal: null });
    } finally {
      running.child.kill('SIGKILL');
    }
    const kept = /^interrupted: (\d+) editions? of \d+ articles? written and kept; the next publish goes on from there$/m.exec(running.output.text);
    expect(kept, running.output.text).not.toBeNull();
    const editions = Number(kept?.[1]);
    // Stopped in the first part of the edit's publish (the pages, ahead of the other editions), well before its end.
    expect(editions).toBeLessThan(articles);
    expect(filesUnder(out).filter((path) => path.endsWith('.tmp'))).toEqual([]);
    await assertWhole(out);
    for (const [path, bytes] of collections) expect(readFileSync(join(out, path)).equals(bytes), `${path} changed`).toBe(true);
    // The next publish writes exactly what the stopped one did not, and the collections.
    const next = await publish(['--config', config, '--source', source, '--out', out]);
    expect(next.code, next.stderr).toBe(0);
    expect(next.stdout).toMatch(
      new RegExp(
        `^${articles * 4 - editions} editions of ${articles}/${articles} articles and \\d+ collection files written in [\\d.]+ s; ${editions} editions? up to date`,
        'm',
      ),
    );
  });
});
