/**
 * Freezes a tree and everything in it, without recursion (articles can nest thousands of levels deep).
 * Typed arrays (an image's bytes) are left as they are: JavaScript cannot freeze a view with elements.
 */
export function deepFreeze<T>(value: T): T {
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const item = stack.pop();
    if (item === null || typeof item !== 'object' || Object.isFrozen(item) || ArrayBuffer.isView(item)) continue;
    Object.freeze(item);
    // A Map's entries are not properties: freeze its values too (an article's images).
    for (const child of item instanceof Map ? item.values() : Object.values(item)) stack.push(child);
  }
  return value;
}
