/**
 * Where a key is written in a config's source: `file:line:column` (from 1), for checks made after the config has run,
 * which its stack cannot place. Found in the text, key after key (`['theme', 'fonts', 'body']`); a key not written
 * there (computed, spread, built by a function) leaves the file alone. A text search, not a parse: the package ships no
 * TypeScript parser (typescript is a dev dependency, 23 MB), and the message names the key's path besides.
 */
export function placeOfKey(file: string, text: string | undefined, keys: readonly string[]): string {
  return placeAt(file, text, text === undefined || keys.length === 0 ? undefined : keyOffset(withoutComments(text), keys));
}

/**
 * Where the config's `index`-th renderer is written: with `keys`, its member written in its own text (its object in the
 * `renderers` list, or the declaration of the constant the list names), so that two renderers with one member are each
 * placed at their own; else, or when not written there, the renderer in the list. Where the list's items cannot be told
 * (not written as a list, or a spread before it), its member as `placeOfKey` finds it.
 */
export function placeOfRenderer(file: string, text: string | undefined, index: number, keys: readonly string[] = []): string {
  if (text === undefined) return file;
  const code = withoutComments(text);
  const depth = depths(code);
  const item = rendererSpan(code, depth, index);
  if (!item) return keys.length > 0 ? placeOfKey(file, text, ['renderers', ...keys]) : file;
  return placeAt(file, text, (keys.length > 0 ? memberOffset(code, depth, item.own, keys) : undefined) ?? item.start);
}

/** Each character's depth in brackets (an opening or closing one has the depth outside it), -1 inside a string or template literal. */
function depths(code: string): Int32Array {
  const depth = new Int32Array(code.length);
  let level = 0;
  let quote: string | undefined;
  for (let offset = 0; offset < code.length; offset++) {
    const char = code[offset] as string;
    if (quote !== undefined) {
      depth[offset] = -1;
      if (char === '\\') depth[++offset] = -1;
      else if (char === quote) quote = undefined;
      continue;
    }
    if (char === "'" || char === '"' || char === '`') {
      quote = char;
      depth[offset] = -1;
      continue;
    }
    if (')]}'.includes(char)) level--;
    depth[offset] = level;
    if ('([{'.includes(char)) level++;
  }
  return depth;
}

interface Span {
  readonly start: number;
  readonly end: number;
}

/** Where the `index`-th item of the `renderers` list starts, and the text that defines it (its own, or its constant's declaration). */
function rendererSpan(code: string, depth: Int32Array, index: number): { start: number; own: Span } | undefined {
  const key = keyOffset(code, ['renderers']);
  if (key === undefined) return undefined;
  const open = /^[^:]*:\s*\[/.exec(code.slice(key));
  if (!open) return undefined;
  const items = listItems(code, depth, key + open[0].length - 1);
  const item = items[index];
  // A spread before it (`...shared`) adds items the text does not show.
  if (!item || items.slice(0, index + 1).some(({ start }) => code.startsWith('...', start))) return undefined;
  const name = /^[A-Za-z_$][\w$]*$/.exec(code.slice(item.start, item.end).trim())?.[0];
  return { start: item.start, own: (name && declaration(code, depth, name)) || item };
}

/** The items of the list opening at `open`, without their spaces around. */
function listItems(code: string, depth: Int32Array, open: number): Span[] {
  const items: Span[] = [];
  const inside = (depth[open] ?? 0) + 1;
  let start = open + 1;
  const push = (end: number) => {
    const text = code.slice(start, end);
    if (text.trim() !== '') items.push({ start: start + text.length - text.trimStart().length, end: start + text.trimEnd().length });
  };
  for (let offset = open + 1; offset < code.length; offset++) {
    if (depth[offset] === inside - 1) {
      push(offset);
      break;
    }
    if (depth[offset] === inside && code[offset] === ',') {
      push(offset);
      start = offset + 1;
    }
  }
  return items;
}

/** The value of `const name = …` (or `let`, `var`), up to its end: a `;`, or a line that starts a statement. */
function declaration(code: string, depth: Int32Array, name: string): Span | undefined {
  const found = new RegExp(`(?<![\\w$])(?:const|let|var)\\s+${name.replace(/\$/g, '\\$')}(?![\\w$])[^=;]*=`).exec(code);
  if (!found) return undefined;
  const start = found.index + found[0].length;
  const level = depth[found.index] ?? 0;
  for (let offset = start; offset < code.length; offset++) {
    if (depth[offset] !== level) continue;
    if (code[offset] === ';' || (code[offset] === '\n' && /^[^\s.)\]}]/.test(code.slice(offset + 1, offset + 2)))) return { start, end: offset };
  }
  return { start, end: code.length };
}

/** Where `keys` are written inside `span`, outside strings, the shallowest first (the renderer's own member, not one of its options'). */
function memberOffset(code: string, depth: Int32Array, span: Span, keys: readonly string[]): number | undefined {
  // Taken at the colon: a quoted key's quote is inside a string.
  const depthOf = (match: RegExpExecArray) => depth[match.index + match[0].length - 1] ?? -1;
  let from = span;
  let found: number | undefined;
  for (const key of keys) {
    const matches = [...code.slice(0, from.end).matchAll(keyPattern(key))].filter((match) => match.index >= from.start && depthOf(match) >= 0);
    const shallowest = matches.sort((a, b) => depthOf(a) - depthOf(b))[0];
    if (!shallowest) return undefined;
    found = shallowest.index;
    from = { start: found + shallowest[0].length, end: from.end };
  }
  return found;
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
