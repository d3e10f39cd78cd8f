/**
 * A slug (or a path of the output folder) as a disk that ignores case names it: two slugs of one folded slug are one file on
 * macOS's APFS and HFS+, which also take NFC and NFD accents (`é`, `e\u0301`) for one name, or on Windows' NTFS and exFAT.
 * Hand-written, as JavaScript has no Unicode case folding: lower-, upper- then lower-casing (locale-independent) takes
 * `ß`, `ẞ` and `SS` for one (APFS folds fully, `ß` to `ss`), `ı` and `ſ` for `i` and `s` (NTFS upper-cases them to `I`, `S`),
 * and keeps `İ` apart from `i` (it folds to `i` and a combining dot). It is the union of those disks' rules, so it may take
 * for one two names that only some of them hold as one.
 */
export function foldedSlug(slug: string): string {
  // An ASCII slug, most of them, folds by lower-casing: a fifth of the time of the whole fold.
  return /[^\0-\x7f]/.test(slug) ? slug.normalize('NFD').toLowerCase().toUpperCase().toLowerCase().normalize('NFC') : slug.toLowerCase();
}
