// Bundles the CLI, the public API and the worker, so that a cold publish loads a few
// files instead of hundreds of small modules (resolving and compiling them was most of
// a cold start). Packages that read their own files at run time stay external.
import { createHash } from 'node:crypto';
import { readdir, readFile, rm } from 'node:fs/promises';
import { build } from 'esbuild';

await rm(new URL('../dist', import.meta.url), { recursive: true, force: true });

// A hash of every source file and the lock file: editions made by another build are remade.
const hash = createHash('sha256');
const sources = (await readdir('src', { recursive: true })).filter((name) => name.endsWith('.ts')).sort();
for (const name of [...sources.map((file) => `src/${file}`), 'package-lock.json']) hash.update(name).update(await readFile(name));

/**
 * fontkit decodes WOFF2 with brotli, whose dictionary costs every process that
 * loads fontkit 60 ms; the fonts here are TrueType files, never WOFF2, so the
 * bundle gets a decoder that says so instead. (pdfkit and fontkit are bundled
 * for this; pdfkit reads its own files only for the standard 14 fonts and PDF/A,
 * which the PDF edition never uses.)
 */
const withoutWoff2 = {
  name: 'without-woff2',
  setup(builder) {
    builder.onResolve({ filter: /^brotli\/decompress(\.js)?$/ }, () => ({ path: 'brotli-decompress', namespace: 'without-woff2' }));
    builder.onLoad({ filter: /.*/, namespace: 'without-woff2' }, () => ({
      contents: "export default function decompress() { throw new Error('WOFF2 fonts are not supported: use TrueType or OpenType files'); }",
    }));
  },
};

await build({
  entryPoints: { cli: 'src/cli.ts', index: 'src/index.ts', worker: 'src/worker.ts', 'helper-worker': 'src/helper-worker.ts' },
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  sourcemap: true,
  legalComments: 'none',
  chunkNames: 'chunk-[hash]',
  external: ['harfbuzzjs', 'tinypool', 'tsx', 'esbuild', 'typescript', '@expo-google-fonts/*', 'dejavu-fonts-ttf'],
  plugins: [withoutWoff2],
  // Bundled CommonJS dependencies call require() for Node's built-in modules.
  banner: { js: "import { createRequire as editionsCreateRequire } from 'node:module'; const require = editionsCreateRequire(import.meta.url);" },
  define: { EDITIONS_BUILD: JSON.stringify(hash.digest('hex').slice(0, 16)) },
  logLevel: 'warning',
});
