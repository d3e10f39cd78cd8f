import { statSync } from 'node:fs';

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
