import { type Stats, statSync } from 'node:fs';

/*
 * What the manifest keeps of an image the article could not show, apart from the reader and its parsers: the
 * pipeline asks it of every such image on a republish, before any article is read.
 */

/** The state of a refused image's file, as the manifest keeps it: absent, or its size and modification time. */
export function refusedImageState(path: string): string {
  try {
    const { size, mtimeMs } = statSync(path);
    return `refused ${size} ${mtimeMs}`;
  } catch {
    return 'absent';
  }
}

/** Whether a value the manifest keeps for an image is a refused image's state rather than a hash of its bytes. */
export function isRefusedImageState(value: string): boolean {
  return value === 'absent' || value.startsWith('refused ');
}

/**
 * What `stat` says of an image the article shows, as the manifest keeps it after the image's hash: size, modification and
 * change times and inode, as for the article file. While it is the same, a republish takes the image as unchanged without
 * reading it: reading and hashing a 250 KB photo for each edition of 1,000 articles made their republish 2.6 s instead of 0.4.
 */
export function imageStamp(stats: Stats): string {
  return `${stats.size} ${stats.mtimeMs} ${stats.ctimeMs} ${stats.ino}`;
}

/** The manifest's value for a shown image: the first 16 hex digits of its hash, then its file's stamp. */
export function shownImageState(hash: string, stamp: string): string {
  return `${hash.slice(0, 16)} ${stamp}`;
}

/** What of an image's manifest value its editions' bytes depend on: a shown image's hash, or that it was refused or absent; not its file's stamps. */
export function imageContent(value: string): string {
  return value.replace(/ .*/, '');
}
