import { execFile } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { fromHtml } from 'hast-util-from-html';
import JSZip from 'jszip';
import { expect } from 'vitest';

const execFileAsync = promisify(execFile);

/** Every file under the folder but the manifests, relative to it. */
export function filesUnder(folder: string): string[] {
  return readdirSync(folder, { recursive: true, encoding: 'utf8' })
    .filter((path) => !path.startsWith('.editions-manifest') && statSync(join(folder, path)).isFile())
    .sort();
}

/** Every file in the folder but temporary ones is whole: qpdf checks each PDF, each page parses to its end, each EPUB opens, each text ends its last line. */
export async function assertWhole(outDir: string): Promise<void> {
  for (const path of filesUnder(outDir).filter((name) => !name.endsWith('.tmp'))) {
    const bytes = readFileSync(join(outDir, path));
    if (path.endsWith('.pdf')) await execFileAsync('qpdf', ['--check', join(outDir, path)]);
    else if (path.endsWith('.html')) {
      const errors: string[] = [];
      fromHtml(bytes.toString('utf8'), {
        onerror: (error) => {
          errors.push(error.reason);
        },
      });
      expect(
        errors.filter((reason) => /eof|end of file/i.test(reason)),
        path,
      ).toEqual([]);
      expect(bytes.toString('utf8').trimEnd().endsWith('</html>'), path).toBe(true);
    } else if (path.endsWith('.epub')) {
      const zip = await JSZip.loadAsync(bytes);
      expect(await zip.file('mimetype')?.async('string'), path).toBe('application/epub+zip');
    } else if (path.endsWith('.txt')) expect(bytes.toString('utf8').endsWith('\n'), path).toBe(true);
    else expect(bytes.length, path).toBeGreaterThan(0);
  }
}
