/**
 * Knuth–Plass total-fit line breaking. Written here because no maintained npm
 * package implements it with what this edition needs: a hard limit on consecutive
 * hyphenated lines, ragged and justified modes over one item model, and a fallback
 * that never overflows the measure.
 */

/** A word or part of one: fixed width. */
export interface Box {
  readonly type: 'box';
  readonly width: number;
}

/** A space between words: may stretch or shrink when the line is justified. */
export interface Glue {
  readonly type: 'glue';
  readonly width: number;
  readonly stretch: number;
  readonly shrink: number;
}

/** A possible break that is not a space: a hyphenation point (flagged) or a break after a slash or CJK character. */
export interface Penalty {
  readonly type: 'penalty';
  /** Width added at the end of the line when it breaks here (the hyphen). */
  readonly width: number;
  readonly cost: number;
  readonly flagged: boolean;
}

export type Item = Box | Glue | Penalty;

/** Where a line ends: the index of the glue or penalty it breaks at, and how much its spaces stretch (+) or shrink (−). */
export interface Break {
  readonly at: number;
  readonly ratio: number;
}

export const forcedBreak = -10_000;

interface Candidate {
  readonly at: number;
  readonly demerits: number;
  readonly ratio: number;
  readonly fitness: number;
  /** Consecutive hyphenated lines ending here. */
  readonly hyphens: number;
  readonly previous: Candidate | undefined;
  /** Totals of the items before the line that starts after this break. */
  readonly width: number;
  readonly stretch: number;
  readonly shrink: number;
}

export interface BreakOptions {
  /** Ragged right: lines are never stretched, only their fullness is balanced. */
  readonly ragged?: boolean;
  /** At most this many hyphenated lines in a row. */
  readonly maxHyphens?: number;
  /** Only lines this loose or tighter (the ratio of their stretch), with no looser pass after: no breaks when none fit. */
  readonly tolerance?: number;
}

/** Chooses the breaks minimizing the paragraph's total demerits. The last item must be a forced penalty. */
export function breakParagraph(items: readonly Item[], measure: number, options: BreakOptions = {}): Break[] {
  if (options.tolerance !== undefined) return tryBreak(items, measure, options, options.tolerance) ?? [];
  // A strict pass, a looser one, then one that accepts any line that fits (a break set then exists unless a box is wider than the measure).
  return tryBreak(items, measure, options, 3) ?? tryBreak(items, measure, options, 10) ?? tryBreak(items, measure, options, Number.POSITIVE_INFINITY) ?? [];
}

function tryBreak(items: readonly Item[], measure: number, options: BreakOptions, tolerance: number): Break[] | undefined {
  const maxHyphens = options.maxHyphens ?? 2;
  const raggedStretch = measure / 3;
  let active: Candidate[] = [{ at: -1, demerits: 0, ratio: 0, fitness: 1, hyphens: 0, previous: undefined, width: 0, stretch: 0, shrink: 0 }];
  let width = 0;
  let stretch = 0;
  let shrink = 0;
  for (let index = 0; index < items.length; index++) {
    const item = items[index] as Item;
    if (item.type === 'box') {
      width += item.width;
      continue;
    }
    const isBreak = item.type === 'penalty' ? item.cost < 10_000 : items[index - 1]?.type === 'box';
    if (isBreak) {
      const penaltyWidth = item.type === 'penalty' ? item.width : 0;
      const next: Candidate[] = [];
      // The best new candidate for each fitness class and count of hyphens in a row.
      const best: (Candidate | undefined)[] = new Array(4 * (maxHyphens + 1));
      let after: ReturnType<typeof afterBreak> | undefined;
      for (const candidate of active) {
        const natural = width - candidate.width + penaltyWidth;
        // A line with no space to stretch (a URL cut in pieces, one long word) is judged as a ragged line.
        const justifiable = stretch - candidate.stretch;
        const lineStretch = options.ragged || justifiable <= 0 ? raggedStretch : justifiable;
        const lineShrink = options.ragged ? 0 : shrink - candidate.shrink;
        const ratio =
          natural < measure
            ? (measure - natural) / lineStretch
            : natural > measure
              ? lineShrink > 0
                ? (measure - natural) / lineShrink
                : Number.NEGATIVE_INFINITY
              : 0;
        const forced = item.type === 'penalty' && item.cost <= forcedBreak;
        // Too tight: this candidate can never start a line reaching here or beyond.
        if (ratio >= -1 && !forced) next.push(candidate);
        if (ratio < -1) continue;
        const lastLine = forced;
        const badness = lastLine ? 0 : 100 * Math.abs(ratio) ** 3;
        if (!lastLine && badness > 100 * tolerance ** 3) continue;
        const flagged = item.type === 'penalty' && item.flagged;
        const hyphens = flagged ? candidate.hyphens + 1 : 0;
        if (hyphens > maxHyphens) continue;
        const cost = item.type === 'penalty' ? item.cost : 0;
        let demerits = (10 + (lastLine ? 0 : badness)) ** 2;
        if (cost > 0) demerits += cost ** 2;
        else if (cost > forcedBreak) demerits -= cost ** 2;
        if (flagged && candidate.hyphens > 0) demerits += 3000;
        const fitness = ratio < -0.5 ? 0 : ratio <= 0.5 ? 1 : ratio <= 1 ? 2 : 3;
        if (Math.abs(fitness - candidate.fitness) > 1) demerits += 3000;
        const total = candidate.demerits + demerits;
        const slot = fitness * (maxHyphens + 1) + hyphens;
        const existing = best[slot];
        if (!existing || total < existing.demerits) {
          after ??= afterBreak(items, index, width, stretch, shrink);
          best[slot] = {
            at: index,
            demerits: total,
            ratio: lastLine && ratio > 0 ? 0 : ratio,
            fitness,
            hyphens,
            previous: candidate,
            width: after.width,
            stretch: after.stretch,
            shrink: after.shrink,
          };
        }
      }
      for (const candidate of best) if (candidate) next.push(candidate);
      active = next;
      if (active.length === 0) return undefined;
    }
    if (item.type === 'glue') {
      width += item.width;
      stretch += item.stretch;
      shrink += item.shrink;
    }
  }
  const last = active.filter((candidate) => candidate.at === items.length - 1).sort((a, b) => a.demerits - b.demerits)[0];
  if (!last) return undefined;
  const breaks: Break[] = [];
  for (let candidate: Candidate | undefined = last; candidate && candidate.at >= 0; candidate = candidate.previous) {
    breaks.push({ at: candidate.at, ratio: candidate.ratio });
  }
  return breaks.reverse();
}

/** Totals up to the first box after a break: glue and penalties there vanish at the start of the next line. */
function afterBreak(items: readonly Item[], at: number, width: number, stretch: number, shrink: number) {
  let totalWidth = width;
  let totalStretch = stretch;
  let totalShrink = shrink;
  for (let index = at; index < items.length; index++) {
    const item = items[index] as Item;
    if (item.type === 'box') break;
    if (item.type === 'penalty' && item.cost <= forcedBreak && index > at) break;
    if (item.type === 'glue') {
      totalWidth += item.width;
      totalStretch += item.stretch;
      totalShrink += item.shrink;
    }
  }
  return { width: totalWidth, stretch: totalStretch, shrink: totalShrink };
}
