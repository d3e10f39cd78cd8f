// Loaded with `node --import`: writes "font-read <file>" to stderr once for each TrueType file the process reads
// (whole, by readFileSync, or in parts, by openSync and readSync), so a test can tell which fonts a publish loaded
// (ESM imports of node:fs see the wrappers through syncBuiltinESMExports).
import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';

const logged = new Set();
function logFontRead(path) {
  if (typeof path !== 'string' || !path.endsWith('.ttf') || logged.has(path)) return;
  logged.add(path);
  process.stderr.write(`font-read ${path.slice(path.lastIndexOf('/') + 1)}\n`);
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
