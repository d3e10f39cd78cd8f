import { getHeapStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** Articles between two full collections in a long batch of ordinary articles. */
const interval = 50;
/** Garbage a thread may pile up beyond what it kept alive at its last full collection, for long articles. */
// 300 of the largest READMEs, two threads: 64 MB peaked at 461 MB (760 before); 128 MB at 577 MB in 12% less CPU time.
// 2026-12-05, the same 300 (threads live 30 and 60-70 MB): 64 MB peaked at 456 MB, 32 MB at 395 MB, CPU within the machine's noise (64-71 s).
const garbageBudget = 32 * 1024 * 1024;

let collect: (() => void) | undefined;
let count = 0;
/** Heap in use after this thread's last full collection. */
let liveAfterCollection = 0;

/**
 * Called once per article published, in each thread. V8 sizes its heap for a
 * 24 GB machine and lets garbage pile up to two or three times what a publish
 * keeps alive (fonts, caches: 85 MB in a PDF thread) before collecting it. A
 * full collection every 50 articles (a few milliseconds each) keeps a
 * 1,000-article batch's peak memory flat; long articles (READMEs of 10 to 70 kB)
 * piled up 760 MB in 50 articles, so a thread whose heap has grown 64 MB since
 * its last collection collects too. `gc` is not exposed without a command-line
 * flag, hence the flag set at run time and the function taken from a fresh context.
 */
export function articleDone(): void {
  // After articles 51, 101, 151…, not 50, 100, 150…: a batch of 50 would collect only to exit.
  const due = ++count % interval === 1 && count > 1;
  if (!due && getHeapStatistics().used_heap_size < liveAfterCollection + garbageBudget) return;
  if (!collect) {
    setFlagsFromString('--expose-gc');
    collect = runInNewContext('gc') as () => void;
  }
  collect();
  liveAfterCollection = getHeapStatistics().used_heap_size;
}
