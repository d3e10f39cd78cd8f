import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cases, editions, publishCase } from './helpers/cases.js';

/** Text editions are compared with reviewed golden files; `UPDATE=1 npm test` rewrites them. */
const goldenRenderers = ['html', 'text'];

describe('golden files', () => {
  for (const testCase of cases) {
    for (const renderer of goldenRenderers) {
      it(`${testCase.name} → ${renderer}`, async () => {
        const paths = editions(await publishCase(testCase), renderer);
        expect(paths.length).toBeGreaterThan(0);
        for (const path of paths) {
          const golden = join(testCase.expected, basename(path));
          const actual = readFileSync(path, 'utf8');
          if (process.env.UPDATE === '1') {
            mkdirSync(testCase.expected, { recursive: true });
            writeFileSync(golden, actual);
          }
          expect(existsSync(golden), `${golden} exists (run UPDATE=1 npm test to create it)`).toBe(true);
          expect(actual).toBe(readFileSync(golden, 'utf8'));
        }
      });
    }
  }
});
