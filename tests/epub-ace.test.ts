import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { cases, editions, projectRoot, publishCase } from './helpers/cases.js';
import { describeWithTools, run } from './helpers/tools.js';

const aceCli = join(projectRoot, 'node_modules', '@daisy', 'ace-cli', 'bin', 'ace.js');

interface AceAssertion {
  'earl:test': { 'dct:title': string; 'earl:impact': string };
  'earl:result': { 'earl:outcome': string; html?: string };
  assertions?: AceAssertion[];
  'earl:testSubject': { url: string };
}

interface AceReport {
  'earl:result': { 'earl:outcome': string };
  'a11y-metadata': { present: string[] };
  assertions: AceAssertion[];
}

/** Ace by DAISY's report on one EPUB (it drives Debian's Chromium through puppeteer, see .puppeteerrc.cjs). */
async function aceReport(path: string): Promise<AceReport> {
  const out = mkdtempSync(join(tmpdir(), 'editions-ace-'));
  await run(process.execPath, [aceCli, '--silent', '--force', '--outdir', out, path], { cwd: projectRoot, maxBuffer: 16 * 1024 * 1024 });
  return JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as AceReport;
}

describeWithTools(['chromium'], 'Ace by DAISY: 0 violations, accessibility metadata present', () => {
  for (const testCase of cases) {
    it(testCase.name, async () => {
      for (const path of editions(await publishCase(testCase), 'epub')) {
        const report = await aceReport(path);
        // Each document's assertions hold its violations; a clean book has none anywhere.
        const violations = report.assertions.flatMap((document) =>
          (document.assertions ?? []).map(
            (check) =>
              `${document['earl:testSubject'].url}: ${check['earl:test']['dct:title']} (${check['earl:test']['earl:impact']}) ${check['earl:result'].html ?? ''}`,
          ),
        );
        expect(violations, path).toEqual([]);
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
