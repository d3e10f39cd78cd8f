/**
 * `npm run pdfua-references`: the independent PDF/UA-1 check (tests/helpers/pdfua.ts) on the canonical
 * article as three programs make it a tagged PDF: this pipeline, Chromium (`page.pdf({ tagged: true })` of
 * the HTML edition) and Typst (the article as Typst markup by bench/typst.ts, PDF/UA-1 asked for). Prints each
 * one's failed conditions, condition by condition. Reference points, out of CI: it needs /usr/bin/chromium.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { readArticle } from '../src/read/article.js';
import { checkPdfUa, type Failure } from '../tests/helpers/pdfua.js';
import { imageFiles, typstMarkup } from './typst.js';

const work = mkdtempSync(join(tmpdir(), 'editions-pdfua-references-'));
const sourceDir = 'source';
const name = readdirSync(sourceDir).find((file) => file.endsWith('.md')) as string;
const { article } = readArticle(join(sourceDir, name), readFileSync(join(sourceDir, name)));
if (!article) throw new Error(`${name} did not parse`);

/** This pipeline's PDF and HTML edition, by the compiled CLI. */
function editions(): { pdf: string; html: string } {
  execFileSync('node', ['dist/cli.js', '--source', sourceDir, '--out', work, '--only', 'pdf,html', '--force']);
  const slug = name.replace(/\.md$/, '');
  return { pdf: join(work, `${slug}.pdf`), html: join(work, `${slug}.html`) };
}

async function chromiumPdf(html: string): Promise<string> {
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu'] });
  try {
    const page = await browser.newPage();
    await page.goto(pathToFileURL(html).href);
    const out = join(work, 'chromium.pdf');
    writeFileSync(out, await page.pdf({ tagged: true, format: 'A4' }));
    return out;
  } finally {
    await browser.close();
  }
}

/** The article as a Typst document, compiled by the Typst compiler for Node. */
async function typstPdf(): Promise<string> {
  if (!article) throw new Error('no article');
  for (const image of imageFiles(article)) writeFileSync(join(work, image.name), image.bytes);
  writeFileSync(join(work, 'article.typ'), typstMarkup(article));
  const { NodeCompiler } = await import('@myriaddreamin/typst-ts-node-compiler');
  const compiler = NodeCompiler.create({ workspace: work });
  const out = join(work, 'typst.pdf');
  // Typst 0.14 (the compiler embeds typst-assets 0.14.2) tags its PDFs by default; PDF/UA-1 asked for here.
  writeFileSync(out, compiler.pdf({ mainFilePath: join(work, 'article.typ') }, { pdfStandard: 'ua-1', pdfTags: true }));
  return out;
}

function report(label: string, path: string, failures: Failure[]): void {
  const conditions = [...new Set(failures.map((failure) => failure.condition))].sort();
  console.log(`\n${label} (${path}): ${failures.length} failures, ${conditions.length} conditions`);
  for (const condition of conditions) {
    const these = failures.filter((failure) => failure.condition === condition);
    console.log(`  ${condition} ×${these.length}: ${these[0]?.object}: ${these[0]?.message}`);
  }
}

const ours = editions();
report('Editions', ours.pdf, await checkPdfUa(ours.pdf));
const fromChromium = await chromiumPdf(ours.html);
report('Chromium, tagged', fromChromium, await checkPdfUa(fromChromium));
const fromTypst = await typstPdf();
report('Typst', fromTypst, await checkPdfUa(fromTypst));
