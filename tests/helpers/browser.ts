import { chromium } from 'playwright-core';
import { chromiumPath } from './validators.js';

/** Debian's Chromium, headless, as tests/html-browser.test.ts launches it: no browser is ever downloaded. */
export function launchChromium() {
  return chromium.launch({
    executablePath: chromiumPath,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}
