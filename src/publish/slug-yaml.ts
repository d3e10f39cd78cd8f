// A module of its own, imported dynamically: yaml's named exports, statically imported here, survive bundling (a dynamic import of the CommonJS bundle of yaml gives only its default).
import { isMap, isScalar, LineCounter, parseDocument } from 'yaml';

/** A slug set in front matter, and where: the duplicate-slug message points at it. */
export interface DeclaredSlug {
  readonly slug: string;
  readonly place: { readonly line: number; readonly column: number };
}

/** The string `slug` of a front matter block, parsed as the reader parses it; its place is within the block. */
export function slugOf(block: string): DeclaredSlug | undefined {
  const found = scalarOf(block, 'slug');
  return found && typeof found.value === 'string' ? { slug: found.value, place: found.place } : undefined;
}

/** A key of a front matter block whose value is a scalar: the value, and where the key is written within the block. */
export function scalarOf(block: string, key: string): { readonly value: unknown; readonly place: DeclaredSlug['place'] } | undefined {
  const lineCounter = new LineCounter();
  const document = parseDocument(block, { lineCounter, prettyErrors: false, uniqueKeys: true });
  // Invalid YAML fails the article when it is read, with its own message.
  if (document.errors.length > 0 || !isMap(document.contents)) return undefined;
  const pair = document.contents.items.find((item) => isScalar(item.key) && item.key.value === key);
  if (!pair || !isScalar(pair.key) || !isScalar(pair.value)) return undefined;
  const { line, col } = lineCounter.linePos(pair.key.range?.[0] ?? 0);
  return { value: pair.value.value, place: { line, column: col } };
}
