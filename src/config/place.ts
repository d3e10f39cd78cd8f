/**
 * Where a key is written in a config's source: `file:line:column` (from 1), for checks made after the config has run,
 * which its stack cannot place. Found in the text, key after key (`['theme', 'fonts', 'body']`); a key not written
 * there (computed, spread, built by a function) leaves the file alone. A text search, not a parse: the package ships no
 * TypeScript parser (typescript is a dev dependency, 23 MB), and the message names the key's path besides.
 */
export function placeOfKey(file: string, text: string | undefined, keys: readonly string[]): string {
  return placeAt(file, text, text === undefined || keys.length === 0 ? undefined : keyOffset(withoutComments(text), keys));
}

/** Where the first match of `pattern` is in a config's source, outside comments: `file:line:column`, or the file alone. */
export function placeOfMatch(file: string, text: string, pattern: RegExp): string {
  return placeAt(file, text, pattern.exec(withoutComments(text))?.index);
}

function placeAt(file: string, text: string | undefined, offset: number | undefined): string {
  if (offset === undefined || text === undefined) return file;
  const before = text.slice(0, offset).split('\n');
  return `${file}:${before.length}:${(before.at(-1)?.length ?? 0) + 1}`;
}

/** A key as an object literal writes it, bare or quoted, followed by its colon. */
function keyPattern(key: string): RegExp {
  const escaped = key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(?<![\\w$.])(?:${escaped}|'${escaped}'|"${escaped}")\\s*:`, 'g');
}

function keyOffset(text: string, keys: readonly string[]): number | undefined {
  let from = 0;
  let found: number | undefined;
  for (const key of keys) {
    const pattern = keyPattern(key);
    pattern.lastIndex = from;
    const match = pattern.exec(text);
    if (!match) {
      found = undefined;
      break;
    }
    found = match.index;
    from = match.index + match[0].length;
  }
  if (found !== undefined) return found;
  // A renderer of the config's own is often written before the list that names it: its key alone, when written once.
  const alone = [...text.matchAll(keyPattern(keys.at(-1) as string))];
  return alone.length === 1 ? alone[0]?.index : undefined;
}

/** The text with its comments blanked, offsets kept: a key named in a comment is not where it is written. */
function withoutComments(text: string): string {
  const blank = (comment: string) => comment.replace(/[^\n]/g, ' ');
  return text.replace(/\/\*[\s\S]*?\*\//g, blank).replace(/(^|\s)\/\/[^\n]*/g, (comment) => blank(comment));
}
