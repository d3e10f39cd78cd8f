import type { Html, Root as MdastRoot } from 'mdast';
import { visit } from 'unist-util-visit';
import { htmlTag, voidElements } from './html-tags.js';

/** Deeper nesting than this is flattened to it: no article needs more, and the parser's cost grows with depth. */
export const maxNesting = 32;

const containerMarker = /^ {0,3}(?:>[ \t]?|(?:[-*+]|\d{1,9}[.)])(?:[ \t]+|$))/;

/**
 * Caps block quotes and lists nested deeper than `maxNesting` levels on one
 * line (`> > > …`, `- - - …`) or by indentation, keeping every word. Written by
 * hand because micromark has no depth limit: its time grows with the square of
 * the depth, and past a few thousand levels it overflows the stack.
 */
export function capNesting(text: string): { text: string; cappedLines: number[] } {
  const cappedLines: number[] = [];
  const lines = text.split('\n');
  const maxIndent = maxNesting * 4;
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index] ?? '';
    let rest = line;
    let depth = 0;
    let kept = 0;
    for (let match = containerMarker.exec(rest); match && rest.length > 0; match = containerMarker.exec(rest)) {
      depth++;
      if (depth <= maxNesting) kept += match[0].length;
      rest = rest.slice(match[0].length);
    }
    const indent = /^[ \t]*/.exec(rest)?.[0].length ?? 0;
    if (depth <= maxNesting && kept + indent <= maxIndent) continue;
    lines[index] = `${line.slice(0, Math.min(kept, maxIndent))}${' '.repeat(Math.min(indent, 4))}${rest.slice(indent)}`;
    cappedLines.push(index + 1);
  }
  return { text: cappedLines.length > 0 ? lines.join('\n') : text, cappedLines };
}

/** Raw HTML elements nested deeper than this are flattened to it: Chromium's parser stops at 512, and our renderers' stacks overflowed near 900. */
export const maxHtmlNesting = 128;

/**
 * Drops the start and end tags of raw HTML elements nested deeper than
 * `maxHtmlNesting`, across the article's HTML nodes in order, keeping every
 * word; returns where the first dropped tag was. Written by hand because
 * parse5 and the hast utilities recurse without a depth limit: a few thousand
 * nested `<div>`s overflowed the stack with no place to report.
 */
export function capHtmlNesting(tree: MdastRoot): { line: number; column: number } | undefined {
  const open: { name: string; dropped: boolean }[] = [];
  let first: { line: number; column: number } | undefined;
  visit(tree, 'html', (node) => {
    let dropped = false;
    const value = node.value.replace(htmlTag, (tag, closing: string, name: string | undefined, selfClosing: string, offset: number) => {
      if (!name) return tag;
      const lowerName = name.toLowerCase();
      if (closing) {
        const index = open.findLastIndex((element) => element.name === lowerName);
        if (index === -1) return tag;
        const [element] = open.splice(index);
        if (!element?.dropped) return tag;
      } else {
        if (selfClosing || voidElements.has(lowerName)) return tag;
        const drop = open.length >= maxHtmlNesting;
        open.push({ name: lowerName, dropped: drop });
        if (!drop) return tag;
        first ??= placeIn(node, offset);
      }
      dropped = true;
      return '';
    });
    if (dropped) node.value = value;
  });
  return first;
}

/** The line and column of an offset into an HTML node's value. */
function placeIn(node: Html, offset: number): { line: number; column: number } {
  const before = node.value.slice(0, offset);
  const lines = before.split('\n');
  const start = node.position?.start ?? { line: 1, column: 1 };
  return lines.length === 1
    ? { line: start.line, column: start.column + offset }
    : { line: start.line + lines.length - 1, column: (lines.at(-1)?.length ?? 0) + 1 };
}
