import { checkedOptions, registered } from '../../config/registry.js';
import type { Article, RenderContext, Renderer } from '../../types.js';
import type { Settings } from './pages.js';

export interface PdfOptions {
  /** Paper size: 'A4' (default), 'LETTER', or [width, height] in points. */
  readonly pageSize?: 'A4' | 'LETTER' | readonly [number, number];
  /** Margins in points. */
  readonly margins?: { readonly top: number; readonly right: number; readonly bottom: number; readonly left: number };
  /** Body text size in points. Default 10.5. */
  readonly baseSize?: number;
}

/** Points of the sizes pdfkit knows by name. */
const namedSizes = { A4: [595.28, 841.89], LETTER: [612, 792] } as const;

/**
 * A page the article can be set on: a size PDF allows (3 to 14,400 points a side),
 * four margins, and a text block of two inches each way between them. Else every
 * article's PDF failed as it was set, with "unsupported number: NaN" for a margin left out.
 */
function checkPage({ pageSize, margins }: Settings): void {
  const size = typeof pageSize === 'string' ? namedSizes[pageSize] : pageSize;
  if (!Array.isArray(size) || size.length !== 2 || !size.every((side) => typeof side === 'number' && side >= 3 && side <= 14_400))
    throw new RangeError(`pdf({ pageSize }) must be 'A4', 'LETTER' or [width, height] in points, 3 to 14400 each; got ${JSON.stringify(pageSize)}`);
  const sides = ['top', 'right', 'bottom', 'left'] as const;
  if (typeof margins !== 'object' || margins === null || !sides.every((side) => typeof margins[side] === 'number' && margins[side] >= 0))
    throw new RangeError(`pdf({ margins }) must give top, right, bottom and left in points, each 0 or more; got ${JSON.stringify(margins)}`);
  const [width, height] = size as readonly [number, number];
  if (width - margins.left - margins.right < 144 || height - margins.top - margins.bottom < 144)
    throw new RangeError(
      `pdf({ margins }) leave less than 144 points (two inches) of text each way on a ${width}×${height} page; make them or the page size fit`,
    );
}

const defaults: Settings = { pageSize: 'A4', margins: { top: 64, right: 64, bottom: 64, left: 64 }, baseSize: 10.5 };

/** The page and type a `pdf(options)` sets: the options over the defaults. */
export function pdfSettings(options: PdfOptions): Settings {
  return Object.freeze({ ...defaults, ...options });
}

/** A tagged, accessible PDF (PDF/UA-1) set with embedded, subset fonts. */
export function pdf(options: PdfOptions = {}): Renderer<Uint8Array> {
  checkedOptions('pdf', options, { pageSize: true, margins: true, baseSize: true });
  const settings = pdfSettings(options);
  if (typeof settings.baseSize !== 'number' || !(settings.baseSize >= 6 && settings.baseSize <= 24))
    throw new RangeError(`pdf({ baseSize }) must be a number of points from 6 to 24; got ${JSON.stringify(settings.baseSize)}`);
  checkPage(settings);
  return registered('pdf', options, {
    name: 'pdf',
    extension: '.pdf',
    weight: 4,
    async prepare(): Promise<void> {
      await (await setter()).warmUp();
    },
    async render(article: Article, context: RenderContext): Promise<Uint8Array> {
      const [{ ArticleSetter, PDFDocument }, { withConvertedImages }] = await Promise.all([setter(), import('../common/converted-images.js')]);
      return new ArticleSetter(PDFDocument, await withConvertedImages(article, convertedTypes), context, settings).set();
    },
  });
}

/** Picture types PDF has no filter for, set as PNGs of their pixels. */
const convertedTypes: ReadonlySet<string> = new Set(['image/gif', 'image/webp']);

/** The setter and pdfkit, loaded on first use only: a publish without PDFs does not pay for them. */
async function setter() {
  const [{ ArticleSetter, warmUp }, { default: PDFDocument }] = await Promise.all([import('./article.js'), import('pdfkit')]);
  return { ArticleSetter, PDFDocument, warmUp };
}
