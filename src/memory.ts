import { getHeapStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** Garbage a thread may pile up beyond what it kept alive at its last full collection. */
// 300 of the largest READMEs, two threads: 64 MB peaked at 481 MB; 32 MB at 433 MB but took 15% more CPU time in forced collections.
const garbageBudget = 64 * 1024 * 1024;

let collect: (() => void) | undefined;
/** Heap in use after this thread's last full collection (before the first: nothing). */
let liveAfterCollection = 0;

/**
 * Called once per article published, in each thread. V8 sizes its heap for a
 * 24 GB machine and lets garbage pile up to two or three times what a publish
 * keeps alive (fonts, caches: 120 MB in a PDF thread) before collecting it;
 * counting articles (every 50) let long ones pile up 600 MB in two threads. A
 * full collection once the heap has grown by 64 MB since the last one keeps the
 * peak flat whatever the articles' size. `gc` is not exposed without a
 * command-line flag, hence the flag set at run time and the function taken
 * from a fresh context.
 */
export function articleDone(): void {
  if (getHeapStatistics().used_heap_size < liveAfterCollection + garbageBudget) return;
  if (!collect) {
    setFlagsFromString('--expose-gc');
    collect = runInNewContext('gc') as () => void;
  }
  collect();
  liveAfterCollection = getHeapStatistics().used_heap_size;
}
