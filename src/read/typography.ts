import type { Nodes, Root } from 'mdast';
import { retext } from 'retext';
import retextSmartypants from 'retext-smartypants';
import { visit } from 'unist-util-visit';

/** Quotes, over the whole text at once: a quote pairs across emphasis, links and code. */
const quotes = retext().use(retextSmartypants, { ellipses: false, dashes: false, backticks: false }).freeze();
/** Dashes, ellipses and backtick quotes, per text node: they change the text's length. */
const marks = retext().use(retextSmartypants, { quotes: false }).freeze();
/** Text that `marks` can change: two hyphens, three dots (spaced or not), or doubled backticks or apostrophes. */
const hasMarks = /--|``|''|\.\s*\.\s*\./;

/**
 * Quotes are paired within chunks of about this many characters, cut between
 * blocks: retext's parser takes time that grows with the square of a run of text
 * it cannot cut into sentences, and a 5 MB article took 40 s.
 */
const defaultChunkSize = 32_768;

const literals = new Set(['text', 'inlineCode']);
/** Blocks whose text starts afresh: a quote at their start always opens. */
const blocks = new Set(['paragraph', 'heading', 'tableCell']);

/**
 * Typographic quotes, dashes and ellipses in the body, by retext-smartypants,
 * as remark-smartypants applies them. remark-smartypants runs its second pass
 * through retext on every text node, which was a third of the time an article
 * took to parse; here that pass runs only on text it can change, for the same
 * result. Articles longer than a chunk (below) are paired chunk by chunk.
 */
export function remarkTypography(options: { chunkSize?: number } = {}) {
  const chunkSize = options.chunkSize ?? defaultChunkSize;
  return (tree: Root) => {
    const nodes: Nodes[] = [];
    const chunks: string[] = [''];
    visit(tree, (node, _index, parent) => {
      if (!parent) return;
      if (literals.has(node.type) && 'value' in node) {
        // Code keeps its characters, but takes part in quote pairing as a word.
        chunks[chunks.length - 1] += node.type === 'text' ? node.value : 'A'.repeat(node.value.length);
        nodes.push(node);
      } else if (blocks.has(node.type)) {
        if ((chunks.at(-1)?.length ?? 0) >= chunkSize) chunks.push('');
        chunks[chunks.length - 1] += ' ';
        nodes.push(node);
      }
    });
    // Each chunk is followed by a space, as by the next block's, so its last quote sees what it would in the whole.
    const quoted = chunks.map((chunk) => String(quotes.processSync(`${chunk} `)).slice(0, -1)).join('');
    let start = 0;
    for (const node of nodes) {
      if (!('value' in node)) {
        start += 1;
        continue;
      }
      const end = start + node.value.length;
      if (node.type === 'text') {
        const value = quoted.slice(start, end);
        node.value = hasMarks.test(value) ? String(marks.processSync(value)) : value;
      }
      start = end;
    }
  };
}
