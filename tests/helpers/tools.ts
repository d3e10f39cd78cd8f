import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, it } from 'vitest';
import { chromiumPath, epubcheckJar, vnuJar } from './validators.js';

export { chromiumPath, epubcheckJar, run, vnuJar } from './validators.js';

/** External validators the tests use, and how to tell each is installed. */
const tools = {
  java: () => commandWorks('java', ['-version']),
  epubcheck: () => commandWorks('java', ['-version']) && existsSync(epubcheckJar),
  vnu: () => commandWorks('java', ['-version']) && existsSync(vnuJar),
  qpdf: () => commandWorks('qpdf', ['--version']),
  poppler: () => commandWorks('pdfinfo', ['-v']) && commandWorks('pdftotext', ['-v']) && commandWorks('pdffonts', ['-v']),
  chromium: () => existsSync(chromiumPath),
  libreoffice: () => commandWorks('soffice', ['--version']),
  xmllint: () => commandWorks('xmllint', ['--version']),
  strace: () => commandWorks('strace', ['-f', '-qq', '-e', 'trace=openat', '-o', '/dev/null', 'true']),
} as const;

export type Tool = keyof typeof tools;

function commandWorks(command: string, args: string[]): boolean {
  try {
    execFileSync(command, args, { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const seen = new Map<Tool, boolean>();

export function hasTool(tool: Tool): boolean {
  if (!seen.has(tool)) seen.set(tool, tools[tool]());
  return seen.get(tool) ?? false;
}

/**
 * A suite that needs external tools. Locally it is skipped, with the reason in
 * its name, when a tool is missing; under CI=true a missing tool fails.
 */
export function describeWithTools(needs: Tool[], title: string, body: () => void): void {
  const missing = needs.filter((tool) => !hasTool(tool));
  if (missing.length === 0) {
    describe(title, body);
  } else if (process.env.CI === 'true') {
    describe(title, () => {
      it(`has ${missing.join(', ')} installed`, () => {
        throw new Error(`${missing.join(', ')} missing: CI must install it (see .ci/run)`);
      });
    });
  } else {
    describe.skip(`${title} [skipped: ${missing.join(', ')} not installed]`, body);
  }
}
