/**
 * `npm run corpus`: publishes the real-world Markdown corpus (tests/helpers/corpus.ts: the
 * Markdown inside the locked packages in node_modules) in one run of the compiled CLI, checks
 * every edition and prints the findings per check. Exit code 1 when there is any finding.
 *
 *   npm run corpus                 # the whole corpus
 *   npm run corpus -- --sample 50  # every k-th file, at least 50 (CORPUS_SAMPLE=50 too)
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { copyCorpus, corpusFiles, publishAndCheck, sample, summary } from '../tests/helpers/corpus.js';

const flag = process.argv.indexOf('--sample');
const sampleSize = Number(flag > 0 ? process.argv[flag + 1] : (process.env.CORPUS_SAMPLE ?? 0));
if (!Number.isInteger(sampleSize) || sampleSize < 0) {
  console.error('--sample takes a whole number of files');
  process.exit(2);
}
const all = corpusFiles();
const files = sampleSize > 0 ? sample(all, sampleSize) : all;
const work = mkdtempSync(join(tmpdir(), 'editions-corpus-'));
copyCorpus(files, join(work, 'source'));
console.log(`${files.length} of ${all.length} corpus files in ${join(work, 'source')}, editions in ${join(work, 'out')}`);
const result = await publishAndCheck(files, join(work, 'source'), join(work, 'out'));
console.log(summary(result));
process.exitCode = result.findings.length > 0 ? 1 : 0;
