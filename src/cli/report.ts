import { relative } from 'node:path';
import type { Written } from '../publish/edition.js';
import { embargoInWords, type HeldArticle } from '../publish/embargo.js';
import type { PublishResult } from '../publish/pipeline.js';

/** Exit codes: 0 all published, 1 an article, edition or collection failed, 2 usage or config error (a signal's: session.ts, signalExitCode). */
export const exitCodes = { ok: 0, failed: 1, usage: 2 } as const;

function size(bytes: number): string {
  return bytes < 1024 ? `${bytes} B` : bytes < 1024 * 1024 ? `${(bytes / 1024).toFixed(1)} kB` : `${(bytes / 1024 / 1024).toFixed(2)} MB`;
}

/**
 * The lines printed for the files written: edition, size, time, path. The edition column is as wide as the run's longest
 * renderer name (`sitemap`, `index-ar`); the path, whose length varies, comes last, so the sizes and times line up: the lines
 * are printed as the files are written, before the run's longest path is known.
 */
export function writtenLines(rendererNames: readonly string[]): (file: Written) => string {
  const nameWidth = Math.max(0, ...rendererNames.map((name) => name.length));
  return (file) => `${file.renderer.padEnd(nameWidth)} ${size(file.bytes).padStart(9)} ${duration(file.milliseconds)}  ${relative(process.cwd(), file.path)}`;
}

/** A file's time, as wide as `99999 ms` (up to 27 hours): from 100 s in seconds, `  100 s `, where a sixth digit of ms pushed the path out. */
function duration(milliseconds: number): string {
  const [amount, unit] = Math.round(milliseconds) < 100_000 ? [milliseconds.toFixed(0), 'ms'] : [(milliseconds / 1000).toFixed(0), 's'];
  return `${amount.padStart(5)} ${unit.padEnd(2)}`;
}

/**
 * Messages with file:line:column (vfile-reporter), or an empty string when there are none. vfile-reporter is loaded here, when
 * there are messages: with its emoji expression and string-width it took a cold publish 40-80 ms before the first article.
 */
export async function messages(result: PublishResult): Promise<string> {
  const withMessages = result.files.filter((file) => file.messages.length > 0);
  if (withMessages.length === 0) return '';
  const { reporter } = await import('vfile-reporter');
  return reporter(withMessages, { quiet: true });
}

const plural = (count: number, noun: string) => `${count} ${noun}${count === 1 ? '' : 's'}`;

/** Whether a publish changed nothing and had nothing to say: no file written or removed, no message, nothing failed. */
export function changedNothing(result: PublishResult): boolean {
  return (
    result.written.length === 0 &&
    result.removed.length === 0 &&
    result.files.every((file) => file.messages.length === 0) &&
    result.failed === 0 &&
    result.collectionsFailed === 0 &&
    result.unreadableFolders === 0 &&
    !result.interrupted
  );
}

export function summary(result: PublishResult, milliseconds: number): string {
  // Those held with no known end failed too.
  const published = result.articles - result.failed - result.held.filter(({ until }) => Number.isFinite(until)).length;
  // The collections' files are counted apart from the articles' editions, when there are any.
  const andCollectionFiles = (count: number) => (count > 0 ? ` and ${plural(count, 'collection file')}` : '');
  const upToDate = result.skipped + result.collectionFilesUpToDate;
  const notes = [
    result.collectionsOnly && upToDate > 0 ? `${plural(result.collectionFilesUpToDate, 'collection file')} up to date` : '',
    !result.collectionsOnly && upToDate > 0 ? `${plural(result.skipped, 'edition')}${andCollectionFiles(result.collectionFilesUpToDate)} up to date` : '',
    // Made again, not found up to date: a forced remake said "up to date" of a file it had made with the bytes already there.
    result.collectionFilesUnchanged > 0 ? `${plural(result.collectionFilesUnchanged, 'collection file')} made again, unchanged` : '',
    result.removed.length > result.withdrawn ? `${plural(result.removed.length - result.withdrawn, 'edition')} of deleted articles or old slugs removed` : '',
    result.withdrawn > 0 ? `${plural(result.withdrawn, 'edition')} of held articles removed (embargo)` : '',
    result.failed > 0 ? `${plural(result.failed, 'article')} failed` : '',
    result.unreadableFolders > 0 ? `${plural(result.unreadableFolders, 'folder')} not read` : '',
    heldNote(result.held),
    result.collectionsFailed > 0 ? `${plural(result.collectionsFailed, 'collection')} failed` : '',
  ].filter(Boolean);
  const editions = result.written.length - result.collectionFiles;
  // `--only feed` makes the collections alone: "0 editions of 42/42 articles" said nothing of them.
  const written = result.collectionsOnly
    ? plural(result.collectionFiles, 'collection file')
    : `${plural(editions, 'edition')} of ${published}/${plural(result.articles, 'article')}${andCollectionFiles(result.collectionFiles)}`;
  return `${written} written in ${(milliseconds / 1000).toFixed(2)} s${notes.length > 0 ? `; ${notes.join('; ')}` : ''}`;
}

/** What the summary says of the articles held by their embargo: until when, the soonest when there are several; how many with no known end. */
function heldNote(held: readonly HeldArticle[]): string {
  const known = held.filter(({ until }) => Number.isFinite(until));
  const unknown = held.length - known.length;
  const [soonest] = known;
  const until = soonest && embargoInWords(soonest.until);
  return [
    known.length === 1
      ? `1 article held until ${until} (embargo)`
      : known.length > 1
        ? `${known.length} articles held (embargo), the first until ${until}`
        : '',
    unknown === 1 ? "1 article held, its embargo's end unknown" : unknown > 1 ? `${unknown} articles held, their embargo's end unknown` : '',
  ]
    .filter(Boolean)
    .join('; ');
}

/** One line when --only made collections without the editions of articles changed since: they list those as last published. */
export function collectionsWarning(result: PublishResult): string {
  const count = result.changedOutsideCollections;
  if (count === 0) return '';
  const [articles, its, is, it] = count === 1 ? ['1 article', 'its', 'is', 'it'] : [`${count} articles`, 'their', 'are', 'them'];
  return `warning: ${articles} changed since ${its} editions were made (or ${is} new): the collections list ${it} as last published, or leave ${it} out if new; publish without --only, or with the article editions in it as well`;
}

/** What an interrupted publish kept. */
export function interruptedLine(result: PublishResult): string {
  const articles = new Set(result.written.map((file) => file.slug)).size;
  const upToDate = result.skipped > 0 ? ` (and ${plural(result.skipped, 'edition')} up to date)` : '';
  return `interrupted: ${plural(result.written.length, 'edition')} of ${plural(articles, 'article')} written and kept${upToDate}; the next publish goes on from there`;
}

export function exitCode(result: PublishResult): number {
  return result.failed > 0 || result.collectionsFailed > 0 || result.unreadableFolders > 0 ? exitCodes.failed : exitCodes.ok;
}
