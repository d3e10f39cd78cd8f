import type { Element, ElementContent } from 'xast';

/** An xast element (what xastscript's `x` makes): attributes left undefined are left out, a string child is text. */
export function x(name: string, attributes: Record<string, string | undefined> = {}, children: readonly (ElementContent | string | undefined)[] = []): Element {
  return {
    type: 'element',
    name,
    attributes: Object.fromEntries(Object.entries(attributes).filter((entry): entry is [string, string] => entry[1] !== undefined)),
    children: children.filter((child) => child !== undefined).map((child) => (typeof child === 'string' ? { type: 'text', value: child } : child)),
  };
}
