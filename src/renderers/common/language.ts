/** Languages written right to left, by their primary subtag. */
const rightToLeft = new Set(['ar', 'arc', 'ckb', 'dv', 'fa', 'he', 'iw', 'ks', 'ps', 'sd', 'syr', 'ug', 'ur', 'yi']);

export function isRightToLeft(lang: string): boolean {
  return rightToLeft.has(lang.split('-')[0]?.toLowerCase() ?? '');
}

/** The `dir` of text in `lang`. */
export function directionOf(lang: string): 'rtl' | 'ltr' {
  return isRightToLeft(lang) ? 'rtl' : 'ltr';
}

/** Intl throws on tags it does not know; fall back to English rather than fail an edition. */
export function safeLocale(lang: string): string {
  try {
    return Intl.DateTimeFormat.supportedLocalesOf([lang]).length > 0 ? lang : 'en';
  } catch {
    return 'en';
  }
}
