import { gfmAutolinkLiteralFromMarkdown } from 'mdast-util-gfm-autolink-literal';
import { gfmFootnoteFromMarkdown } from 'mdast-util-gfm-footnote';
import { gfmStrikethroughFromMarkdown } from 'mdast-util-gfm-strikethrough';
import { gfmTableFromMarkdown } from 'mdast-util-gfm-table';
import { gfmTaskListItemFromMarkdown } from 'mdast-util-gfm-task-list-item';
import { gfmAutolinkLiteral } from 'micromark-extension-gfm-autolink-literal';
import { gfmFootnote } from 'micromark-extension-gfm-footnote';
import { gfmStrikethrough } from 'micromark-extension-gfm-strikethrough';
import { gfmTable } from 'micromark-extension-gfm-table';
import { gfmTaskListItem } from 'micromark-extension-gfm-task-list-item';
import type { Construct, Extension } from 'micromark-util-types';
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
 * The GFM syntax a Markdown text may hold, each from a character its source
 * must have for the parser to start it (micromark reads markers from the
 * source, never from a character reference): a footnote `^`, a strikethrough
 * `~`, a task list item `[`, a table `|` or a delimiter `:-`/`-:` (a one-column
 * table needs no pipe), an e-mail autolink `@`, a www or http autolink those
 * letters. `autolinks` is whether remark-gfm's search of the parsed text for
 * addresses can find one (`mayHaveLiteralAutolinks`).
 */
export interface GfmSyntax {
  readonly autolinks: boolean;
  readonly emailAutolinks: boolean;
  readonly wwwAutolinks: boolean;
  readonly protocolAutolinks: boolean;
  readonly footnotes: boolean;
  readonly strikethrough: boolean;
  readonly tables: boolean;
  readonly taskLists: boolean;
}

export function gfmSyntaxIn(text: string): GfmSyntax {
  return {
    autolinks: mayHaveLiteralAutolinks(text),
    emailAutolinks: text.includes('@'),
    wwwAutolinks: /www/i.test(text),
    protocolAutolinks: /http/i.test(text),
    footnotes: text.includes('^'),
    strikethrough: text.includes('~'),
    tables: /\||:-|-:/.test(text),
    taskLists: text.includes('['),
  };
}

/** remark-gfm's literal autolink constructs, by the character they start at, of the given kinds only. */
function autolinkLiteral(kept: ReadonlySet<string>): Extension {
  const constructs: Record<number, Construct[]> = {};
  for (const [code, found] of Object.entries(gfmAutolinkLiteral().text ?? {})) {
    const kinds = (Array.isArray(found) ? found : [found]).filter((construct): construct is Construct => kept.has(construct?.name ?? ''));
    if (kinds.length > 0) constructs[Number(code)] = kinds;
  }
  return { text: constructs };
}

/**
 * remark-gfm with only the constructs a text may hold, from the same
 * extensions in the same order: a construct that cannot start cost its tries
 * all the same. The e-mail autolink parser tries an address at every letter
 * and digit of the text, the table parser reads the first line of every
 * paragraph as a header row. Parsing the canonical story (none of them) took
 * 0.83 ms instead of 1.00 ms without autolinks and 2.00 ms with remark-gfm;
 * the 98 kB long-form fixture (no "@") 35 ms instead of 50 ms (main-thread CPU,
 * warm, medians). tests/gfm.test.ts checks that every such text parses as
 * remark-gfm parses it.
 */
export function remarkGfmFor(syntax: GfmSyntax) {
  return function remarkGfmSubset(this: Processor): void {
    const autolinkKinds = new Set(
      [syntax.emailAutolinks && 'emailAutolink', syntax.wwwAutolinks && 'wwwAutolink', syntax.protocolAutolinks && 'protocolAutolink'].filter(
        (kind) => typeof kind === 'string',
      ),
    );
    const data = this.data();
    data.micromarkExtensions = [
      ...(data.micromarkExtensions ?? []),
      ...(autolinkKinds.size > 0 ? [autolinkLiteral(autolinkKinds)] : []),
      ...(syntax.footnotes ? [gfmFootnote()] : []),
      ...(syntax.strikethrough ? [gfmStrikethrough()] : []),
      ...(syntax.tables ? [gfmTable()] : []),
      ...(syntax.taskLists ? [gfmTaskListItem()] : []),
    ];
    data.fromMarkdownExtensions = [
      ...(data.fromMarkdownExtensions ?? []),
      ...(syntax.autolinks ? [gfmAutolinkLiteralFromMarkdown()] : []),
      gfmFootnoteFromMarkdown(),
      gfmStrikethroughFromMarkdown(),
      gfmTableFromMarkdown(),
      gfmTaskListItemFromMarkdown(),
    ];
  };
}
