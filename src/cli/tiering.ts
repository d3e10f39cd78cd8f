import { setFlagsFromString } from 'node:v8';

/**
 * V8 compiles a function with TurboFan once it has run a budget of bytecode,
 * on background threads. A publish keeps both cores busy with its own two
 * threads, so those compiles take CPU from them, and in a run of seconds many
 * optimized functions never pay their compile back. With eight times the
 * default budget of 67,584, measured side by side: 50 articles in 15% less time,
 * 200 in 15% less, 1,000 in 12% less; one article the same. Process-wide, so
 * only the command line sets it: a program that imports Editions keeps its own.
 */
setFlagsFromString('--interrupt-budget=540672');

/**
 * V8 lets a heap grow to two to four times what its last full collection kept
 * before it collects again: a 5 MB article (whose reading, HTML and PDF make
 * gigabytes of short-lived objects) peaked at 530-600 MB, almost all of it
 * garbage. Growing by a fifth instead, measured 2026-12-05 on this 2-core machine:
 * the 5 MB article at 352-360 MB (30 %: 378-398 MB; 10 %: 350 MB for 13 % more
 * CPU); 50 articles in the same CPU time within the noise (medians 4.47 and 4.55 s),
 * where publish/memory.ts already collects between articles.
 */
setFlagsFromString('--heap-growing-percent=20');
