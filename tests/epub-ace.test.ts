import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { resolveConfig } from '../src/config/load.js';
import { runPipeline } from '../src/publish/pipeline.js';
import { epub } from '../src/renderers/epub/index.js';
import { aceReport, aceViolations } from './helpers/ace.js';
import { cases, editions, fixturesDir, publishCase } from './helpers/cases.js';
import { describeWithTools, epubcheckJar, run } from './helpers/tools.js';

describeWithTools(['chromium'], 'Ace by DAISY: 0 violations, accessibility metadata present', () => {
  for (const testCase of cases) {
    it(testCase.name, async () => {
      for (const path of editions(await publishCase(testCase), 'epub')) {
        const report = await aceReport(path);
        expect(aceViolations(report), path).toEqual([]);
        expect(report['earl:result']['earl:outcome'], path).toBe('pass');
        expect(report['a11y-metadata'].present).toEqual(
          expect.arrayContaining([
            'schema:accessMode',
            'schema:accessibilityFeature',
            'schema:accessibilityHazard',
            'schema:accessibilitySummary',
            'schema:accessModeSufficient',
          ]),
        );
      }
    });
  }
});

/** Raw HTML that parses into markup XHTML rejects: bad attribute values, blocks in phrases, strays in lists, empty links. */
const rawHtml = `---
title: Raw HTML the EPUB must repair
lang: en
---

Enough words in this opening paragraph for the article to count as an article.

<p dir="sideways" lang="not a tag">Direction and language.</p>

<p><span aria-describedby="nope">described</span> <span id="a b">spaced id</span> <span id="">empty id</span></p>

<ol start="x" type="z"><li value="abc">item</li></ol>

<table><tr><td colspan="0" rowspan="-1" headers="nothing">cell</td><th abbr="x" scope="sideways">head</th></tr></table>

<del datetime="yesterday">old</del> <img src="picture.png" alt="A crop" width="50%" height="abc">

<dl><dt>term</dt><dd>definition</dd><p>stray</p></dl>

<ul><p>stray in list</p><li>item</li></ul>

<h2><p>para in heading</p></h2>

<a href="https://example.com"><div>block in link</div></a> <strike>old</strike> <tt>mono</tt>
`;

describeWithTools(['epubcheck', 'chromium'], 'EPUB of raw HTML that breaks XHTML rules', () => {
  it('passes epubcheck and Ace', async () => {
    const source = mkdtempSync(join(tmpdir(), 'editions-epub-raw-'));
    writeFileSync(join(source, 'raw.md'), rawHtml);
    copyFileSync(join(fixturesDir, 'epub-images', 'headline-crop.png'), join(source, 'picture.png'));
    const outDir = mkdtempSync(join(tmpdir(), 'editions-epub-raw-out-'));
    const [written] = (await runPipeline(resolveConfig({ source, outDir, renderers: [epub()] }))).written;
    const path = written?.path ?? '';
    const { stdout, stderr } = await run('java', ['-jar', epubcheckJar, '--failonwarnings', path]).catch((error) => error);
    expect(`${stdout}${stderr}`).toContain('Messages: 0 fatals / 0 errors / 0 warnings / 0 infos');
    expect(aceViolations(await aceReport(path))).toEqual([]);
  });
});
