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
