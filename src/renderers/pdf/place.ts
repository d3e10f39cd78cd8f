import type { Line, Run } from './layout.js';
import { runWidth } from './layout.js';
import { shape } from './shape.js';

/**
 * The line's runs with their x offsets from the line's left edge, in reading order:
 * bidi reordering (UAX #9 rule L2) places them, and they are drawn in logical
 * order so the text layer reads like the source. `gap` is added after each
 * stretchable space.
 */
export function placeRuns(line: Line, gap: number): { run: Run; x: number; trimmed: boolean }[] {
  const runs: { run: Run; gapAfter: boolean; trimmed: boolean }[] = [];
  line.pieces.forEach((piece, pieceIndex) => {
    const lastPiece = pieceIndex === line.pieces.length - 1;
    piece.runs.forEach((run, runIndex) => {
      const lastRun = runIndex === piece.runs.length - 1;
      const trimmed = lastPiece && lastRun && /\s$/.test(run.text);
      const drawn = trimmed ? { ...run, text: run.text.trimEnd(), shaped: shape(run.font, run.text.trimEnd(), run.level % 2 === 1) } : run;
      runs.push({ run: drawn, gapAfter: lastRun && !lastPiece && piece.space > 0, trimmed });
    });
  });
  const order = runs.map((_, index) => index);
  const highest = Math.max(0, ...runs.map((entry) => entry.run.level));
  const lowestOdd = Math.min(...runs.map((entry) => entry.run.level).filter((level) => level % 2 === 1), highest + 1);
  for (let level = highest; level >= lowestOdd; level--) {
    for (let start = 0; start < order.length; start++) {
      if ((runs[order[start] as number]?.run.level ?? 0) < level) continue;
      let end = start;
      while (end + 1 < order.length && (runs[order[end + 1] as number]?.run.level ?? 0) >= level) end++;
      order.splice(start, end - start + 1, ...order.slice(start, end + 1).reverse());
      start = end;
    }
  }
  const xs = new Array<number>(runs.length).fill(0);
  let cursor = 0;
  for (const index of order) {
    const entry = runs[index];
    if (!entry) continue;
    xs[index] = cursor;
    cursor += runWidth(entry.run) + (entry.gapAfter ? gap : 0);
  }
  return runs.map((entry, index) => ({ run: entry.run, x: xs[index] ?? 0, trimmed: entry.trimmed }));
}
