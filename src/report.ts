import { relative } from 'node:path';
import { reporter } from 'vfile-reporter';
import type { PublishResult } from './pipeline.js';

/** Exit codes: 0 all published, 1 an article or edition failed, 2 usage or config error. */
export const exitCodes = { ok: 0, failed: 1, usage: 2 } as const;

function size(bytes: number): string {
  return bytes < 1024 ? `${bytes} B` : bytes < 1024 * 1024 ? `${(bytes / 1024).toFixed(1)} kB` : `${(bytes / 1024 / 1024).toFixed(2)} MB`;
}

/** One line per file written: edition, path, size, time. */
export function writtenLines(result: PublishResult, cwd = process.cwd()): string[] {
  return result.written
    .slice()
    .sort((a, b) => a.path.localeCompare(b.path))
    .map(
      (file) =>
        `${file.renderer.padEnd(6)} ${relative(cwd, file.path).padEnd(40)} ${size(file.bytes).padStart(9)} ${file.milliseconds.toFixed(0).padStart(5)} ms`,
    );
}

/** Messages with file:line:column (vfile-reporter), or an empty string when there are none. */
export function messages(result: PublishResult): string {
  const withMessages = result.files.filter((file) => file.messages.length > 0);
  return withMessages.length > 0 ? reporter(withMessages, { quiet: true }) : '';
}

export function summary(result: PublishResult, milliseconds: number): string {
  const published = result.articles - result.failed;
  return `${result.written.length} edition${result.written.length === 1 ? '' : 's'} of ${published}/${result.articles} article${result.articles === 1 ? '' : 's'} written in ${(milliseconds / 1000).toFixed(2)} s${result.failed > 0 ? `; ${result.failed} article${result.failed === 1 ? '' : 's'} failed` : ''}`;
}

export function exitCode(result: PublishResult): number {
  return result.failed > 0 ? exitCodes.failed : exitCodes.ok;
}
