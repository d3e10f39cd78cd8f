import { createHash, randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { access, mkdir, open, readdir, readFile, rename, rm, rmdir, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { foldedSlug } from './case-fold.js';
import { OutputFolderError } from './errors.js';

/**
 * The only code that writes editions: bytes go to a temporary file in the
 * output folder, are flushed to disk, and the file is renamed into place, so a
 * reader (or a crash) never sees a half-written edition.
 */
export async function writeAtomically(outDir: string, path: string, data: string | Uint8Array): Promise<string> {
  const target = join(outDir, path);
  await mkdir(dirname(target), { recursive: true });
  // In the output folder itself, for a file in a folder of it too (an HTML page's images), where the next publish
  // clears what a killed one left; a long file name is cut short, so that its temporary name is no longer than it.
  const name = basename(path);
  const stem = Buffer.byteLength(name) > 200 ? createHash('sha256').update(name).digest('hex').slice(0, 16) : name;
  const temporary = join(outDir, `.${stem}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  const handle = await open(temporary, 'wx');
  try {
    await handle.writeFile(data);
    await handle.sync();
  } catch (error) {
    await handle.close();
    await rm(temporary, { force: true });
    throw error;
  }
  await handle.close();
  try {
    await rename(temporary, target);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
  return target;
}

/** Whether a file of the output folder (`path` relative to it) holds these very bytes: read only when its size is theirs. */
export async function holdsBytes(outDir: string, path: string, bytes: Uint8Array): Promise<boolean> {
  const target = join(outDir, path);
  const stats = await stat(target).catch(() => undefined);
  if (!stats?.isFile() || stats.size !== bytes.byteLength) return false;
  return (await readFile(target).catch(() => undefined))?.equals(bytes) ?? false;
}

/** The paths of the output folder to keep, by the name a disk that ignores case holds each under. */
export function keptByFoldedName(paths: Iterable<string>): Map<string, string> {
  return new Map([...paths].map((path) => [foldedSlug(path), path]));
}

/**
 * True when `path` (relative to the output folder) is, in another case, the very file a kept path names: on a disk that
 * ignores case (macOS's, Windows'), the `story.html` an article renamed to `Story.md` leaves is the `Story.html` just
 * written, and removing it as stale would remove the new edition. Told by the file's identity, so that on a disk that
 * keeps case the stale file goes.
 */
export async function isKeptUnderAnotherCase(outDir: string, path: string, kept: ReadonlyMap<string, string>): Promise<boolean> {
  const other = kept.get(foldedSlug(path));
  if (other === undefined || other === path) return false;
  const [stale, keptFile] = await Promise.all([stat(join(outDir, path)).catch(() => undefined), stat(join(outDir, other)).catch(() => undefined)]);
  return stale !== undefined && keptFile !== undefined && stale.dev === keptFile.dev && stale.ino === keptFile.ino;
}

/** Removes a file of the output folder (`path` relative to it), then its folders that this leaves empty. */
export async function removeWithEmptyFolders(outDir: string, path: string): Promise<void> {
  await rm(join(outDir, path), { force: true });
  // rmdir refuses a folder that still holds anything: a user's own files keep theirs.
  for (let folder = dirname(path); folder !== '.'; folder = dirname(folder)) {
    if (
      !(await rmdir(join(outDir, folder)).then(
        () => true,
        () => false,
      ))
    )
      break;
  }
}

/** Temporary files are named `.<edition>.<pid>.<random>.tmp`. */
const temporaryFile = /^\..+\.(\d+)\.[0-9a-f]{8}\.tmp$/;

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes temporary files left by publishes that were killed before renaming
 * them into place; those of running publishes are left alone.
 */
export async function removeStaleTemporaries(outDir: string): Promise<void> {
  const names = await readdir(outDir).catch(() => [] as string[]);
  await Promise.all(
    names.map(async (name) => {
      const pid = Number(temporaryFile.exec(name)?.[1]);
      if (pid && !isRunning(pid)) await rm(join(outDir, name), { force: true });
    }),
  );
}

/**
 * Makes a folder and the folders above it that are missing. By hand: Node's own `mkdir(…, { recursive: true })` never
 * returns where making a folder fails with ENOENT though its parent exists (`/proc/x`, in Node 20 and 22); this reports it.
 */
async function makeFolder(path: string): Promise<void> {
  try {
    await mkdir(path);
  } catch (error) {
    const { code } = error as NodeJS.ErrnoException;
    if (code === 'EEXIST') return;
    const parent = dirname(path);
    if (code !== 'ENOENT' || parent === path || (await stat(parent).catch(() => undefined))) throw error;
    await makeFolder(parent);
    await mkdir(path).catch((again: NodeJS.ErrnoException) => {
      if (again.code !== 'EEXIST') throw again;
    });
  }
}

/** Checks, before any work, that the output folder exists or can be made, and takes files; an existing folder is only asked (a republish with nothing to do writes nothing). */
export async function assertWritable(outDir: string): Promise<void> {
  try {
    if ((await stat(outDir).catch(() => undefined))?.isDirectory()) return await access(outDir, constants.W_OK);
    await makeFolder(outDir);
    // A probe named like a temporary file: should the process be killed here, the next publish clears it.
    const probe = `.editions-write-check.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    await writeFile(join(outDir, probe), '');
    await rm(join(outDir, probe), { force: true });
  } catch (error) {
    const { code, message } = error as NodeJS.ErrnoException;
    const advice =
      code === 'ENOSPC' || code === 'EDQUOT' ? 'free some space on its disk' : 'check that it is a folder you may write to, or pass another with --out';
    throw new OutputFolderError(`${outDir}: the output folder cannot be written (${code ?? message}); ${advice}`);
  }
}
