// Bundles the CLI, the public API and the worker, so that a cold publish loads a few
// files instead of hundreds of small modules (resolving and compiling them was most of
// a cold start). Packages that read their own files at run time stay external.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { realpathSync } from 'node:fs';
import { readdir, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { build } from 'esbuild';

await rm(new URL('../dist', import.meta.url), { recursive: true, force: true });

// A hash of every source file and the lock file: editions made by another build are remade.
const hash = createHash('sha256');
const sources = (await readdir('src', { recursive: true })).filter((name) => name.endsWith('.ts')).sort();
for (const name of [...sources.map((file) => `src/${file}`), 'package-lock.json']) hash.update(name).update(await readFile(name));

/**
 * pdfkit parses font files with fontkit, but the PDF edition hands it fonts
 * already read from their tables (src/renderers/pdf/truetype.ts): fontkit,
 * its schema engine and Unicode tables would be loaded and run for nothing by
 * every PDF thread. The bundle gets a fontkit that says so instead. (pdfkit is
 * bundled for this; it reads its own files only for the standard 14 fonts and
 * PDF/A, which the PDF edition never uses.)
 */
const withoutFontkit = {
  name: 'without-fontkit',
  setup(builder) {
    builder.onResolve({ filter: /^fontkit$/ }, () => ({ path: 'fontkit', namespace: 'without-fontkit' }));
    builder.onLoad({ filter: /.*/, namespace: 'without-fontkit' }, () => ({
      contents: "export function create() { throw new Error('pdfkit is given fonts read by the PDF edition (truetype.ts), not font files'); }",
    }));
  },
};

/**
 * pdfkit imports AES for encrypted PDFs, and @noble/ciphers builds its tables
 * when it loads: 20 ms of every PDF thread's start. The PDF edition never
 * asks pdfkit for a password, so the bundle gets ciphers that say so instead.
 */
const withoutPdfEncryption = {
  name: 'without-pdf-encryption',
  setup(builder) {
    builder.onResolve({ filter: /^@noble\/ciphers\/aes(\.js)?$/ }, () => ({ path: 'aes', namespace: 'without-pdf-encryption' }));
    builder.onLoad({ filter: /.*/, namespace: 'without-pdf-encryption' }, () => ({
      contents: [
        "const unsupported = () => { throw new Error('PDF encryption is not part of this build of pdfkit'); };",
        'export const cbc = unsupported;',
        'export const ecb = unsupported;',
      ].join('\n'),
    }));
  },
};

/**
 * unist-util-visit-parents renames its visitor function for every node it
 * visits (`Object.defineProperty(visit, 'name', …)`, with ANSI colours), so
 * that stack traces name the node. Every tree walk pays for it, in remark,
 * retext-smartypants and here: a fifth of the time an article took to read.
 * The bundle leaves the renaming out; the walk itself is unchanged. The build
 * fails if the statement is not found, so a new version is looked at again.
 */
const visitWithoutRenaming = {
  name: 'visit-without-renaming',
  setup(builder) {
    builder.onLoad({ filter: /unist-util-visit-parents[\\/]lib[\\/]index\.js$/ }, async (args) => {
      const source = await readFile(args.path, 'utf8');
      const patched = source.replace(/Object\.defineProperty\(visit, 'name', \{[\s\S]*?\}\)\n/, '');
      if (patched === source) throw new Error(`${args.path}: the visitor renaming to leave out was not found; check this plugin against the new version`);
      return { contents: patched, loader: 'js' };
    });
  },
};

/**
 * string-width does two costly things when it loads: it makes an `Intl.Segmenter` (the first in a
 * thread loads ICU's break data: 12-32 ms), and it compiles `/^\p{RGI_Emoji}$/v` (V8 builds the set
 * of every emoji sequence: 15-25 ms). The config's theme checks and the text edition import it; the
 * helper thread, which sets PDFs, never asks it for a width, and the main thread asks only for text
 * with characters wider or narrower than one column. The bundle makes both on first use instead; the
 * build fails if a statement is not found, so a new version is looked at again.
 */
const stringWidthOnFirstUse = {
  name: 'string-width-on-first-use',
  setup(builder) {
    // The project's string-width, not the older one vfile-reporter has under it (which has no such expression).
    const own = realpathSync(fileURLToPath(import.meta.resolve('string-width')));
    const lazy = [
      [
        'segmenter',
        'segment',
        'const segmenter = new Intl.Segmenter();',
        'let segmenterMade; const segmenter = { segment: (text) => (segmenterMade ??= new Intl.Segmenter()).segment(text) };',
      ],
      [
        'rgiEmojiRegex',
        'test',
        'const rgiEmojiRegex = /^\\p{RGI_Emoji}$/v;',
        'let rgiEmojiCompiled; const rgiEmojiRegex = { test: (text) => (rgiEmojiCompiled ??= /^\\p{RGI_Emoji}$/v).test(text) };',
      ],
    ];
    builder.onLoad({ filter: /string-width[\\/]index\.js$/ }, async (args) => {
      if (args.path !== own) return undefined;
      let source = await readFile(args.path, 'utf8');
      for (const [name, method, statement, replacement] of lazy) {
        // Declared once, and used in code only through the one method the replacement has.
        const code = source
          .split('\n')
          .filter((line) => !line.trim().startsWith('//'))
          .join('\n');
        const otherUses = code
          .split(statement)
          .join('')
          .match(new RegExp(`\\b${name}\\b(?!\\.${method}\\()`, 'g'));
        if (code.split(statement).length !== 2 || otherUses) {
          throw new Error(`${args.path}: the ${name} to make on first use was not found as expected; check this plugin against the new version`);
        }
        source = source.replace(statement, replacement);
      }
      return { contents: source, loader: 'js' };
    });
  },
};

/**
 * unicode-trie (under linebreak) inflates its Unicode table with tiny-inflate,
 * DEFLATE in JavaScript, cold, when the module loads: 5 ms of each thread's
 * start (80 ms when fontkit's tables were loaded too). Node's own zlib inflates
 * the same raw DEFLATE data in native code. Same contract: fills `destination`, returns the bytes
 * written.
 */
const inflateByZlib = {
  name: 'inflate-by-zlib',
  setup(builder) {
    builder.onResolve({ filter: /^tiny-inflate$/ }, () => ({ path: 'tiny-inflate', namespace: 'inflate-by-zlib' }));
    builder.onLoad({ filter: /.*/, namespace: 'inflate-by-zlib' }, () => ({
      contents: [
        "const { inflateRawSync } = require('node:zlib');",
        'module.exports = function inflate(source, destination) {',
        '  const inflated = inflateRawSync(source);',
        '  destination.set(inflated.subarray(0, destination.length));',
        '  return inflated.length < destination.length ? destination.subarray(0, inflated.length) : destination;',
        '};',
      ].join('\n'),
      loader: 'js',
    }));
  },
};

// The package's types as declarations (dist/types/), made beside the bundle: a project that installs the package type-checks
// its own files against them under its own compiler options, where `skipLibCheck` skips them. Its `types` had been this
// source, which such a project type-checked as its own: errors in these files under its options (its `lib`, its strictness).
const declarations = promisify(execFile)(process.execPath, [createRequire(import.meta.url).resolve('typescript/bin/tsc'), '-p', 'tsconfig.types.json']);

await build({
  entryPoints: {
    cli: 'src/cli/main.ts',
    index: 'src/index.ts',
    worker: 'src/threads/pool-worker.ts',
    'helper-worker': 'src/threads/helper-thread.ts',
    'watcher-worker': 'src/threads/watcher-thread.ts',
  },
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  sourcemap: true,
  legalComments: 'none',
  chunkNames: 'chunk-[hash]',
  external: ['harfbuzzjs', 'sharp', '@jsquash/webp', 'tinypool', 'tsx', 'esbuild', 'typescript', '@expo-google-fonts/*', 'dejavu-fonts-ttf'],
  plugins: [withoutFontkit, withoutPdfEncryption, visitWithoutRenaming, stringWidthOnFirstUse, inflateByZlib],
  // Bundled CommonJS dependencies call require() for Node's built-in modules.
  banner: { js: "import { createRequire as editionsCreateRequire } from 'node:module'; const require = editionsCreateRequire(import.meta.url);" },
  define: { EDITIONS_BUILD: JSON.stringify(hash.digest('hex').slice(0, 16)) },
  logLevel: 'warning',
});

try {
  await declarations;
} catch (error) {
  process.stderr.write(error.stdout || error.message);
  process.exit(1);
}
