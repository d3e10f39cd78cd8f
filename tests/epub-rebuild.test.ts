import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { cases, projectRoot } from './helpers/cases.js';

const execFileAsync = promisify(execFile);
const cli = join(projectRoot, 'dist', 'cli.js');

/** Publishes the EPUB editions of a source folder with the compiled CLI (`npm test` builds it first), in a time zone. */
async function publishEpubs(source: string, timeZone: string): Promise<Map<string, Buffer>> {
  const out = mkdtempSync(join(tmpdir(), 'editions-epub-rebuild-'));
  const { SOURCE_DATE_EPOCH: _epoch, ...env } = process.env;
  await execFileAsync(process.execPath, [cli, '--source', source, '--out', out, '--only', 'epub'], { cwd: projectRoot, env: { ...env, TZ: timeZone } });
  const names = readdirSync(out).filter((name) => name.endsWith('.epub'));
  return new Map(names.map((name) => [name, readFileSync(join(out, name))]));
}

/** An article dated with a time but no zone: its instant must not depend on the build's zone. */
function unzonedSource(): string {
  const folder = mkdtempSync(join(tmpdir(), 'editions-epub-unzoned-'));
  writeFileSync(
    join(folder, 'unzoned.md'),
    '---\ntitle: Unzoned\ndate: 2024-01-31 23:30\nlang: en\n---\n\nA paragraph written late in the evening of the last day of January.\n',
  );
  return folder;
}

describe('EPUB rebuilds', () => {
  it('are byte-identical at different times and in different time zones, for every case', async () => {
    const sources = [...cases.map((testCase) => testCase.source), unzonedSource()];
    const first = await Promise.all(sources.map((source) => publishEpubs(source, 'UTC')));
    // A second apart at least, so that a clock anywhere in the build would show.
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    const second = await Promise.all(sources.map((source) => publishEpubs(source, 'Pacific/Kiritimati')));
    for (const [index, books] of first.entries()) {
      expect(books.size, sources[index]).toBeGreaterThan(0);
      for (const [name, bytes] of books) expect(second[index]?.get(name)?.equals(bytes), `${sources[index]}/${name}`).toBe(true);
    }
    const unzoned = first.at(-1)?.get('unzoned.epub') ?? Buffer.alloc(0);
    const opf = (await (await JSZip.loadAsync(unzoned)).file('OEBPS/content.opf')?.async('string')) ?? '';
    expect(opf).toContain('<meta property="dcterms:modified">2024-01-31T23:30:00Z</meta>');
    expect(opf).toContain('<dc:date>2024-01-31T23:30:00Z</dc:date>');
  });
});
