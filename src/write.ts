import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * The only code that writes editions: bytes go to a temporary file in the
 * output folder, are flushed to disk, and the file is renamed into place, so a
 * reader (or a crash) never sees a half-written edition.
 */
export async function writeAtomically(outDir: string, fileName: string, data: string | Uint8Array): Promise<string> {
  await mkdir(outDir, { recursive: true });
  const target = join(outDir, fileName);
  const temporary = join(outDir, `.${fileName}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
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
