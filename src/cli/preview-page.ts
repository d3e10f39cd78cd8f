import { createHash } from 'node:crypto';
import type { Element } from 'hast';
import { h } from 'hastscript';
import rehypeStringify from 'rehype-stringify';
import { unified } from 'unified';
import { relativeUrl } from '../renderers/common/collection.js';
import type { LabelOverrides } from '../renderers/common/labels.js';
import { page } from '../renderers/index-page/page.js';
import type { Collection, CollectionArticle } from '../types.js';

/** The preview's own words: a tool for the newsroom's editors, in English (the entries keep their articles' labels). */
const previewWords = {
  lang: 'en',
  title: 'Preview',
  pdfPage: 'First page of the PDF edition',
  epubCover: 'Cover of the EPUB edition',
  noPicture: 'No picture of the PDF page: pdftoppm (poppler) is not installed.',
  messages: 'Messages',
  failed: 'This article failed; its editions, if any, are those of its last good version.',
} as const;

/** One message of an article, placed: `source/story.md:3:7 error …`. */
export interface PreviewMessage {
  readonly text: string;
  readonly fatal: boolean;
}

/** What the preview knows of each article after the last publish, by slug. */
export interface PreviewArticleState {
  readonly source: string;
  readonly messages: readonly PreviewMessage[];
}

/**
 * The script the preview adds to every page it serves (never to an edition):
 * it listens to the server's events, reloads the page as soon as its file is
 * renamed into place, shows the messages of the page's article over it after
 * each publish, and reloads the preview's index after each publish.
 */
export const liveScript = `(() => {
  const path = decodeURIComponent(location.pathname);
  const slug = path.replace(/^\\//, '').replace(/\\.html$/, '');
  let connected = false;
  const show = (data) => {
    if (data.kind === 'file') {
      if (data.path === path) location.reload();
      return;
    }
    if (connected && path === '/') return location.reload();
    connected = true;
    let box = document.getElementById('editions-preview-messages');
    const messages = path === '/' ? [] : (data.articles[slug] || { messages: [] }).messages;
    if (messages.length === 0) return box && box.remove();
    if (!box) {
      box = document.createElement('section');
      box.id = 'editions-preview-messages';
      box.setAttribute('role', 'alert');
      box.setAttribute('lang', 'en');
      box.style.cssText = 'position:fixed;inset:auto 0 0 0;max-height:50vh;overflow:auto;margin:0;padding:1rem;background:#3b0a0a;color:#fff;font:14px/1.5 ui-monospace,monospace;white-space:pre-wrap;z-index:2147483647';
      document.body.append(box);
    }
    box.textContent = messages.map((message) => message.text).join('\\n');
  };
  // One tab of the browser holds the server's event stream and passes its events to the others: a browser opens six
  // connections to a host at most, and with a stream in each tab the seventh tab never loaded.
  const channel = new BroadcastChannel('editions-preview');
  let state;
  channel.onmessage = (event) => {
    if (event.data !== 'hello') return show(event.data);
    if (state) channel.postMessage(state);
  };
  navigator.locks.request('editions-preview-events', () => new Promise(() => {
    const events = new EventSource('/_preview/events');
    events.onmessage = (event) => {
      const data = JSON.parse(event.data);
      if (data.kind === 'state') state = data;
      channel.postMessage(data);
      show(data);
    };
  }));
  // A new tab asks the tab holding the stream for the last state, which it would otherwise wait for until the next publish.
  channel.postMessage('hello');
})();`;

const scriptHash = `'sha256-${createHash('sha256').update(liveScript).digest('base64')}'`;

/**
 * A served page with the live script, its policy widened for the script, its
 * events and the preview's pictures only: the bytes on disk are not touched.
 */
export function withLiveScript(html: string): string {
  const script = `<script>${liveScript}</script>`;
  const policied = html.replace(/(<meta http-equiv="Content-Security-Policy" content=")([^"]*)(")/, (_all, start: string, policy: string, end: string) => {
    // rehype-stringify writes the policy's quotes as character references.
    const directives = new Map(
      policy
        .replaceAll('&#x27;', "'")
        .split(';')
        .map((item) => item.trim().split(/\s+/))
        .filter((words) => words[0])
        .map((words) => [words[0] as string, words.slice(1)]),
    );
    const add = (name: string, value: string) => directives.set(name, [...(directives.get(name) ?? []).filter((item) => item !== "'none'"), value]);
    add('script-src', scriptHash);
    add('connect-src', "'self'");
    add('img-src', "'self'");
    return `${start}${[...directives].map(([name, values]) => [name, ...values].join(' ')).join('; ')}${end}`;
  });
  return policied.includes('</body>') ? policied.replace('</body>', `${script}</body>`) : `${policied}${script}`;
}

const previewStyle = `.pictures{display:flex;gap:.75rem;align-items:flex-start;margin:.5rem 0}
.pictures img{border:1px solid var(--rule);height:auto}
.messages pre{white-space:pre-wrap;border-inline-start:4px solid #b00020;padding-inline-start:.75rem}
`;

const stringifier = unified().use(rehypeStringify).freeze();

/**
 * The preview's own front page: the index's entries, each with its PDF's first
 * page and its EPUB's cover, and the messages of the last publish; a broken
 * article shows its messages instead of its editions.
 */
export function previewPage(collection: Collection, articles: ReadonlyMap<string, PreviewArticleState>, pictures: boolean, overrides: LabelOverrides): string {
  const listed = new Set(collection.articles.map((article) => article.slug));
  const failed = (slug: string) => articles.get(slug)?.messages.some((message) => message.fatal) ?? false;
  // An article that never published (broken from the start) is listed by its file, with its messages.
  const neverPublished: CollectionArticle[] = [...articles]
    .filter(([slug]) => !listed.has(slug) && failed(slug))
    .map(([slug, state]) => ({ slug, source: state.source, meta: { title: state.source, authors: [], tags: [], lang: 'en' }, editions: [] }));
  const shown: Collection = {
    articles: [...neverPublished, ...collection.articles.map((article) => (failed(article.slug) ? { ...article, editions: [] } : article))],
  };
  // A page in English, as its words are: in the articles' language, a screen reader read "Preview" and the pictures' names as Arabic.
  const tree = page(shown, { title: previewWords.title }, overrides, {
    lang: previewWords.lang,
    head: [h('style', previewStyle)],
    entry: (article) => extras(article, articles.get(article.slug), pictures),
  });
  return stringifier.stringify(tree);
}

function extras(article: CollectionArticle, state: PreviewArticleState | undefined, pictures: boolean): Element[] {
  const elements: Element[] = [];
  if (state && state.messages.length > 0) {
    const fatal = state.messages.some((message) => message.fatal);
    elements.push(
      // Each region named apart (axe's landmark-unique), by its article's file, as its messages begin: "Messages: source/story.md".
      h('section.messages', { role: fatal ? 'alert' : undefined, 'aria-label': `${previewWords.messages}: ${state.source}`, lang: previewWords.lang }, [
        fatal ? h('p', h('strong', previewWords.failed)) : undefined,
        h('pre', state.messages.map((message) => message.text).join('\n')),
      ]),
    );
  }
  const has = (renderer: string) => article.editions.some((edition) => edition.renderer === renderer);
  const figures: Element[] = [];
  if (has('pdf')) {
    figures.push(
      pictures
        ? h('img', { src: `/_preview/pdf-page/${relativeUrl(article.slug)}.png`, alt: `${previewWords.pdfPage}: ${article.meta.title}`, width: 160 })
        : h('p', previewWords.noPicture),
    );
  }
  if (has('epub')) {
    figures.push(
      h('img', { src: `/_preview/epub-cover/${relativeUrl(article.slug)}.svg`, alt: `${previewWords.epubCover}: ${article.meta.title}`, width: 120 }),
    );
  }
  // The pictures' names are the preview's English, in an entry of the article's language.
  if (figures.length > 0) elements.push(h('p.pictures', { lang: previewWords.lang }, figures));
  return elements;
}
