import { readdirSync, realpathSync, statSync } from 'node:fs';
import { join, posix } from 'node:path';
import { byCodeUnits } from './order.js';

/*
 * What the publish reads of the disk before any article: the articles under the source folder, and which files the output
 * folder holds.
 */

/** An article's file; a hidden one (`.draft.md`, an editor's `.#story.md`) is not one, as `--watch` and the preview ignore it too. */
const markdownFile = /^[^.].*\.(md|markdown)$/i;

/**
 * The articles under the source folder, at any depth, as paths relative to it with `/` (`2026/12/story.md`), in code-unit
 * order: hidden files and folders left out, and the output folder when it is inside the source folder. Synchronous, one
 * `readdir` a folder: listing is all an unchanged republish does besides reading the manifest and a `stat` per article.
 * A symbolic link is followed to what it names (a newsroom links a shared story, or mounts its archive as a folder), a
 * folder only once: a link to a folder above, or to one already listed, would list it again, or for ever.
 */
export function articleNames(source: string, outDir: string): string[] {
  const names: string[] = [];
  const listed = new Set<string>();
  const list = (folder: string, prefix: string) => {
    const real = realpathSync(folder);
    if (listed.has(real)) return;
    listed.add(real);
    // In order: of a folder and a link to it, the one listed first is listed, whatever order the file system keeps.
    for (const entry of readdirSync(folder, { withFileTypes: true }).sort((a, b) => byCodeUnits(a.name, b.name))) {
      if (entry.name.startsWith('.')) continue;
      const path = join(folder, entry.name);
      const linked = entry.isSymbolicLink() ? statSync(path, { throwIfNoEntry: false }) : undefined;
      if ((entry.isDirectory() || linked?.isDirectory()) && path !== outDir) list(path, `${prefix}${entry.name}/`);
      else if ((entry.isFile() || linked?.isFile()) && markdownFile.test(entry.name)) names.push(`${prefix}${entry.name}`);
    }
  };
  list(source, '');
  return names.sort();
}

/**
 * Whether a file of the output folder (path relative to it) exists, each folder listed once, when first asked: one `readdir`
 * for a flat archive's thousand editions rather than a `stat` each.
 */
export function outputFiles(outDir: string): (file: string) => boolean {
  const folders = new Map<string, ReadonlySet<string>>();
  return (file) => {
    const folder = posix.dirname(file);
    let names = folders.get(folder);
    if (!names) {
      names = new Set(namesIn(join(outDir, folder)));
      folders.set(folder, names);
    }
    return names.has(posix.basename(file));
  };
}

/** The names in a folder; none when it is missing or not a folder. */
function namesIn(folder: string): string[] {
  try {
    return readdirSync(folder);
  } catch {
    return [];
  }
}
