import { type Dirent, readdirSync, realpathSync, type Stats, statSync } from 'node:fs';
import { join, posix } from 'node:path';
import { byCodeUnits } from './order.js';

/*
 * What the publish reads of the disk before any article: the articles under the source folder, and which files the output
 * folder holds.
 */

/** An article's file; a hidden one (`.draft.md`, an editor's `.#story.md`) is not one, as `--watch` and the preview ignore it too. */
const markdownFile = /^[^.].*\.(md|markdown)$/i;

/** What the listing found: the articles, and the folders (or links) under the source folder it could not read (`locked/`, with `/`). */
export interface Listing {
  readonly names: string[];
  readonly unreadable: readonly { readonly folder: string; readonly code: string }[];
}

/**
 * The articles under the source folder, at any depth, as paths relative to it with `/` (`2026/12/story.md`), in code-unit
 * order: hidden files and folders left out, and the output folder when it is inside the source folder. Synchronous, one
 * `readdir` a folder: listing is all an unchanged republish does besides reading the manifest and a `stat` per article.
 * A symbolic link is followed to what it names (a newsroom links a shared story, or mounts its archive as a folder), a
 * folder only once: a link to a folder above, or to one already listed, would list it again, or for ever. The folders are
 * listed before the links to folders, so a folder's articles keep their slugs (`world/africa/vote`) when a link to it is
 * added (`africa` sorts before `world`), instead of being moved under the link, their editions removed. A folder under
 * it that cannot be read (a volume's `lost+found`, a desk's folder without permission) is reported, not a failure of the
 * whole listing.
 */
export function articleNames(source: string, outDir: string): Listing {
  const names: string[] = [];
  const unreadable: { folder: string; code: string }[] = [];
  const listed = new Set<string>();
  const links: { readonly path: string; readonly prefix: string }[] = [];
  const list = (folder: string, prefix: string) => {
    let entries: Dirent[];
    try {
      const real = realpathSync(folder);
      if (listed.has(real)) return;
      listed.add(real);
      entries = readdirSync(folder, { withFileTypes: true });
    } catch (error) {
      if (prefix === '') throw error;
      unreadable.push({ folder: prefix, code: (error as NodeJS.ErrnoException).code ?? String(error) });
      return;
    }
    // In order: of two links to a folder, the one listed first is listed, whatever order the file system keeps.
    for (const entry of entries.sort((a, b) => byCodeUnits(a.name, b.name))) {
      if (entry.name.startsWith('.')) continue;
      const path = join(folder, entry.name);
      let linked: Stats | undefined;
      try {
        linked = entry.isSymbolicLink() ? statSync(path, { throwIfNoEntry: false }) : undefined;
      } catch (error) {
        // A link that leads round in a loop (ELOOP), or through a folder it may not enter.
        unreadable.push({ folder: `${prefix}${entry.name}/`, code: (error as NodeJS.ErrnoException).code ?? String(error) });
        continue;
      }
      if (linked?.isDirectory()) links.push({ path, prefix: `${prefix}${entry.name}/` });
      else if (entry.isDirectory() && path !== outDir) list(path, `${prefix}${entry.name}/`);
      else if ((entry.isFile() || linked?.isFile()) && markdownFile.test(entry.name)) names.push(`${prefix}${entry.name}`);
    }
  };
  list(source, '');
  // The links to folders once every folder is listed, in the order met; those under them after them.
  for (let next = links.shift(); next; next = links.shift()) if (next.path !== outDir) list(next.path, next.prefix);
  return { names: names.sort(), unreadable };
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
