/**
 * Freezes a tree and everything in it, without recursion (articles can nest thousands of levels deep).
 * Typed arrays (an image's bytes) are left as they are: JavaScript cannot freeze a view with elements.
 * Children are read in place, not through `Object.values`, and only objects are stacked: a copy of every
 * node's values was a third of the time freezing took.
 */
export function deepFreeze<T>(value: T): T {
  const stack: object[] = [];
  const push = (child: unknown) => {
    if (child !== null && typeof child === 'object' && !Object.isFrozen(child) && !ArrayBuffer.isView(child)) stack.push(child);
  };
  push(value);
  for (let item = stack.pop(); item !== undefined; item = stack.pop()) {
    if (Object.isFrozen(item)) continue;
    // Freezing a Map leaves set, delete and clear working: a renderer that cleared the article's images took them from
    // every renderer after it in its thread. They throw now, as a frozen object's assignment does.
    if (item instanceof Map) for (const method of ['set', 'delete', 'clear']) Object.defineProperty(item, method, { value: readOnly(method) });
    Object.freeze(item);
    if (Array.isArray(item)) for (const child of item) push(child);
    // A Map's entries are not properties: freeze its values too (an article's images).
    else if (item instanceof Map) for (const child of item.values()) push(child);
    else for (const key of Object.keys(item)) push((item as Record<string, unknown>)[key]);
  }
  return value;
}

/** A Map method of a frozen tree, which throws. */
function readOnly(method: string): () => never {
  return () => {
    throw new TypeError(`Cannot ${method} a read only Map`);
  };
}
