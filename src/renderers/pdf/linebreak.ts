/**
 * Knuth–Plass total-fit line breaking. Written here because no maintained npm
 * package implements it with what this edition needs: a hard limit on consecutive
 * hyphenated lines, ragged and justified modes over one item model, and a fallback
 * that never overflows the measure.
 */

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
export function breakParagraph(items: ItemTable, measure: number, options: BreakOptions = {}): Break[] {
  if (options.tolerance !== undefined) return tryBreak(items, measure, options, options.tolerance) ?? [];
  // A strict pass, a looser one, then one that accepts any line that fits (a break set then exists unless a box is wider than the measure).
  return tryBreak(items, measure, options, 3) ?? tryBreak(items, measure, options, 10) ?? tryBreak(items, measure, options, Number.POSITIVE_INFINITY) ?? [];
}

const box = 0;
const glue = 1;
const penalty = 2;

/**
 * A paragraph's items as columns of numbers: boxes (a word or part of one: fixed width), glue (a space between
 * words: may stretch or shrink when the line is justified), penalties (a possible break that is not a space: a
 * hyphenation point, flagged, with the hyphen's width, or a break after a slash, or between Chinese or Japanese
 * characters of ragged text: justified, they meet at glue that stretches). The breaker reads
 * them for every active candidate, and objects of three shapes made that read slow. Filled by `box`, `glue` and
 * `penalty` and emptied by `clear`, one table serves paragraph after paragraph: an object per item and six typed
 * arrays per paragraph and pass had cost the long-form fixture 5 ms of its 480 (CPU profile, warm, 15 runs).
 */
export class ItemTable {
  length = 0;
  kind = new Uint8Array(256);
  width = new Float64Array(256);
  stretch = new Float64Array(256);
  shrink = new Float64Array(256);
  cost = new Float64Array(256);
  flagged = new Uint8Array(256);

  clear(): void {
    this.length = 0;
  }

  box(width: number): void {
    this.add(box, width, 0, 0, 0, false);
  }

  glue(width: number, stretch: number, shrink: number): void {
    this.add(glue, width, stretch, shrink, 0, false);
  }

  /** `width` is added at the end of the line when it breaks here (the hyphen). */
  penalty(width: number, cost: number, flagged: boolean): void {
    this.add(penalty, width, 0, 0, cost, flagged);
  }

  private add(kind: number, width: number, stretch: number, shrink: number, cost: number, flagged: boolean): void {
    if (this.length === this.kind.length) this.grow();
    const index = this.length++;
    this.kind[index] = kind;
    this.width[index] = width;
    this.stretch[index] = stretch;
    this.shrink[index] = shrink;
    this.cost[index] = cost;
    this.flagged[index] = flagged ? 1 : 0;
  }

  private grow(): void {
    const size = this.kind.length * 2;
    const grown = <Array extends Uint8Array | Float64Array>(from: Array, to: Array) => {
      to.set(from);
      return to;
    };
    this.kind = grown(this.kind, new Uint8Array(size));
    this.width = grown(this.width, new Float64Array(size));
    this.stretch = grown(this.stretch, new Float64Array(size));
    this.shrink = grown(this.shrink, new Float64Array(size));
    this.cost = grown(this.cost, new Float64Array(size));
    this.flagged = grown(this.flagged, new Uint8Array(size));
  }
}

/**
 * Demerits a break can add to the next line for its state alone: a fitness class
 * two apart, and a second hyphen in a row. A candidate that many demerits behind
 * another at the same break, with no fewer hyphens in a row, can never win.
 */
const stateDemerits = 3000;

/**
 * A paragraph's last line narrower than this share of the measure is a runt: one Chinese character and its full stop,
 * or "it." under a full line. Its demerits are those of a line stretched to a ratio of about 0.75, as CSS's `text-wrap:
 * pretty` and InDesign's paragraph composer trade a looser line before it for a fuller last line.
 */
const runtFraction = 1 / 8;
const runtDemerits = 2500;

function tryBreak(items: ItemTable, measure: number, options: BreakOptions, tolerance: number): Break[] | undefined {
  const maxHyphens = options.maxHyphens ?? 2;
  const raggedStretch = measure / 3;
  const loneWordStretch = measure / 12;
  const maxBadness = 100 * tolerance ** 3;
  const { kind, cost: costs, flagged: flags } = items;
  let active: Candidate[] = [{ at: -1, demerits: 0, ratio: 0, fitness: 1, hyphens: 0, previous: undefined, width: 0, stretch: 0, shrink: 0 }];
  let width = 0;
  let stretch = 0;
  let shrink = 0;
  const slots = 4 * (maxHyphens + 1);
  // The best new candidate at a break for each fitness class and count of hyphens in a row (slot), as the candidate it
  // follows, its demerits and its ratio: an object is made only for those kept, not for each one that was best a while.
  const bestAfter: (Candidate | undefined)[] = new Array(slots).fill(undefined);
  const bestDemerits = new Float64Array(slots);
  const bestRatio = new Float64Array(slots);
  const after: Totals = { width: 0, stretch: 0, shrink: 0 };
  // The active list and the one being built swap at each break, instead of a new array per break.
  let spare: Candidate[] = [];
  for (let index = 0; index < items.length; index++) {
    const type = kind[index];
    if (type === box) {
      width += items.width[index] as number;
      continue;
    }
    const cost = type === penalty ? (costs[index] as number) : 0;
    const isBreak = type === penalty ? cost < 10_000 : kind[index - 1] === box;
    if (isBreak) {
      const penaltyWidth = type === penalty ? (items.width[index] as number) : 0;
      const forced = type === penalty && cost <= forcedBreak;
      const flagged = type === penalty && flags[index] === 1;
      const next = spare;
      next.length = 0;
      bestAfter.fill(undefined);
      let found = false;
      for (const candidate of active) {
        const natural = width - candidate.width + penaltyWidth;
        // A line with no space to stretch is judged as a ragged line when it breaks inside a URL;
        // a word alone on a line of a justified paragraph must be nearly full: in a narrow column it had beaten stretched spaces.
        const justifiable = stretch - candidate.stretch;
        const loneWord = type === glue || flagged;
        const lineStretch = options.ragged ? raggedStretch : justifiable > 0 ? justifiable : loneWord ? loneWordStretch : raggedStretch;
        const lineShrink = options.ragged ? 0 : shrink - candidate.shrink;
        const ratio =
          natural < measure
            ? (measure - natural) / lineStretch
            : natural > measure
              ? lineShrink > 0
                ? (measure - natural) / lineShrink
                : Number.NEGATIVE_INFINITY
              : 0;
        // Too tight: this candidate can never start a line reaching here or beyond.
        if (ratio < -1) continue;
        if (!forced) next.push(candidate);
        const badness = forced ? 0 : 100 * Math.abs(ratio * ratio * ratio);
        if (badness > maxBadness) continue;
        const hyphens = flagged ? candidate.hyphens + 1 : 0;
        if (hyphens > maxHyphens) continue;
        let demerits = (10 + badness) ** 2;
        if (cost > 0) demerits += cost ** 2;
        else if (cost > forcedBreak) demerits -= cost ** 2;
        if (flagged && candidate.hyphens > 0) demerits += stateDemerits;
        // A paragraph's last line of a character or a short word (a runt) is avoided when the lines before can spare it.
        if (index === items.length - 1 && candidate.at >= 0 && natural < measure * runtFraction) demerits += runtDemerits;
        // A line ended by a forced break (the paragraph's last) is not stretched, as TeX's \parfillskip makes it. Justified,
        // it is judged so: by its stretch it was very loose, and the line before it was made loose too, to stay within a
        // fitness class. Ragged, it is judged by its fullness as any line is, which balances a headline's last line.
        const setRatio = forced && ratio > 0 ? 0 : ratio;
        const fitnessRatio = options.ragged ? ratio : setRatio;
        const fitness = fitnessRatio < -0.5 ? 0 : fitnessRatio <= 0.5 ? 1 : fitnessRatio <= 1 ? 2 : 3;
        if (Math.abs(fitness - candidate.fitness) > 1) demerits += stateDemerits;
        const total = candidate.demerits + demerits;
        const slot = fitness * (maxHyphens + 1) + hyphens;
        if (bestAfter[slot] === undefined || total < (bestDemerits[slot] as number)) {
          bestAfter[slot] = candidate;
          bestDemerits[slot] = total;
          bestRatio[slot] = setRatio;
          found = true;
        }
      }
      if (found) {
        afterBreak(items, index, width, stretch, shrink, after);
        for (let slot = 0; slot < slots; slot++) {
          const previous = bestAfter[slot];
          if (!previous || dominated(slot, bestAfter, bestDemerits, maxHyphens)) continue;
          next.push({
            at: index,
            demerits: bestDemerits[slot] as number,
            ratio: bestRatio[slot] as number,
            fitness: Math.floor(slot / (maxHyphens + 1)),
            hyphens: slot % (maxHyphens + 1),
            previous,
            width: after.width,
            stretch: after.stretch,
            shrink: after.shrink,
          });
        }
      }
      spare = active;
      active = next;
      if (active.length === 0) return undefined;
    }
    if (type === glue) {
      width += items.width[index] as number;
      stretch += items.stretch[index] as number;
      shrink += items.shrink[index] as number;
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

/** Whether another slot's best candidate at the same break, with no more hyphens in a row, is so far ahead that this slot's can never win. */
function dominated(slot: number, bestAfter: readonly (Candidate | undefined)[], bestDemerits: Float64Array, maxHyphens: number): boolean {
  const hyphens = slot % (maxHyphens + 1);
  const demerits = bestDemerits[slot] as number;
  for (let other = 0; other < bestAfter.length; other++) {
    if (bestAfter[other] && other % (maxHyphens + 1) <= hyphens && (bestDemerits[other] as number) + stateDemerits < demerits) return true;
  }
  return false;
}

/** Totals up to the first box after a break, into `into`: glue and penalties there vanish at the start of the next line. */
function afterBreak(items: ItemTable, at: number, width: number, stretch: number, shrink: number, into: Totals): void {
  let totalWidth = width;
  let totalStretch = stretch;
  let totalShrink = shrink;
  for (let index = at; index < items.length; index++) {
    const type = items.kind[index];
    if (type === box) break;
    if (type === penalty && (items.cost[index] as number) <= forcedBreak && index > at) break;
    if (type === glue) {
      totalWidth += items.width[index] as number;
      totalStretch += items.stretch[index] as number;
      totalShrink += items.shrink[index] as number;
    }
  }
  into.width = totalWidth;
  into.stretch = totalStretch;
  into.shrink = totalShrink;
}

interface Totals {
  width: number;
  stretch: number;
  shrink: number;
}
