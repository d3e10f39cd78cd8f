import type { Line, Run } from './layout.js';
import { runWidth } from './layout.js';
import { shape } from './shape.js';

/**
 * The line's runs with their x offsets from the line's left edge, in reading order:
 * bidi reordering (UAX #9 rule L2) places them, and they are drawn in logical
 * order so the text layer reads like the source. `gap` is added after each
 * stretchable space, and between Chinese or Japanese characters that may spread.
 */
export function placeRuns(line: Line, gap: number): readonly Placed[] {
  const known = placements.get(line);
  if (known?.gap === gap) return known.placed;
  const placed = placedRuns(line, gap);
  placements.set(line, { gap, placed });
  return placed;
}

interface Placed {
  readonly run: Run;
  x: number;
  readonly trimmed: boolean;
}

/** Each line's runs as last placed, by line: a cached line set again at the same measure (a later document's) is placed once. */
const placements = new WeakMap<Line, { gap: number; placed: readonly Placed[] }>();

function placedRuns(line: Line, gap: number): Placed[] {
  const placed: Placed[] = [];
  const gapAfter: boolean[] = [];
  let highest = 0;
  let lowestOdd = Number.POSITIVE_INFINITY;
  line.pieces.forEach((piece, pieceIndex) => {
    const lastPiece = pieceIndex === line.pieces.length - 1;
    piece.runs.forEach((run, runIndex) => {
      const lastRun = runIndex === piece.runs.length - 1;
      const trimmed = lastPiece && lastRun && /\s$/.test(run.text);
      // The space is drawn apart, without ink, but stays in the run's text: a run read through its ActualText (Devanagari, a box) keeps it.
      const drawn = trimmed ? withoutTrailingSpace(run) : run;
      placed.push({ run: drawn, x: 0, trimmed });
      gapAfter.push(lastRun && !lastPiece && (piece.space > 0 || (gap > 0 && piece.interCharacter === true)));
      highest = Math.max(highest, run.level);
      if (run.level % 2 === 1) lowestOdd = Math.min(lowestOdd, run.level);
    });
  });
  // All left to right (most lines): reading order is visual order.
  if (highest === 0) {
    let cursor = 0;
    for (let index = 0; index < placed.length; index++) {
      const entry = placed[index] as Placed;
      entry.x = cursor;
      cursor += runWidth(entry.run) + (gapAfter[index] ? gap : 0);
    }
    return placed;
  }
  // Visual order (UAX #9, L2): from the highest level down to the lowest odd one, reverse each run of runs at that level or above.
  const order = placed.map((_, index) => index);
  for (let level = highest; level >= Math.min(lowestOdd, highest + 1); level--) {
    for (let start = 0; start < order.length; start++) {
      if ((placed[order[start] as number]?.run.level ?? 0) < level) continue;
      let end = start;
      while (end + 1 < order.length && (placed[order[end + 1] as number]?.run.level ?? 0) >= level) end++;
      order.splice(start, end - start + 1, ...order.slice(start, end + 1).reverse());
      start = end;
    }
  }
  // A run's space ends it in reading order: to its left when it runs right to left, so its justifying gap goes there too.
  let cursor = 0;
  for (const index of order) {
    const entry = placed[index];
    if (!entry) continue;
    const gapBefore = gapAfter[index] && entry.run.level % 2 === 1;
    if (gapBefore) cursor += gap;
    entry.x = cursor;
    cursor += runWidth(entry.run) + (gapAfter[index] && !gapBefore ? gap : 0);
  }
  return placed;
}

/** Line-end runs without their trailing space, made once per run: cached lines are drawn again by every later document. */
const trimmedRuns = new WeakMap<Run, Run>();

function withoutTrailingSpace(run: Run): Run {
  let trimmed = trimmedRuns.get(run);
  if (!trimmed) {
    trimmed = { ...run, shaped: shape(run.font, run.text.trimEnd(), run.level % 2 === 1) };
    trimmedRuns.set(run, trimmed);
  }
  return trimmed;
}
