import stringWidth from 'string-width';

/** Characters one column wide that never join a neighbour: printable ASCII and Latin-1, Latin and IPA letters, typographic punctuation. */
export const narrowAlone = /^[\x20-\x7e\xa0-\xac\xae-\u02ff\u2010-\u2027\u2030-\u205e]*$/;

/**
 * Display width of text in columns, as a terminal sets it (wide East Asian characters count two, combining marks
 * zero): text of narrow characters alone is a column a character, without string-width's grapheme segmentation,
 * whose first use in a thread costs 30 to 50 ms (ICU's break data, the emoji set).
 */
export function displayWidth(text: string): number {
  return narrowAlone.test(text) ? text.length : stringWidth(text);
}
