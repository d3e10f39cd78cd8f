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
    const locale = new Intl.Locale(lang);
    // The labels' languages in those scripts, known without Intl's likely-subtags data, which costs a thread 7 ms on first use.
    if (!locale.script && latinGreekCyrillic.has(locale.language)) return true;
    return italicScripts.has(locale.script ?? locale.maximize().script ?? 'Latn');
  } catch {
    return true;
  }
}

const latinGreekCyrillic = new Set(['en', 'fr', 'es', 'de', 'pt', 'it', 'nl', 'pl', 'ru', 'uk', 'el', 'tr', 'id', 'vi']);

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
