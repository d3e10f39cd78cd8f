// Loaded with `node --import`: writes "font-read <file>" to stderr for each TrueType file the process reads,
// so a test can tell which fonts a publish loaded (ESM imports of node:fs see the wrapper through syncBuiltinESMExports).
import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';

const readFileSync = fs.readFileSync;
fs.readFileSync = function logFontReads(path, ...rest) {
  if (typeof path === 'string' && path.endsWith('.ttf')) process.stderr.write(`font-read ${path.slice(path.lastIndexOf('/') + 1)}\n`);
  return readFileSync.call(this, path, ...rest);
};
syncBuiltinESMExports();
