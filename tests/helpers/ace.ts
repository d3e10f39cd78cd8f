import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { projectRoot } from './cases.js';
import { run } from './validators.js';

const aceCli = join(projectRoot, 'node_modules', '@daisy', 'ace-cli', 'bin', 'ace.js');

interface AceAssertion {
  'earl:test': { 'dct:title': string; 'earl:impact': string };
  'earl:result': { 'earl:outcome': string; html?: string };
  assertions?: AceAssertion[];
  'earl:testSubject': { url: string };
}

export interface AceReport {
  'earl:result': { 'earl:outcome': string };
  'a11y-metadata': { present: string[] };
  assertions: AceAssertion[];
}

/** Ace by DAISY's report on one EPUB (it drives Debian's Chromium through puppeteer, see .puppeteerrc.cjs). */
export async function aceReport(path: string): Promise<AceReport> {
  const out = mkdtempSync(join(tmpdir(), 'editions-ace-'));
  // Ace gives Chromium 5 s to start (ACE_TIMEOUT_INITIAL); a loaded CI machine took longer and Ace died with no message.
  const env = { ...process.env, ACE_TIMEOUT_INITIAL: '60000' };
  await run(process.execPath, [aceCli, '--force', '--outdir', out, path], { cwd: projectRoot, env, maxBuffer: 16 * 1024 * 1024 }).catch(
    (error: { stdout?: string; stderr?: string }) => {
      throw new Error(`Ace failed on ${path}:\n${error.stdout ?? ''}${error.stderr ?? ''}`);
    },
  );
  return JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as AceReport;
}

/** Every violation in a report: each document's assertions hold its violations. */
export function aceViolations(report: AceReport): string[] {
  return report.assertions.flatMap((document) =>
    (document.assertions ?? []).map(
      (check) =>
        `${document['earl:testSubject'].url}: ${check['earl:test']['dct:title']} (${check['earl:test']['earl:impact']}) ${check['earl:result'].html ?? ''}`,
    ),
  );
}
