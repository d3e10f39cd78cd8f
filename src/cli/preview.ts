import { execFile } from 'node:child_process';
import { existsSync, type FSWatcher, statSync, watch as watchFolder } from 'node:fs';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { basename, extname, join, posix, relative, sep } from 'node:path';
import { promisify } from 'node:util';
import { VFile } from 'vfile';
import { publishedCollection } from '../publish/collections.js';
import type { PublishOptions, PublishResult } from '../publish/pipeline.js';
import { articleSlug } from '../publish/slugs.js';
import { assertWritable } from '../publish/write.js';
import { readArticle } from '../read/article.js';
import { coverSvg } from '../renderers/epub/cover.js';
import type { ResolvedConfig } from '../types.js';
import { type PreviewArticleState, previewPage, withLiveScript } from './preview-page.js';
import type { ConfigChoice } from './session.js';
import { SessionHandles, watch } from './watch.js';

/** Where the preview answers: the loopback address only, never the network. */
const host = '127.0.0.1';

const contentTypes: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.pdf': 'application/pdf',
  '.epub': 'application/epub+zip',
  '.json': 'application/json; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.svg': 'image/svg+xml',
};

/**
 * The preview's icon, a transparent 1×1 PNG, for a browser's `/favicon.ico` when the output folder has none: a 404 was a
 * console error on every page. Served, not linked from the pages: the published pages' bytes stay as they are.
 */
const previewIcon = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=', 'base64');

/** What the pages are told after each publish: each article's messages. */
interface PreviewState {
  articles: Map<string, PreviewArticleState>;
}

/**
 * `--preview`: publishes and republishes as `--watch` does, and serves the
 * output folder on the loopback address; pages reload when their file is
 * rewritten and show their article's messages. Ctrl-C stops both.
 */
export async function preview(values: ConfigChoice & { port?: string }, options: PublishOptions, first: ResolvedConfig): Promise<number> {
  let config = first;
  // Before the server starts: an output folder that cannot be written is reported as a plain publish reports it (command.ts).
  await assertWritable(config.outDir);
  const state: PreviewState = { articles: new Map() };
  const clients = new Set<ServerResponse>();
  const pictures = await PdfPictures.create();
  const server = createServer((request, response) => {
    answer(request, response, config, state, clients, pictures).catch((error: Error) => {
      if (!response.headersSent) response.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
      response.end(`${error.message}\n`);
    });
  });
  // The server and its connections are the session's handles too, loose while a publish runs (watch.ts): a request that comes
  // meanwhile is answered as the publish's work turns the loop, or once a render nothing can settle has failed.
  const handles = new SessionHandles();
  handles.add(server);
  server.on('connection', (socket) => {
    handles.add(socket);
    socket.once('close', () => handles.delete(socket));
  });
  const port = await listen(server, Number(values.port ?? 4173));
  process.stdout.write(`Preview: http://${host}:${port}/\n`);

  const tell = (event: string) => {
    for (const client of clients) client.write(event);
  };
  // A page reloads as soon as its file is renamed into place, not once the whole republish (its PDF, the collections) is done.
  const watchOutputs = (folder: string) => new PageFolders(folder, handles, (path) => tell(`data: ${JSON.stringify({ kind: 'file', path: `/${path}` })}\n\n`));
  let outputs = watchOutputs(config.outDir);
  let told: Promise<void> = Promise.resolve();
  try {
    return await watch(values, options, first, {
      onPublished(result, current) {
        if (current.outDir !== config.outDir) {
          outputs.close();
          outputs = watchOutputs(current.outDir);
        }
        config = current;
        told = told.then(async () => {
          state.articles = await articleStates(result, current, state.articles);
          outputs.follow([...state.articles.keys()].map((slug) => posix.dirname(slug)));
          tell(eventOf(state));
        });
      },
      // The page a reader has open is made first: the PDF set in the same thread would hold its write back.
      ahead: (current) => current.renderers.filter((renderer) => renderer.extension === '.html').map((renderer) => renderer.name),
      answering: true,
      handles,
    });
  } finally {
    // The pages' states after the last publish first: they follow the output folders, and watchers made after close() would hold
    // the process after the session ended (seen when a signal stopped a publish: the states of a large one were still being read).
    await told;
    outputs.close();
    for (const client of clients) client.end();
    server.closeAllConnections();
    await new Promise((done) => server.close(done));
    await pictures.dispose();
  }
}

/**
 * The output folder and each of its folders that holds pages (`2026/12/`, of articles in folders of the source folder), each
 * watched on its own, without the folders in it: Node 20's recursive watch on Linux watches and stats every file, the
 * thousands of editions and pictures of an archive, at the preview's start. Each change is told by its path in the output folder.
 */
class PageFolders {
  /** Each folder watched, relative to the output folder (`.` itself), with its inode: one removed and made again is watched anew. */
  private readonly watched = new Map<string, { readonly watcher: FSWatcher; readonly ino: number }>();

  constructor(
    private readonly outDir: string,
    private readonly handles: SessionHandles,
    private readonly changed: (path: string) => void,
  ) {
    this.follow([]);
  }

  /** Watches the output folder and these folders of it (relative, with `/`), and no other. */
  follow(folders: readonly string[]): void {
    const wanted = new Set(['.', ...folders]);
    for (const [folder, { watcher, ino }] of this.watched) {
      if (!wanted.has(folder) || statSync(join(this.outDir, folder), { throwIfNoEntry: false })?.ino !== ino) this.stop(folder, watcher);
    }
    for (const folder of wanted) if (!this.watched.has(folder)) this.watch(folder);
  }

  close(): void {
    for (const [folder, { watcher }] of this.watched) this.stop(folder, watcher);
  }

  private watch(folder: string): void {
    const path = join(this.outDir, folder);
    const ino = statSync(path, { throwIfNoEntry: false })?.ino;
    // Not made yet (its only article failed): watched after a later publish makes it.
    if (ino === undefined) return;
    const watcher = watchFolder(path, (_event, name) => {
      if (name && !String(name).startsWith('.')) this.changed(posix.join(folder, String(name)));
    });
    // A folder removed (its last article moved): watched again if a publish makes it anew.
    watcher.on('error', () => this.stop(folder, watcher));
    this.handles.add(watcher);
    this.watched.set(folder, { watcher, ino });
  }

  private stop(folder: string, watcher: FSWatcher): void {
    this.handles.delete(watcher);
    watcher.close();
    if (this.watched.get(folder)?.watcher === watcher) this.watched.delete(folder);
  }
}

/** Listens on `port`, or, when it is taken, on a free one, saying so. */
function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const listening = () => resolve((server.address() as { port: number }).port);
    server.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EADDRINUSE') return reject(error);
      process.stdout.write(`Port ${port} is in use (another preview or server); serving on a free port instead.\n`);
      server.listen(0, host, listening);
    });
    server.listen(port, host, listening);
  });
}

/** Each article's messages after a publish, by slug (as the pages and the preview's index know it); an article not read again keeps those it had, until it is fixed. */
async function articleStates(
  result: PublishResult,
  config: ResolvedConfig,
  before: ReadonlyMap<string, PreviewArticleState>,
): Promise<Map<string, PreviewArticleState>> {
  const slugs = new Map((await publishedCollection(config)).articles.map((article) => [article.source, article.slug]));
  const states = new Map<string, PreviewArticleState>();
  for (const file of result.files) {
    if (!file.path.startsWith(config.source + sep)) continue;
    const source = relative(config.source, file.path).split(sep).join('/');
    const slug = slugs.get(source) ?? articleSlug(source, undefined);
    const kept = file.data.upToDate ? before.get(slug) : undefined;
    if (kept?.source === source && !kept.messages.some((message) => message.fatal)) {
      states.set(slug, kept);
      continue;
    }
    // An article not read again (its editions up to date) that has no state yet (the preview just started) or whose
    // state says it failed (an edit undone back to what was published) is read now for its messages: it had shown none,
    // or kept showing an error that was gone.
    const messages = file.data.upToDate ? (await readArticleMessages(file.path, config)).messages : file.messages;
    states.set(slug, {
      source,
      messages: messages.map((message) => ({
        text: `${relative(process.cwd(), file.path)}:${message.line ?? 1}:${message.column ?? 1} ${message.fatal ? 'error' : 'warning'} ${message.reason}`,
        fatal: message.fatal === true,
      })),
    });
  }
  return states;
}

/** The messages of reading an article: its editions' own warnings (a PDF's missing glyph) come only with a publish that makes them. */
async function readArticleMessages(path: string, config: ResolvedConfig): Promise<VFile> {
  // Reading is synchronous: the server answers between two articles of a large archive read at the preview's start.
  await new Promise((resolve) => setImmediate(resolve));
  const bytes = await readFile(path).catch(() => undefined);
  return bytes ? readArticle(path, bytes, config.source, config.labels).file : new VFile({ path });
}

function eventOf(state: PreviewState): string {
  return `data: ${JSON.stringify({ kind: 'state', articles: Object.fromEntries(state.articles) })}\n\n`;
}

async function answer(
  request: IncomingMessage,
  response: ServerResponse,
  config: ResolvedConfig,
  state: PreviewState,
  clients: Set<ServerResponse>,
  pictures: PdfPictures,
): Promise<void> {
  const send = (status: number, type: string, body: string | Uint8Array) => {
    response.writeHead(status, { 'content-type': type, 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' });
    response.end(body);
  };
  if (request.method !== 'GET' && request.method !== 'HEAD') return send(405, 'text/plain; charset=utf-8', 'Only GET and HEAD.\n');
  const path = safePath(request.url ?? '/');
  if (path === undefined) return send(403, 'text/plain; charset=utf-8', 'Outside the output folder.\n');

  if (path === '_preview/events') {
    response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
    response.write(eventOf(state));
    clients.add(response);
    request.on('close', () => clients.delete(response));
    return;
  }
  if (path === '') {
    const page = previewPage(await publishedCollection(config), state.articles, pictures.available, config.labels);
    return send(200, contentTypes['.html'] as string, withLiveScript(page));
  }
  const picture = /^_preview\/(pdf-page|epub-cover)\/(.+)\.(png|svg)$/.exec(path);
  if (picture) {
    const slug = picture[2] as string;
    const article = (await publishedCollection(config)).articles.find((item) => item.slug === slug);
    if (!article) return send(404, 'text/plain; charset=utf-8', 'No such article.\n');
    if (picture[1] === 'epub-cover') return send(200, contentTypes['.svg'] as string, coverSvg(article.meta));
    const png = await pictures.firstPage(join(config.outDir, `${slug}.pdf`));
    return png ? send(200, contentTypes['.png'] as string, png) : send(404, 'text/plain; charset=utf-8', 'No picture.\n');
  }
  const file = join(config.outDir, path);
  const found = await stat(file).catch(() => undefined);
  if (!found?.isFile() && path === 'favicon.ico') return send(200, contentTypes['.png'] as string, previewIcon);
  if (!found?.isFile()) return send(404, 'text/plain; charset=utf-8', 'Not found.\n');
  const type = contentTypes[extname(file).toLowerCase()] ?? 'application/octet-stream';
  const bytes = await readFile(file);
  return send(200, type, type.startsWith('text/html') ? withLiveScript(bytes.toString('utf8')) : bytes);
}

/**
 * The request's path inside the output folder, or undefined for one that
 * leaves it: `..` in any spelling (`%2e%2e`, an encoded slash or backslash),
 * a hidden file (the manifest, temporaries) or a NUL.
 */
export function safePath(url: string): string | undefined {
  const raw = url.split(/[?#]/)[0] ?? '';
  let segments: string[];
  try {
    segments = raw.split('/').slice(1).map(decodeURIComponent);
  } catch {
    return undefined;
  }
  if (segments.some((segment) => segment.startsWith('.') || /[/\\\0]/.test(segment))) return undefined;
  const path = segments.join('/');
  return path === 'index.html' || path === '' ? path : path.replace(/\/$/, '');
}

/** Pictures of PDFs' first pages by pdftoppm (poppler), when it is installed, kept in a temporary folder, never in the outputs. */
class PdfPictures {
  private readonly cache = new Map<string, { mtime: number; png: Promise<Buffer | undefined> }>();

  private constructor(
    private readonly folder: string,
    readonly available: boolean,
  ) {}

  static async create(): Promise<PdfPictures> {
    const available = await run('pdftoppm', ['-v']).then(
      () => true,
      () => false,
    );
    return new PdfPictures(await mkdtemp(join(tmpdir(), 'editions-preview-')), available);
  }

  firstPage(pdf: string): Promise<Buffer | undefined> {
    if (!this.available || !existsSync(pdf)) return Promise.resolve(undefined);
    return stat(pdf).then((info) => {
      const cached = this.cache.get(pdf);
      if (cached?.mtime === info.mtimeMs) return cached.png;
      const target = join(this.folder, `${this.cache.size}-${basename(pdf, '.pdf')}`);
      const png = run('pdftoppm', ['-png', '-f', '1', '-l', '1', '-scale-to', '320', '-singlefile', pdf, target]).then(
        () => readFile(`${target}.png`),
        () => undefined,
      );
      this.cache.set(pdf, { mtime: info.mtimeMs, png });
      return png;
    });
  }

  dispose(): Promise<void> {
    return rm(this.folder, { recursive: true, force: true });
  }
}

const run = promisify(execFile);
