import { gfmFootnoteFromMarkdown } from 'mdast-util-gfm-footnote';
import { gfmStrikethroughFromMarkdown } from 'mdast-util-gfm-strikethrough';
import { gfmTableFromMarkdown } from 'mdast-util-gfm-table';
import { gfmTaskListItemFromMarkdown } from 'mdast-util-gfm-task-list-item';
import { gfmFootnote } from 'micromark-extension-gfm-footnote';
import { gfmStrikethrough } from 'micromark-extension-gfm-strikethrough';
import { gfmTable } from 'micromark-extension-gfm-table';
import { gfmTaskListItem } from 'micromark-extension-gfm-task-list-item';
import type { Processor } from 'unified';

/**
 * What the source of a literal autolink holds: "www", "http" or "@", or a
 * character reference (`&#64;`), which may stand for any of their characters.
 * Backslash escapes cannot hide them: `www\.x.com` is still "www" in the
 * source, and becomes a link once the escape is read.
 */
const autolinkSource = /[@&]|www|http/i;

/** Whether a Markdown text may hold a literal autolink (`www.example.com`, `https://…`, `name@example.com`). */
export function mayHaveLiteralAutolinks(text: string): boolean {
  return autolinkSource.test(text);
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
