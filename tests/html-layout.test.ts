import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { launchChromium } from './helpers/browser.js';
import { cases } from './helpers/cases.js';
import { layoutAtWidths, publishedFixtures, widths } from './helpers/layout.js';
import { describeWithTools } from './helpers/tools.js';

/** An article with a picture four times as wide as a phone, alone, given a width, in a list and a quote: no fixture's is wider than 240 px. */
const widePicture = 'wide-picture';
const widePictureArticle = `---
title: A panorama wider than the page
---

![The harbour from the breakwater, end to end](panorama.png)

<p><img src="panorama.png" alt="The same panorama, given its width" width="1200"></p>

- In a list:

  ![The panorama in a list item](panorama.png)

> ![The panorama in a quote](panorama.png)
`;

describeWithTools(['chromium'], 'HTML page layout of every fixture in Chromium, through the CLI', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });

  let published: Promise<Map<string, string>> | undefined;
  /** Every fixture's page and the wide picture's, published once by the CLI with the project's config, by name (without `.html`). */
  const publishAll = () => {
    published ??= publishedFixtures('editions-html-layout', 'html', (source, articles) => {
      writeFileSync(join(source, `${widePicture}.md`), widePictureArticle);
      writeFileSync(join(source, 'panorama.png'), PNG.sync.write(new PNG({ width: 1200, height: 60 })));
      articles.set(`${widePicture}.md`, widePicture);
    });
    return published;
  };

  for (const name of [...cases.map((testCase) => testCase.name), widePicture]) {
    it(`${name}: at ${widths.join(' and ')} px, no sideways scrolling, every picture in its container, every line of text in its blocks or a box that scrolls`, async () => {
      const path = `${(await publishAll()).get(name)}.html`;
      const laidOut = await layoutAtWidths(browser, path);
      expect(laidOut, path).toEqual(Object.fromEntries(widths.map((width) => [width, { faults: [] }])));
    });
  }
});
