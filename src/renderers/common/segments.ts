// Referenced, not left to tsconfig's include: a newsroom's project type-checks src/ through the package's types.
/// <reference path="./linebreak-package.d.ts" />
import LineBreaker from 'linebreak';

/**
 * Splits text into pieces that may end a line (UAX #14); each piece keeps its trailing spaces. Korean words stay
 * whole, as CSS's `word-break: keep-all` keeps them: UAX #14 breaks between any two Hangul syllables, but Korean is
 * broken at its spaces (and punctuation), as its newspapers and books are.
 */
export function breakOpportunities(text: string): string[] {
  const breaker = new LineBreaker(text);
  const pieces: string[] = [];
  // One search of the text, not one a piece, for the text that has none.
  const byDictionary = dictionaryScript.test(text);
  const korean = hangul.test(text);
  let last = 0;
  for (let next = breaker.nextBreak(); next; next = breaker.nextBreak()) {
    const piece = text.slice(last, next.position);
    const before = pieces.at(-1);
    if (byDictionary && dictionaryScript.test(piece)) pieces.push(...wordsOf(piece));
    else if (korean && before !== undefined && insideKoreanWord(before, piece)) pieces[pieces.length - 1] = before + piece;
    else pieces.push(piece);
    last = next.position;
  }
  return pieces;
}

const hangul = /\p{Script=Hangul}/u;
const hangulLast = /\p{Script=Hangul}$/u;
const hangulFirst = /^\p{Script=Hangul}/u;
// A closing bracket or a percent sign takes its particle too: (연합)은, 10%는.
const letterLast = /[\p{L}\p{N}\p{M}\p{Pe}%]$/u;
const letterFirst = /^[\p{L}\p{N}]/u;

/** Whether a break between two pieces, with no space between, has Hangul on one side and a letter or digit on the other (서|울, 2024|년, AFP|는). */
function insideKoreanWord(before: string, after: string): boolean {
  return (hangulLast.test(before) && letterFirst.test(after)) || (letterLast.test(before) && hangulFirst.test(after));
}

/** Scripts written without spaces between words, whose line breaks UAX #14 leaves to a dictionary (class SA). */
const dictionaryScript = /[\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}]/u;
/** Made on first use, as `segmenter` below. */
let wordSegmenter: Intl.Segmenter | undefined;

/**
 * The words of a piece of Thai, Lao, Khmer or Burmese, by ICU's dictionaries: the
 * line breaker finds no break inside one, so a line of it was cut wherever it
 * filled, in the middle of a word. What is not a word (a space, a mark such as
 * ๆ) stays with the word before it, so that no line starts with it.
 */
function wordsOf(piece: string): string[] {
  wordSegmenter ??= new Intl.Segmenter('th', { granularity: 'word' });
  const words: string[] = [];
  for (const { segment, isWordLike } of wordSegmenter.segment(piece)) {
    if (words.length > 0 && !isWordLike) words[words.length - 1] += segment;
    else words.push(segment);
  }
  return words;
}

/** Made on first use: the first segmenter of a thread loads ICU's break data (12-32 ms), and most text never needs one. */
let segmenter: Intl.Segmenter | undefined;

/**
 * A character that may make a grapheme cluster of more than one UTF-16 unit: a mark or other extender
 * (with the Thai and Lao AM and the halfwidth sound marks, which extend without being marks),
 * a joiner, a variation selector, a surrogate (emoji, modifiers, regional indicators), CR (of CR LF),
 * a Hangul jamo, or a prepended concatenation mark.
 */
const joiningCharacter =
  // biome-ignore lint/suspicious/noMisleadingCharacterClass: it tests one character at a time, and joining characters are what it looks for.
  /[\p{M}\u200d\u0e33\u0eb3\uff9e\uff9f\u200c\ufe00-\ufe0f\ud800-\udfff\u{10000}-\u{10ffff}\r\u1100-\u11ff\ua960-\ua97f\ud7b0-\ud7ff\u0600-\u0605\u06dd\u070f\u0890\u0891\u08e2]/u;

/** A chunk is only cut between two characters that join nothing: no cluster can span the cut. */
function continuesCluster(text: string, index: number): boolean {
  return joiningCharacter.test(text[index - 1] ?? '') || joiningCharacter.test(text[index] ?? '');
}

/**
 * The grapheme clusters of a text. V8's segmenter takes time quadratic in the
 * length of the string it is given (a 100,000-character token took 8 s), so
 * long texts are segmented in chunks cut where no cluster can continue.
 */
export function* graphemesOf(text: string, chunk = 1024): Generator<string> {
  // Most text has no character that joins another into one cluster: each UTF-16 unit is a grapheme,
  // and asking the segmenter cost a PDF a fifth of its time.
  if (!joiningCharacter.test(text)) {
    yield* text;
    return;
  }
  let start = 0;
  while (start < text.length) {
    let end = Math.min(text.length, start + chunk);
    while (end < text.length && continuesCluster(text, end)) end++;
    segmenter ??= new Intl.Segmenter(undefined, { granularity: 'grapheme' });
    for (const { segment } of segmenter.segment(text.slice(start, end))) yield segment;
    start = end;
  }
}
