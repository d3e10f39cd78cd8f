import { gfmFootnoteFromMarkdown } from 'mdast-util-gfm-footnote';
import { gfmStrikethroughFromMarkdown } from 'mdast-util-gfm-strikethrough';
import { gfmTableFromMarkdown } from 'mdast-util-gfm-table';
import { gfmTaskListItemFromMarkdown } from 'mdast-util-gfm-task-list-item';
import { gfmFootnote } from 'micromark-extension-gfm-footnote';
import { gfmStrikethrough } from 'micromark-extension-gfm-strikethrough';
import { gfmTable } from 'micromark-extension-gfm-table';
import { gfmTaskListItem } from 'micromark-extension-gfm-task-list-item';
import type { Processor } from 'unified';

/** What a literal autolink starts with: without one of these, GFM's autolink literal finds nothing. */
const autolinkStart = /@|www\.|https?:\/\//i;

/** Whether a Markdown text may hold a literal autolink (`www.example.com`, `https://…`, `name@example.com`). */
export function mayHaveLiteralAutolinks(text: string): boolean {
  return autolinkStart.test(text);
}

/**
 * remark-gfm without literal autolinks, built from the same extensions in the
 * same order. The autolink-literal parser tries an email address at every
 * letter and digit of the text: it cost more than parsing the rest of
 * CommonMark, for articles with no address in them. Use it only on text for
 * which `mayHaveLiteralAutolinks` is false (tests check both parse alike there).
 */
export function remarkGfmWithoutLiteralAutolinks(this: Processor): void {
  const data = this.data();
  data.micromarkExtensions = [...(data.micromarkExtensions ?? []), gfmFootnote(), gfmStrikethrough(), gfmTable(), gfmTaskListItem()];
  data.fromMarkdownExtensions = [
    ...(data.fromMarkdownExtensions ?? []),
    gfmFootnoteFromMarkdown(),
    gfmStrikethroughFromMarkdown(),
    gfmTableFromMarkdown(),
    gfmTaskListItemFromMarkdown(),
  ];
}
