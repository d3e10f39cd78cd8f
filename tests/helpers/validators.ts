// Where the validators are, and how to read them: no vitest here, so scripts can use it too.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

export const run = promisify(execFile);

export const epubcheckJar = '/usr/share/java/epubcheck.jar';
export const vnuJar = fileURLToPath(new URL('../../node_modules/vnu-jar/build/dist/vnu.jar', import.meta.url));
export const chromiumPath = '/usr/bin/chromium';

/** One message of the Nu checker's JSON output. */
export interface VnuMessage {
  type: string;
  subType?: string;
  message: string;
  url: string;
  lastLine?: number;
  extract?: string;
}

/**
 * A checker bug (validator/validator#2062): it reports data: images as blocked although the page's
 * policy says `img-src data:`. tests/html-browser.test.ts shows Chromium loads them with no policy error.
 */
export function isVnuDataImageBug(message: VnuMessage): boolean {
  return /^Resource violates Content Security Policy \(meta tag\): image “data:/.test(message.message);
}
