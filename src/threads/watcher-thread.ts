import { relative, sep } from 'node:path';
import { parentPort } from 'node:worker_threads';
import { type FSWatcher, watch } from 'chokidar';
import type { WatchReport, WatchRequest } from './protocol.js';

/*
 * The watchers of a --watch or --preview session, in a thread of their own (watchers.ts starts it). Chokidar keeps its fs.watch
 * handles to itself, and in the main thread they held its event loop for ever: a render nothing could settle was never failed
 * there. From this thread they reach the main one as messages, through one handle it lets go while a publish runs (cli/watch.ts).
 * Chosen over chokidar's `persistent: false` (fs.watch handles that never hold the loop), which takes another path through
 * chokidar: no fs.watch shared by its watchers, no directory's event passed on to its files' watchers, and no 'error' listener on
 * fs.watch (its error would be thrown). The thread's start delays a session's first publish by 0.11–0.17 s (medians of 9 runs,
 * to "Watching", on the shared two-core machine).
 */

/**
 * Chokidar rather than `fs.watch`: Node 20's recursive `fs.watch` on Linux stops seeing a file once a save has renamed a new one
 * over it (`sed -i`, editors' safe save). `atomic: false`: a file removed and another renamed into its place is reported at once,
 * not 100 ms later (which made a second, empty republish). No `awaitWriteFinish`: it delays every save by its threshold (55–60 ms
 * at 50 ms, 2 s by default), and a save caught half-written is followed by its own event, so republished whole at once.
 */
const watchOptions = { ignoreInitial: true, atomic: false } as const;

const watchers = new Map<number, FSWatcher>();
const tell = (report: WatchReport) => parentPort?.postMessage(report);

parentPort?.on('message', (request: WatchRequest) => {
  const { id } = request;
  if (request.kind === 'close') {
    const watcher = watchers.get(id);
    watchers.delete(id);
    void Promise.resolve(watcher?.close()).then(() => tell({ kind: 'closed', id }));
    return;
  }
  const ignored = request.hiddenUnder === undefined ? [] : [hiddenUnder(request.hiddenUnder)];
  // add, change, unlink, addDir, unlinkDir: an article, an image or a folder of images; a setting's file.
  const watcher = watch([...request.paths], { ...watchOptions, ignored })
    .on('all', (_event: string, path: string) => tell({ kind: 'change', id, path }))
    .on('error', (error: unknown) => tell({ kind: 'error', message: (error as Error).message }))
    .once('ready', () => tell({ kind: 'ready', id }));
  watchers.set(id, watcher);
});

/** Hidden files and folders under `folder` (.git, editors' swap files) are neither articles nor their images. */
function hiddenUnder(folder: string): (path: string) => boolean {
  return (path) =>
    relative(folder, path)
      .split(sep)
      .some((part) => part.startsWith('.'));
}
