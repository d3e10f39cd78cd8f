import { registered } from '../../config/registry.js';
import type { Article, RenderContext, Renderer } from '../../types.js';
import type { Settings } from './page.js';

export interface PdfOptions {
  /** Paper size: 'A4' (default), 'LETTER', or [width, height] in points. */
  readonly pageSize?: 'A4' | 'LETTER' | readonly [number, number];
  /** Margins in points. */
  readonly margins?: { readonly top: number; readonly right: number; readonly bottom: number; readonly left: number };
  /** Body text size in points. Default 10.5. */
  readonly baseSize?: number;
}

const defaults: Settings = { pageSize: 'A4', margins: { top: 64, right: 64, bottom: 64, left: 64 }, baseSize: 10.5 };

/** A tagged, accessible PDF (PDF/UA-1) set with embedded, subset fonts. */
export function pdf(options: PdfOptions = {}): Renderer<Uint8Array> {
  const settings: Settings = Object.freeze({ ...defaults, ...options });
  if (!(settings.baseSize >= 6 && settings.baseSize <= 24)) throw new RangeError(`pdf({ baseSize }) must be between 6 and 24 points; got ${settings.baseSize}`);
  return registered('pdf', options, {
    name: 'pdf',
    extension: '.pdf',
    weight: 4,
    async prepare(): Promise<void> {
      await (await setter()).warmUp();
    },
    async render(article: Article, context: RenderContext): Promise<Uint8Array> {
      const { ArticleSetter, PDFDocument } = await setter();
      return new ArticleSetter(PDFDocument, article, context, settings).set();
    },
  });
}

/** The setter and pdfkit, loaded on first use only: a publish without PDFs does not pay for them. */
async function setter() {
  const [{ ArticleSetter, warmUp }, { default: PDFDocument }] = await Promise.all([import('./article.js'), import('pdfkit')]);
  return { ArticleSetter, PDFDocument, warmUp };
}
