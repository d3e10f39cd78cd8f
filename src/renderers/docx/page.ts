// Apart from the document builder, so the public API (src/index.ts) can check options without loading the docx library.

/** Page sizes in twentieths of a point, and the text width between 1-inch margins in pixels (96 dpi), which caps an image's width. */
export const pageSizes = {
  A4: { width: 11906, height: 16838, textWidthPx: Math.round(((11906 - 2 * 1440) / 1440) * 96) },
  LETTER: { width: 12240, height: 15840, textWidthPx: Math.round(((12240 - 2 * 1440) / 1440) * 96) },
} as const;

export type DocxPageSize = keyof typeof pageSizes;
