import { crc32, deflateRawSync } from 'node:zlib';

/** Images are compressed already: deflating them again costs time and saves nothing. */
const compressedAlready = /\.(jpe?g|png|gif|webp|avif)$/i;

const encoder = new TextEncoder();

/** One file of a zip: its name, its bytes, and whether to deflate them. */
export type ZipEntry = readonly [name: string, data: string | Uint8Array, deflate: boolean];

/** Whether a file's bytes are worth deflating: images are compressed already. */
export function worthDeflating(name: string): boolean {
  return !compressedAlready.test(name);
}

/**
 * A zip of the entries in the given order, every one dated noon of `date`'s UTC
 * day (DOS dates have no time zone: noon is the same day everywhere), so
 * rebuilds are byte-identical anywhere. A date outside DOS's years (1980 to
 * 2107) takes the nearest one it can hold. Shared by the EPUB (its OCF
 * container) and the DOCX (whose library's own zip dates every entry now).
 *
 * Written by hand (the format is three fixed records, APPNOTE 4.3): fflate's
 * synchronous zip deflates only with its own JavaScript deflate, a fifth of an
 * EPUB's time and four times slower than Node's zlib (which also compresses the
 * PDF's streams); its streaming zip, which takes data deflated elsewhere, writes
 * data descriptors after every entry, which Java's ZipInputStream, and readers
 * built on it, refuse for a stored entry such as `mimetype`.
 */
export function zip(entries: readonly ZipEntry[], date: Date): Uint8Array {
  const day = new Date(Math.min(Math.max(date.getTime(), Date.UTC(1980, 0, 1)), Date.UTC(2107, 11, 31)));
  const dosDate = ((day.getUTCFullYear() - 1980) << 9) | ((day.getUTCMonth() + 1) << 5) | day.getUTCDate();
  const dosTime = 12 << 11;
  const parts: Uint8Array[] = [];
  const directory: Uint8Array[] = [];
  let offset = 0;
  for (const [name, data, deflate] of entries) {
    const bytes = typeof data === 'string' ? encoder.encode(data) : data;
    const stored = deflate ? deflateRawSync(bytes, { level: 9 }) : bytes;
    const fileName = encoder.encode(name);
    // Bit 11: the name is UTF-8 (an image's name may not be ASCII).
    const flags = fileName.length === name.length ? 0 : 0x0800;
    const fields = { flags, method: deflate ? 8 : 0, crc: crc32(bytes), size: stored.length, originalSize: bytes.length, nameLength: fileName.length };
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    writeCommon(local, 4, fields, dosTime, dosDate);
    parts.push(local, fileName, stored);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4); // made by: version 2.0, MS-DOS attributes
    writeCommon(central, 6, fields, dosTime, dosDate);
    central.writeUInt32LE(offset, 42);
    directory.push(central, fileName);
    offset += local.length + fileName.length + stored.length;
  }
  const directorySize = directory.reduce((total, part) => total + part.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directorySize, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...parts, ...directory, end]);
}

/** The fields local and central headers share, from "version needed" to "extra field length". */
function writeCommon(
  header: Buffer,
  at: number,
  fields: { flags: number; method: number; crc: number; size: number; originalSize: number; nameLength: number },
  dosTime: number,
  dosDate: number,
): void {
  header.writeUInt16LE(20, at); // version needed: 2.0 (deflate)
  header.writeUInt16LE(fields.flags, at + 2);
  header.writeUInt16LE(fields.method, at + 4);
  header.writeUInt16LE(dosTime, at + 6);
  header.writeUInt16LE(dosDate, at + 8);
  header.writeUInt32LE(fields.crc, at + 10);
  header.writeUInt32LE(fields.size, at + 14);
  header.writeUInt32LE(fields.originalSize, at + 18);
  header.writeUInt16LE(fields.nameLength, at + 22);
}
