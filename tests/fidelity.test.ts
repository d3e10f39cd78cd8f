import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { cases, publishCase, readText } from './helpers/cases.js';
import { describeWithTools } from './helpers/tools.js';
import { bodyWords, epubText, htmlText, missingInOrder, pdfText, readArticleFile } from './helpers/words.js';

const extractors: Record<string, (path: string) => string | Promise<string>> = {
  html: htmlText,
  epub: epubText,
  pdf: pdfText,
  text: readText,
};

describeWithTools(['poppler'], 'fidelity: every body word, in order, in every edition', () => {
  for (const testCase of cases) {
    const articles = readdirSync(testCase.source).filter((name) => name.endsWith('.md') && name !== 'README.md');
    for (const name of articles) {
      for (const renderer of Object.keys(extractors)) {
        it(`${testCase.name}/${name} → ${renderer}`, async () => {
          const article = readArticleFile(join(testCase.source, name));
          const published = await publishCase(testCase);
          const path = published.files.get(article.slug)?.get(renderer);
          expect(path, `${renderer} edition written`).toBeDefined();
          const source = bodyWords(article);
          expect(source.length).toBeGreaterThan(10);
          const extract = extractors[renderer] as (path: string) => string | Promise<string>;
          expect(missingInOrder(source, await extract(path as string))).toEqual([]);
        });
      }
    }
  }
});
