import type { ArticleMeta } from '../../types.js';
import { isRightToLeft } from '../common/masthead.js';
import { xml } from './package.js';

/** Characters per headline line on the cover, and the most lines that fit. */
const lineWidth = 22;
const maxLines = 7;

/** A typographic cover (SVG is a core media type): the headline and the publisher, in the article's language and direction. */
export function coverSvg(meta: ArticleMeta): string {
  const rtl = isRightToLeft(meta.lang);
  const x = rtl ? 1120 : 80;
  const anchor = rtl ? ' text-anchor="end" direction="rtl"' : '';
  const lines = headlineLines(meta.title, lineWidth);
  const shown = lines.length > maxLines ? [...lines.slice(0, maxLines - 1), `${lines[maxLines - 1]}…`] : lines;
  const title = shown.map((line, index) => `<text x="${x}" y="${360 + index * 78}" font-size="64" font-weight="bold">${xml(line)}</text>`).join('');
  const publisher = meta.publisher ? `<text x="${x}" y="1460" font-size="40">${xml(meta.publisher)}</text>` : '';
  return `<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" version="1.1" viewBox="0 0 1200 1600" width="1200" height="1600" role="img" aria-labelledby="cover-title" xml:lang="${xml(meta.lang)}">
<title id="cover-title">${xml(meta.title)}</title>
<rect width="1200" height="1600" fill="#f7f3ea"/><rect x="60" y="60" width="1080" height="1480" fill="none" stroke="#1b1b1b" stroke-width="4"/>
<g font-family="serif" fill="#1b1b1b"${anchor}>${title}${publisher}</g>
</svg>
`;
}

/** Breaks a headline into lines of about `width` characters at spaces; a longer word (or unspaced script) is cut by grapheme. */
export function headlineLines(value: string, width: number): string[] {
  const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
  const lines: string[] = [];
  let line: string[] = [];
  const flush = () => {
    if (line.length > 0) lines.push(line.join('').trim());
    line = [];
  };
  for (const word of value.trim().split(/\s+/)) {
    const characters = [...graphemes.segment(word)].map((part) => part.segment);
    if (line.length > 0 && line.length + 1 + characters.length > width) flush();
    if (line.length > 0) line.push(' ');
    for (const character of characters) {
      if (line.length >= width) flush();
      line.push(character);
    }
  }
  flush();
  return lines;
}
