import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** Articles between two full collections in a long batch. */
const interval = 50;

let collect: (() => void) | undefined;
let count = 0;

/**
 * Called once per article published. V8 sizes its heap for a 24 GB machine
 * and lets garbage pile up to hundreds of megabytes before collecting it,
 * although a publish keeps about 50 MB alive; a full collection every 50
 * articles (a few milliseconds each) keeps a 1,000-article batch's peak memory
 * flat. `gc` is not exposed without a command-line flag, hence the flag set
 * at run time and the function taken from a fresh context.
 */
export function articleDone(): void {
  // After articles 51, 101, 151…, not 50, 100, 150…: a batch of 50 would collect only to exit.
  if (++count % interval !== 1 || count === 1) return;
  if (!collect) {
    setFlagsFromString('--expose-gc');
    collect = runInNewContext('gc') as () => void;
  }
  collect();
}
