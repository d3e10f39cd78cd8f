import type { Element, Root } from 'hast';
import { visit } from 'unist-util-visit';
import type { VFile } from 'vfile';

const headingTag = /^h([1-6])$/;

/**
 * A heading that skips a level (`##` then `####`) is set one level below the
 * heading it belongs to, with a warning at its place: every edition reads the
 * tree, so the HTML, the EPUB, the PDF's structure tree and outline and the
 * text edition all get the same levels, and no validator sees a skip. The
 * article's title is the level-1 heading above them all.
 */
export function headingLevels() {
  return (tree: Root, file: VFile) => {
    const source = String(file.value);
    // The headings still open, by level as written and as set; the title stands at the bottom.
    const open: { written: number; set: number }[] = [{ written: 0, set: 1 }];
    visit(tree, 'element', (node: Element) => {
      const written = Number(headingTag.exec(node.tagName)?.[1] ?? 0);
      if (written === 0) return;
      while ((open.at(-1)?.written ?? 0) >= written) open.pop();
      const parent = open.at(-1) ?? { written: 0, set: 1 };
      const set = Math.min(written, parent.set + 1);
      open.push({ written, set });
      if (set === written) return;
      node.tagName = `h${set}`;
      const start = node.position?.start;
      const raw = source[start?.offset ?? -1] === '<';
      const as = (level: number) => (raw ? `<h${level}>` : '#'.repeat(level));
      file.message(
        `Heading level ${written} is under ${parent.written === 0 ? 'the headline (level 1)' : `a level-${parent.set} heading`} and skips a level; it is set as level ${set} in every edition. Write it as \`${as(set)}\` instead of \`${as(written)}\``,
        { place: start, ruleId: 'heading-skip', source: 'editions' },
      );
    });
  };
}
