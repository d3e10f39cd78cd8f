// Bundles the CLI, the public API and the worker, so that a cold publish loads a few
// files instead of hundreds of small modules (resolving and compiling them was most of
// a cold start). Packages that read their own files at run time stay external.
import { rm } from 'node:fs/promises';
import { build } from 'esbuild';

await rm(new URL('../dist', import.meta.url), { recursive: true, force: true });
await build({
  entryPoints: { cli: 'src/cli.ts', index: 'src/index.ts', worker: 'src/worker.ts' },
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  sourcemap: true,
  legalComments: 'none',
  chunkNames: 'chunk-[hash]',
  external: ['pdfkit', 'fontkit', 'epub-gen-memory', 'tinypool', 'tsx', 'esbuild', 'typescript', '@expo-google-fonts/*', 'dejavu-fonts-ttf'],
  // Bundled CommonJS dependencies call require() for Node's built-in modules.
  banner: { js: "import { createRequire as editionsCreateRequire } from 'node:module'; const require = editionsCreateRequire(import.meta.url);" },
  logLevel: 'warning',
});
