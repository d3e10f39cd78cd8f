import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cases, editions, publishCase } from './helpers/cases.js';

/** Text editions are compared with reviewed golden files; `UPDATE=1 npm test` rewrites them. */
const goldenRenderers = ['html', 'text'];

/** Compares a case's output with its golden file, or writes the golden under `UPDATE=1`. */
function expectGolden(golden: string, actual: string): void {
  if (process.env.UPDATE === '1') {
    mkdirSync(join(golden, '..'), { recursive: true });
    writeFileSync(golden, actual);
  }
  expect(existsSync(golden), `${golden} exists (run UPDATE=1 npm test to create it)`).toBe(true);
  expect(actual).toBe(readFileSync(golden, 'utf8'));
}

describe('golden files', () => {
  for (const testCase of cases) {
    for (const renderer of goldenRenderers) {
      it(`${testCase.name} → ${renderer}`, async () => {
        const paths = editions(await publishCase(testCase), renderer);
        expect(paths.length).toBeGreaterThan(0);
        for (const path of paths) {
          expectGolden(join(testCase.expected, basename(path)), readFileSync(path, 'utf8'));
        }
      });
    }
    // Every warning a case gives, at its place: a new message, or one lost, shows in the diff.
    it(`${testCase.name} → messages`, async () => {
      const { result } = await publishCase(testCase);
      const lines = [...result.files]
        .sort((a, b) => a.path.localeCompare(b.path))
        .flatMap((file) =>
          [...file.messages]
            .sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0))
            .map(
              (message) =>
                `${relative(testCase.source, file.path)}:${message.line}:${message.column} ${message.fatal ? 'error' : 'warning'} ${message.ruleId} ${message.reason.replaceAll(testCase.source, '<source>')}`,
            ),
        );
      expectGolden(join(testCase.expected, 'messages.txt'), lines.map((line) => `${line}\n`).join(''));
    });
  }
});
