/** Languages written right to left, by their primary subtag. */
const rightToLeft = new Set(['ar', 'arc', 'ckb', 'dv', 'fa', 'he', 'iw', 'ks', 'ps', 'sd', 'syr', 'ug', 'ur', 'yi']);

export function isRightToLeft(lang: string): boolean {
  return rightToLeft.has(lang.split('-')[0]?.toLowerCase() ?? '');
}

/** Scripts whose type has italics: Chinese, Japanese, Arabic, Hebrew, Indic or Thai type has none. */
const italicScripts = new Set(['Latn', 'Grek', 'Cyrl']);

/**
 * Whether `lang` is written in a script that sets a dek or a caption in italics: elsewhere the italic slanted only
 * the Latin words and digits among upright Han or Arabic (and Word slants Han too, by shearing it).
 */
export function hasItalics(lang: string): boolean {
  try {
    return italicScripts.has(new Intl.Locale(lang).maximize().script ?? 'Latn');
  } catch {
    return true;
  }
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
