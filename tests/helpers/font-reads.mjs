// Loaded with `node --import`: writes "font-read <file>" to stderr once for each TrueType file the process reads
// (whole, by readFileSync, or in parts, by openSync and readSync), so a test can tell which fonts a publish loaded
// (ESM imports of node:fs see the wrappers through syncBuiltinESMExports).
import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';

const logged = new Set();
function logFontRead(path) {
  if (typeof path !== 'string' || !path.endsWith('.ttf') || logged.has(path)) return;
  logged.add(path);
  // Written at once, not through process.stderr: a worker thread's stderr is forwarded to the main thread later, and
  // lost when the publish ends and terminates the thread first (the helper's PDFs are written by the main thread).
  fs.writeSync(2, `font-read ${path.slice(path.lastIndexOf('/') + 1)}\n`);
}

const { readFileSync, openSync } = fs;
fs.readFileSync = function logFontReads(path, ...rest) {
  logFontRead(path);
  return readFileSync.call(this, path, ...rest);
};
fs.openSync = function logFontOpens(path, ...rest) {
  logFontRead(path);
  return openSync.call(this, path, ...rest);
};
syncBuiltinESMExports();
