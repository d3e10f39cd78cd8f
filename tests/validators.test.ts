import { expect, it } from 'vitest';
import { cases, editions, publishCase } from './helpers/cases.js';
import { describeWithTools, epubcheckJar, run, vnuJar } from './helpers/tools.js';
import { isVnuDataImageBug, type VnuMessage } from './helpers/validators.js';

describeWithTools(['epubcheck'], 'epubcheck: 0 fatals, 0 errors, 0 warnings, 0 infos', () => {
  for (const testCase of cases) {
    it(testCase.name, async () => {
      for (const path of editions(await publishCase(testCase), 'epub')) {
        const { stdout, stderr } = await run('java', ['-jar', epubcheckJar, '--failonwarnings', path]).catch((error) => error);
        expect(`${stdout}${stderr}`, path).toContain('Messages: 0 fatals / 0 errors / 0 warnings / 0 infos');
      }
    });
  }
});

describeWithTools(['vnu'], 'Nu HTML Checker: 0 errors, 0 warnings', () => {
  it('every HTML edition', async () => {
    const paths = (await Promise.all(cases.map(publishCase))).flatMap((published) => editions(published, 'html'));
    const { stderr } = await run('java', ['-jar', vnuJar, '--also-check-css', '--format', 'json', ...paths]).catch((error) => error);
    const messages = (JSON.parse(stderr).messages as VnuMessage[]).filter(
      (message) => (message.type === 'error' || message.subType === 'warning' || message.type === 'non-document-error') && !isVnuDataImageBug(message),
    );
    expect(messages).toEqual([]);
  });
});

describeWithTools(['qpdf', 'poppler'], 'PDF: qpdf clean, fonts embedded and subset, tagged', () => {
  for (const testCase of cases) {
    it(testCase.name, async () => {
      for (const path of editions(await publishCase(testCase), 'pdf')) {
        const check = await run('qpdf', ['--check', path]);
        expect(check.stdout).toContain('No syntax or stream encoding errors found');
        expect(check.stderr).toBe('');

        const fonts = (await run('pdffonts', [path])).stdout.trim().split('\n').slice(2);
        expect(fonts.length).toBeGreaterThan(0);
        for (const line of fonts) {
          // name type encoding emb sub uni object-id: every font embedded and subset.
          expect(line, line).toMatch(/\s+yes\s+yes\s+(yes|no)\s+\d+\s+\d+$/);
          expect(line.split(/\s+/)[0], line).toMatch(/^[A-Z]{6}\+/);
        }

        const info = (await run('pdfinfo', [path])).stdout;
        expect(info).toMatch(/^Tagged:\s+yes$/m);
      }
    });
  }
});
