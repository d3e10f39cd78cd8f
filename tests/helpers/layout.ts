import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser } from 'playwright-core';
import { expect } from 'vitest';
import { allFixtures, slugOf } from './batch.js';
import { publish } from './cli.js';

/** The narrowest phone a page must serve, and a desktop. */
export const widths = [320, 1280] as const;

/**
 * Every fixture's article (and those `add` writes beside them, named in `articles`) published once by the CLI with the
 * project's config and `--only renderer`: each edition's path, by the fixture's name.
 */
export async function publishedFixtures(
  prefix: string,
  renderer: string,
  add: (source: string, articles: Map<string, string>) => void = () => {},
): Promise<Map<string, string>> {
  const { source, articles } = allFixtures(prefix);
  add(source, articles);
  const out = mkdtempSync(join(tmpdir(), `${prefix}-out-`));
  const { code, stderr } = await publish(['--source', source, '--out', out, '--only', renderer]);
  expect(code, stderr).toBe(0);
  return new Map([...articles].map(([name, fixture]) => [fixture, join(out, `${slugOf(join(source, name))}`)]));
}

/**
 * What `faultsInPage` finds in the page of a file laid out at each of the widths, for a screen or as printed (a paged
 * medium), by width, with what `measure` (run in the page too) says of it there.
 */
export async function layoutAtWidths<Measure>(
  browser: Browser,
  path: string,
  measure?: () => Measure,
  media: 'screen' | 'print' = 'screen',
): Promise<Record<number, { faults: string[]; measured?: Measure }>> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.emulateMedia({ media });
  await page.goto(pathToFileURL(path).href, { waitUntil: 'load' });
  const found: Record<number, { faults: string[]; measured?: Measure }> = {};
  for (const width of widths) {
    await page.setViewportSize({ width, height: 800 });
    found[width] = { faults: await page.evaluate(faultsInPage), ...(measure && { measured: (await page.evaluate(measure)) as Measure }) };
  }
  await context.close();
  return found;
}

/**
 * What is out of place on the page as Chromium lays it out at the viewport's width: the document scrolling sideways;
 * a picture wider than its container; a text box past its block ancestors' left or right edge, unless a box that
 * scrolls sideways holds it (a code block, a table), which must itself fit its ancestors. Runs in the page, whose DOM
 * the test's TypeScript has no types for: the page's globals are typed here.
 */
export function faultsInPage(): string[] {
  interface Rect {
    left: number;
    right: number;
    width: number;
  }
  interface Node {
    nodeValue: string | null;
    parentElement: Element | null;
  }
  interface Element extends Node {
    tagName: string;
    id: string;
    className: string;
    clientWidth: number;
    scrollWidth: number;
    getBoundingClientRect(): Rect;
  }
  const { document, getComputedStyle, NodeFilter } = globalThis as unknown as {
    document: {
      documentElement: Element;
      body: Element;
      images: ArrayLike<Element>;
      querySelectorAll(selector: string): ArrayLike<Element>;
      createTreeWalker(root: Element, what: number): { nextNode(): Node | null };
      createRange(): { selectNodeContents(node: Node): void; getClientRects(): ArrayLike<Rect> };
    };
    getComputedStyle(element: Element): {
      display: string;
      overflowX: string;
      paddingLeft: string;
      paddingRight: string;
      borderLeftWidth: string;
      borderRightWidth: string;
      borderCollapse: string;
    };
    NodeFilter: { SHOW_TEXT: number };
  };
  // Sub-pixel layout: an edge may land a fraction of a pixel off another.
  const slack = 0.5;
  const faults: string[] = [];
  const name = (element: Element) =>
    `${element.tagName.toLowerCase()}${element.id ? `#${element.id}` : ''}${element.className ? `.${String(element.className).split(' ').join('.')}` : ''}`;
  // Asked for each text box's every ancestor: each element's answers are kept.
  const kinds = new Map<Element, { block: boolean; scrolls: boolean }>();
  const kind = (element: Element) => {
    let known = kinds.get(element);
    if (!known) {
      const style = getComputedStyle(element);
      known = { block: !['inline', 'contents'].includes(style.display), scrolls: ['auto', 'scroll'].includes(style.overflowX) };
      kinds.set(element, known);
    }
    return known;
  };
  const scrolls = (element: Element) => kind(element).scrolls;
  const isBlock = (element: Element) => kind(element).block;
  const root = document.documentElement;
  if (root.scrollWidth > root.clientWidth) faults.push(`the document scrolls sideways: ${root.scrollWidth} px wide in ${root.clientWidth}`);
  /** The first block ancestor of `from` (itself excluded) on the way up that a box `rect` spills out of, and by how much; none inside a box that scrolls. */
  const spill = (from: Element | null, rect: Rect): string | undefined => {
    for (let ancestor = from; ancestor && ancestor !== root; ancestor = ancestor.parentElement) {
      if (!isBlock(ancestor)) continue;
      if (scrolls(ancestor)) return undefined;
      const edges = ancestor.getBoundingClientRect();
      if (rect.left < edges.left - slack || rect.right > edges.right + slack)
        return `${name(ancestor)} [${edges.left.toFixed(1)}, ${edges.right.toFixed(1)}] by ${Math.max(edges.left - rect.left, rect.right - edges.right).toFixed(1)} px`;
    }
    return undefined;
  };
  for (const image of Array.from(document.images)) {
    let container = image.parentElement;
    while (container && !isBlock(container)) container = container.parentElement;
    if (!container) continue;
    const rect = image.getBoundingClientRect();
    const box = container.getBoundingClientRect();
    const style = getComputedStyle(container);
    // Its container's content box: inside the padding and the border, of which a table cell whose borders collapse holds
    // half (CSS 2.1, 17.6.2; the EPUB's 6.4 px padding put a picture in a cell 0.5 px left of the whole border).
    const inside = style.borderCollapse === 'collapse' && style.display === 'table-cell' ? 0.5 : 1;
    const left = box.left + inside * Number.parseFloat(style.borderLeftWidth) + Number.parseFloat(style.paddingLeft);
    const right = box.right - inside * Number.parseFloat(style.borderRightWidth) - Number.parseFloat(style.paddingRight);
    if (rect.left < left - slack || rect.right > right + slack)
      faults.push(`img [${rect.left.toFixed(1)}, ${rect.right.toFixed(1)}] out of ${name(container)}'s content box [${left.toFixed(1)}, ${right.toFixed(1)}]`);
  }
  for (const box of Array.from(document.querySelectorAll('body *')).filter(scrolls)) {
    const out = spill(box.parentElement, box.getBoundingClientRect());
    if (out) faults.push(`${name(box)} spills out of ${out}`);
  }
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const range = document.createRange();
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (!node.nodeValue?.trim()) continue;
    range.selectNodeContents(node);
    for (const rect of Array.from(range.getClientRects())) {
      if (rect.width === 0) continue;
      const out = spill(node.parentElement, rect);
      if (out) faults.push(`"${node.nodeValue.trim().slice(0, 40)}" spills out of ${out}`);
    }
  }
  return faults;
}
