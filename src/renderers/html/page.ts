import type { Element, ElementContent, Root } from 'hast';
import { toHtml } from 'hast-util-to-html';
import { h } from 'hastscript';
import { visit } from 'unist-util-visit';
import type { Article } from '../../types.js';
import type { HtmlOptions } from '../html.js';
import { accessibleTables, imageParagraphsAsFigures, isolateOppositeRuns } from '../markup.js';
import { byline, creditBesideByline, datelineOpener, isRightToLeft, readableDate } from '../shared.js';
import { embedImages, focusableCodeBlocks, footnoteSection, labelledCheckboxes, markBareAddresses, repairContentModel } from './body.js';
import { jsonLdText, metadata, pageUrls } from './head.js';
import { contentSecurityPolicy, stylesheet } from './style.js';

/** The page as HTML text: sanitized markup only. */
export function htmlPage(article: Article, options: HtmlOptions): string {
  return toHtml(page(article, options), { allowDangerousHtml: false });
}

function page(article: Article, options: HtmlOptions): Root {
  const { meta } = article;
  // The shared tree is frozen: the page's own changes go to a copy.
  const body = structuredClone(article.hast) as Root;
  const urls = pageUrls(article, options.baseUrl, firstImageSrc(body));
  repairContentModel(body);
  embedImages(body, article.images);
  imageParagraphsAsFigures(body);
  accessibleTables(body);
  footnoteSection(body);
  focusableCodeBlocks(body);
  labelledCheckboxes(body);
  markBareAddresses(body);

  const jsonLd = jsonLdText(article, urls);
  const direction = isRightToLeft(meta.lang) ? 'rtl' : 'ltr';
  const articleElement = h('article', [header(article), ...(body.children as ElementContent[]), footer(article)]);
  isolateOppositeRuns(articleElement, direction);

  return {
    type: 'root',
    children: [
      { type: 'doctype' },
      h('html', { lang: meta.lang, dir: direction === 'rtl' ? 'rtl' : undefined }, [
        h('head', [
          h('meta', { charSet: 'utf-8' }),
          h('meta', { name: 'viewport', content: 'width=device-width, initial-scale=1' }),
          h('meta', { httpEquiv: 'Content-Security-Policy', content: contentSecurityPolicy(jsonLd) }),
          ...metadata(article, urls, jsonLd),
          h('style', stylesheet),
        ]),
        h('body', [h('main', [articleElement])]),
      ]),
    ],
  };
}

function header(article: Article): Element {
  const { meta } = article;
  const date = readableDate(meta.date, meta.lang);
  const by = byline(meta);
  const credit = creditBesideByline(meta);
  const place = datelineOpener(meta)?.replace(/ — $/, '');
  return h('header', [
    h('h1', meta.title),
    meta.description ? h('p.dek', meta.description) : undefined,
    by || credit ? h('p.byline', [by, by && credit ? ' · ' : undefined, credit ? h('span.credit', credit) : undefined]) : undefined,
    place || date
      ? h('p.dateline', [place ? h('span', place) : undefined, place && date ? ' · ' : undefined, date ? h('time', { dateTime: meta.date }, date) : undefined])
      : undefined,
  ]);
}

function footer(article: Article): Element | undefined {
  const { meta } = article;
  const parts = [
    meta.tags.length > 0 ? h('p.tags', ['Tags: ', meta.tags.join(', ')]) : undefined,
    meta.publisher ? h('p', ['Published by ', meta.publisher]) : undefined,
    meta.rights ? h('p', meta.rights) : undefined,
  ].filter((node) => node !== undefined);
  return parts.length > 0 ? h('footer', parts) : undefined;
}

function firstImageSrc(tree: Root): string | undefined {
  let src: string | undefined;
  visit(tree, 'element', (node) => {
    if (src === undefined && node.tagName === 'img' && typeof node.properties.src === 'string') src = node.properties.src;
  });
  return src;
}
