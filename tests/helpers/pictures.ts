import { PNG } from 'pngjs';
import { run } from './tools.js';

/** Page 1 of a PDF rendered by poppler at 72 dpi (a pixel a point), decoded. */
export async function renderedPage(path: string): Promise<PNG> {
  const { stdout } = await run('pdftoppm', ['-r', '72', '-f', '1', '-l', '1', '-png', path], { encoding: 'buffer', maxBuffer: 64 * 1024 * 1024 } as never);
  return PNG.sync.read(stdout as unknown as Buffer);
}

/** What a rendered page shows of its first red and blue picture (`jpeg-orientation`'s photos). */
export interface ShownPicture {
  /** Rows from its top to its bottom. */
  readonly height: number;
  /** Coloured pixels in its top row. */
  readonly width: number;
  /** The colours two rows inside its top and its bottom. */
  readonly top: Set<string>;
  readonly bottom: Set<string>;
}

/**
 * The first picture of a page: the first run of over ten rows with colour (a coloured rule under the byline is a row
 * or two), measured, and which of red and blue its top and bottom rows show.
 */
export function firstPicture(page: PNG): ShownPicture {
  const coloured = (x: number, y: number) => {
    const at = (y * page.width + x) * 4;
    const [r = 0, g = 0, b = 0] = page.data.subarray(at, at + 3);
    return Math.max(r, g, b) - Math.min(r, g, b) > 60 ? (b > r ? 'blue' : 'red') : undefined;
  };
  const colouredRow = (y: number) => Array.from({ length: page.width }, (_, x) => coloured(x, y)).filter((colour) => colour !== undefined);
  let [top, bottom] = [0, -1];
  while (bottom - top < 10 && top < page.height) {
    top = bottom + 1;
    while (top < page.height && colouredRow(top).length === 0) top++;
    bottom = top;
    while (bottom + 1 < page.height && colouredRow(bottom + 1).length > 0) bottom++;
  }
  return { height: bottom - top + 1, width: colouredRow(top).length, top: new Set(colouredRow(top + 2)), bottom: new Set(colouredRow(bottom - 2)) };
}
