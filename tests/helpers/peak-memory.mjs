// Preloaded into the CLI (`node --import`): a thread of its own samples the process's resident memory
// (`process.memoryUsage.rss()`) every 10 ms, whatever the main thread is busy with, and the peak is printed
// to stderr as the process exits, with the memory it exits with: `peak rss <bytes>`, `exit rss <bytes>`.
// Threads the CLI starts load this too, and do nothing.
import { isMainThread, Worker } from 'node:worker_threads';

if (isMainThread) {
  const peak = new BigInt64Array(new SharedArrayBuffer(8));
  const sample = `
    const { workerData } = require('node:worker_threads');
    const sample = () => {
      const rss = BigInt(process.memoryUsage.rss());
      if (rss > Atomics.load(workerData, 0)) Atomics.store(workerData, 0, rss);
    };
    sample();
    setInterval(sample, 10);
  `;
  new Worker(sample, { eval: true, workerData: peak }).unref();
  process.on('exit', () => process.stderr.write(`peak rss ${Atomics.load(peak, 0)}\nexit rss ${process.memoryUsage.rss()}\n`));
}
