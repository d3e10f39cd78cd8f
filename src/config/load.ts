import { createHash } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { readdir, readFile, rm } from 'node:fs/promises';
import { SourceMap } from 'node:module';
import { basename, dirname, isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parse as parseLanguageTag } from 'bcp-47';
import { buildHash } from '../publish/build-hash.js';
import { foldedSlug } from '../publish/case-fold.js';
import { writeAtomically } from '../publish/write.js';
import { deepFreeze } from '../read/freeze.js';
import { canonicalTag, formsOf, type LabelOverrides, labelIds, placeholdersOf } from '../renderers/common/labels.js';
import type { HtmlOptions } from '../renderers/html/page.js';
import type { CollectionRenderer, Config, Renderer, ResolvedConfig } from '../types.js';
import { meantName } from './meant.js';
import { placeOfKey, placeOfMatch, placeOfRenderer } from './place.js';
import { recipeOf } from './registry.js';
import { resolveTheme, ThemeError, themeFolder } from './theme.js';

/** Exists for the types: `export default defineConfig({ … })` in `pipeline.config.ts`. */
export function defineConfig(config: Config): Config {
  return config;
}

export const defaultConfigFile = 'pipeline.config.ts';

/** The config files the CLI looks for in the folder it runs in when given none: a JavaScript config as well as a TypeScript one. */
export const defaultConfigFiles = [defaultConfigFile, 'pipeline.config.mts', 'pipeline.config.js', 'pipeline.config.mjs'];

/**
 * The folder's config file, if it has one. A JavaScript one had been passed over without a word, and the built-in editions
 * published instead of the project's; two are refused, for which was meant is not known.
 */
export function foundConfigFile(): string | undefined {
  const found = defaultConfigFiles.filter((name) => existsSync(name));
  if (found.length > 1) {
    throw new ConfigError(`${resolve(found[1] as string)}: ${found.join(' and ')} are both here; remove one, or name the one to use with --config`);
  }
  return found[0];
}

/** Where in the config a renderer's check failed: the file, at the renderer's member `keys` when found written in it, else at the renderer, and its index. */
type Placed = (keys?: readonly string[]) => string;

/** A config that cannot be used; its message names the file and says the fix. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Finds, imports and validates a config file. */
export async function loadConfig(file: string): Promise<ResolvedConfig> {
  const path = isAbsolute(file) ? file : resolve(file);
  if (!existsSync(path)) throw new ConfigError(`${path}: config file not found; create it or pass an existing file to --config`);
  // Read before it is imported: the editions record the text in use, not whatever the file holds later (an edit with an error, under --watch).
  const text = await readFile(path, 'utf8');
  const imports = await localImports(path, text);
  for (const own of [path, ...imports]) configFiles.add(own);
  configTexts.set(path, text);
  let value: unknown;
  try {
    const module = /\.[mc]?ts$/.test(path) ? await importTypeScript(path, text) : ((await import(pathToFileURL(path).href)) as { default?: unknown });
    // A promise of a config (`export default loadSecrets().then(…)`), as Vite takes it.
    value = await module.default;
  } catch (error) {
    throw loadFailure(error, path);
  }
  if (value === undefined) throw noDefaultExport(path, text);
  const hash = createHash('sha256').update(text);
  for (const file of imports) hash.update(`\0${file}\0`).update(await readFile(file));
  return Object.freeze({ ...resolveConfig(value, path), fileHash: hash.digest('hex'), imports });
}

/** A config without a default export (`export const config = defineConfig(…)`): where its exports are, and what to write. */
function noDefaultExport(path: string, text: string): ConfigError {
  return new ConfigError(
    `${placeOfMatch(path, text, /^export\b/m)}: the config has no default export; write \`export default defineConfig({ renderers: [...] })\``,
  );
}

/** The files of the project that loaded configs run (themselves and the local files they import): where their errors are placed. */
const configFiles = new Set<string>();

/** The text of each config loaded, by file: where checks made after it has run place their errors. */
const configTexts = new Map<string, string>();

/** The source maps of configs transpiled here, base64, by file: their stack frames are lines of the transpiled code. */
const sourceMaps = new Map<string, string>();

/** A config that threw, or failed to compile, as a message with the place in its own files: `file:line:column: …`. */
function loadFailure(error: unknown, path: string): ConfigError {
  // A config may throw anything: a string (`throw 'SITE is not set'`) said "undefined".
  const reason = error instanceof Error ? error.message : String(error);
  // esbuild's (ours, or tsx's for the files a config imports): `file:line:column: ERROR: text`, with a column from 0.
  const syntax = /^(.+):(\d+):(\d+): ERROR: (.+)$/m.exec(reason);
  const [place, why] = syntax ? [`${syntax[1]}:${syntax[2]}:${Number(syntax[3]) + 1}`, syntax[4]] : [placeInConfig(error), reason];
  const inImport = place !== undefined && !place.startsWith(`${path}:`);
  return new ConfigError(`${place ?? path}: the config ${inImport ? `${path} ` : ''}could not be loaded: ${why}`);
}

/**
 * Where a loaded config's own code threw an error, or the error it caused: `file:line:column` (from 1) of the first
 * frame of its stack in the config or the files it imports, mapped to their source; undefined when none is.
 */
export function placeInConfig(error: unknown): string | undefined {
  for (let current = error; current instanceof Error; current = current.cause) {
    const stack = typeof current.stack === 'string' ? current.stack : '';
    for (const [, location = '', line, column] of stack.matchAll(/^\s+at (?:.*\()?(.+?):(\d+):(\d+)\)?$/gm)) {
      const file = location.startsWith('file:') ? fileURLToPath(location) : location;
      if (!configFiles.has(file)) continue;
      const map = sourceMaps.get(file);
      // A TypeScript file tsx compiled: Node maps its frames to the source, naming its path; a URL is a place in tsx's output.
      if (map === undefined && /\.[mc]?ts$/.test(file) && location.startsWith('file:')) return undefined;
      if (map === undefined) return `${file}:${line}:${column}`;
      const entry = new SourceMap(JSON.parse(Buffer.from(map, 'base64').toString())).findEntry(Number(line) - 1, Number(column) - 1);
      if ('originalLine' in entry) return `${file}:${entry.originalLine + 1}:${entry.originalColumn + 1}`;
    }
  }
  return undefined;
}

/** A module's `import … from '…'`, `import '…'` and `import('…')` specifiers. */
const importSpecifier = /\bfrom\s*['"]([^'"]+)['"]|\bimport\s*(?:\(\s*)?['"]([^'"]+)['"]/g;

/**
 * The files of the project a config imports (`./renderers/wire.ts`), and theirs, in the order met: their text is part of
 * the config's hash, so a change to a renderer defined there remakes its editions, and --watch watches them. Found by
 * their specifiers, as TypeScript resolves them (`./wire.js` for `wire.ts`); packages and `node:` modules are not.
 */
async function localImports(path: string, text: string, found: string[] = []): Promise<string[]> {
  for (const match of text.matchAll(importSpecifier)) {
    const specifier = match[1] ?? match[2] ?? '';
    if (!specifier.startsWith('.')) continue;
    const base = resolve(dirname(path), specifier);
    const candidates = [base, base.replace(/\.([mc]?)js$/, '.$1ts'), `${base}.ts`, `${base}.js`, join(base, 'index.ts'), join(base, 'index.js')];
    const file = candidates.find((candidate) => existsSync(candidate) && statSync(candidate).isFile());
    if (!file || file === path || found.includes(file)) continue;
    found.push(file);
    await localImports(file, await readFile(file, 'utf8'), found);
  }
  return found;
}

/** A config's imports of this package, in any quoting. */
const packageImport = /(\bfrom\s*|\bimport\s*\(\s*)(['"])editions\2/g;

/**
 * Imports a TypeScript config. A config that imports only this package (the
 * usual case) is transpiled alone by esbuild and imported natively, with
 * `editions` pointing at the very modules that are running. The transpiled code
 * is kept in `node_modules/.cache/editions` beside the config, because starting
 * esbuild's service costs every cold publish 50 ms. A config that imports other
 * local files goes through tsx, which compiles every module it loads and costs
 * over a second.
 */
async function importTypeScript(path: string, source: string): Promise<{ default?: unknown }> {
  const self = new URL('./index.js', import.meta.url);
  // From compiled code only: under a test runner this module is TypeScript and has no index.js beside it.
  if (existsSync(self)) {
    const native = await cachedTranspile(path, source, self.href);
    if (native !== undefined) {
      sourceMaps.set(path, native.slice(native.lastIndexOf(sourceMapComment) + sourceMapComment.length));
      // Named after the config file, so that a stack trace through it says where it is, not a data: URL of base64.
      const named = `${native}\n//# sourceURL=${pathToFileURL(path).href}\n`;
      return (await import(`data:text/javascript;base64,${Buffer.from(named).toString('base64')}`)) as { default?: unknown };
    }
  }
  const { tsImport } = await import('tsx/esm/api');
  const module = (await tsImport(pathToFileURL(path).href, import.meta.url)) as { default?: { __esModule?: boolean; default?: unknown } };
  // Beside a package.json without `"type": "module"`, tsx loads the config as CommonJS: its default export is one level down.
  return module.default?.__esModule ? { default: module.default.default } : module;
}

/** Where the transpiled config's source map is: its last line. */
const sourceMapComment = '\n// editions-source-map: ';

/** The config as JavaScript importing `editions` from `selfHref`, with its source map, or undefined when it imports other files. */
async function cachedTranspile(path: string, source: string, selfHref: string): Promise<string | undefined> {
  const cacheFolder = join(dirname(path), 'node_modules', '.cache', 'editions');
  const digest = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 16);
  const prefix = `config-${digest(path)}-`;
  const cached = join(cacheFolder, `${prefix}${digest(`${source}\0${selfHref}\0${buildHash ?? ''}`)}.mjs`);
  const hit = await readFile(cached, 'utf8').catch(() => undefined);
  if (hit !== undefined) return hit;
  const { transform } = await import('esbuild');
  // Imported from a data: URL, the module's import.meta would name that URL: it names the config file, as under Node.
  const meta = { url: pathToFileURL(path).href, filename: path, dirname: dirname(path) };
  const { code, map } = await transform(source, {
    loader: 'ts',
    format: 'esm',
    target: 'node20',
    sourcefile: path,
    sourcemap: 'external',
    sourcesContent: false,
    define: Object.fromEntries(Object.entries(meta).map(([key, value]) => [`import.meta.${key}`, JSON.stringify(value)])),
  });
  // Side-effect imports (`import '../setup.js'`) too: a data: module cannot resolve a relative file.
  const imports = [...code.matchAll(importSpecifier)].map((match) => match[1] ?? match[2] ?? '');
  if (!imports.every((specifier) => specifier === 'editions' || specifier.startsWith('node:'))) return undefined;
  // The map goes last, under a name Node does not read (it would map the stack traces itself under --enable-source-maps).
  const native = `${code.replace(packageImport, (_match, prefix: string, quote: string) => `${prefix}${quote}${selfHref}${quote}`)}${sourceMapComment}${Buffer.from(map).toString('base64')}`;
  // A cache that cannot be written (no node_modules, a read-only checkout) only costs the next run its 50 ms.
  if (existsSync(join(dirname(path), 'node_modules'))) {
    await writeAtomically(cacheFolder, basename(cached), native)
      .then(async () => {
        // Earlier versions of the same config are of no further use.
        const stale = (await readdir(cacheFolder)).filter((name) => name.startsWith(prefix) && name !== basename(cached));
        await Promise.all(stale.map((name) => rm(join(cacheFolder, name), { force: true })));
      })
      .catch(() => undefined);
  }
  return native;
}

/** Checks a config object's shape and makes its folders absolute (relative to the config file). */
export function resolveConfig(value: unknown, file?: string, baseDir = file ? dirname(file) : process.cwd()): ResolvedConfig {
  const where = file ?? 'config';
  /** The config file, at the line and column where the keys are written when they are found there. */
  const placed = (keys: readonly string[]): string => (file === undefined ? where : placeOfKey(file, configTexts.get(file), keys));
  if (typeof value === 'function') {
    throw new ConfigError(
      `${where}: the config exports a function; export the config itself, \`export default defineConfig({ renderers: [...] })\`, or a promise of it`,
    );
  }
  if (typeof value !== 'object' || value === null) {
    throw new ConfigError(`${where}: the config must be an object; write \`export default defineConfig({ renderers: [...] })\``);
  }
  const config = value as Partial<Config>;
  // A config is transpiled, never type-checked: `outdir` for `outDir` wrote into `outputs/` without a word.
  const knownKeys = Object.keys({ source: true, outDir: true, baseUrl: true, renderers: true, labels: true, theme: true } satisfies Record<keyof Config, true>);
  for (const key of Object.keys(config)) {
    if (knownKeys.includes(key)) continue;
    const meant = meantName(key, knownKeys);
    throw new ConfigError(
      `${placed([key])}: \`${key}\` is not a config key${meant ? `; did you mean \`${meant}\`?` : '.'} The keys are ${knownKeys.join(', ')}`,
    );
  }
  for (const key of ['source', 'outDir'] as const) {
    if (config[key] !== undefined && (typeof config[key] !== 'string' || config[key] === '')) {
      throw new ConfigError(`${placed([key])}: \`${key}\` must be a folder path as a non-empty string`);
    }
  }
  if (!Array.isArray(config.renderers) || config.renderers.length === 0) {
    throw new ConfigError(`${placed(['renderers'])}: \`renderers\` must be a non-empty list, such as \`renderers: [html(), pdf(), epub(), text()]\``);
  }
  const baseUrl = resolveBaseUrl(config.baseUrl, placed(['baseUrl']));
  const byName = new Map<string, Renderer | CollectionRenderer>();
  /** Each file name or extension claimed, by its folded form (a disk that ignores case holds `Index.html` as `index.html`). */
  const outputs = new Map<string, string>();
  const rendererAt =
    (index: number): Placed =>
    (keys = []) =>
      `${file === undefined ? where : placeOfRenderer(file, configTexts.get(file), index, keys)}: renderers[${index}]`;
  config.renderers.forEach((renderer: Renderer | CollectionRenderer, index: number) => {
    const at = rendererAt(index);
    if (isCollectionRenderer(renderer)) assertCollectionRenderer(renderer, at, baseUrl);
    else assertRenderer(renderer, at);
    const twin = byName.get(renderer.name);
    if (twin) throw new ConfigError(`${at(['name'])}: two renderers are named "${renderer.name}"; ${sameNameAdvice(twin, renderer)}`);
    byName.set(renderer.name, renderer);
    // An edition's extension and a collection's file names share the output folder: none may be claimed twice.
    for (const output of isCollectionRenderer(renderer) ? renderer.files : [renderer.extension]) {
      const earlier = outputs.get(foldedSlug(output));
      if (earlier !== undefined) {
        const [written, cased] = earlier === output ? [`"${output}"`, ''] : [`"${earlier}" and "${output}"`, inCase];
        throw new ConfigError(
          isCollectionRenderer(renderer)
            ? `${at(['files'])}: two renderers write ${written}${cased}; give each collection renderer its own file names`
            : `${at(['extension'])}: two renderers write ${written} files${cased}; give each renderer its own extension`,
        );
      }
      outputs.set(foldedSlug(output), output);
    }
  });
  const renderers = config.renderers.filter((renderer): renderer is Renderer => !isCollectionRenderer(renderer));
  assertDeclarations(config.renderers, renderers, rendererAt);
  return Object.freeze({
    file,
    source: resolve(baseDir, config.source ?? 'source'),
    outDir: resolve(baseDir, config.outDir ?? 'outputs'),
    baseUrl,
    renderers: Object.freeze(renderers),
    collections: Object.freeze(config.renderers.filter(isCollectionRenderer)),
    labels: checkedLabels(config.labels, placed),
    theme: checkedTheme(config.theme, (keys) => placed(['theme', ...keys]), baseDir),
  });
}

/** The config's `theme`, read with its files: a theme error is a config error. */
function checkedTheme(theme: unknown, where: (keys: readonly string[]) => string, baseDir: string): ResolvedConfig['theme'] {
  try {
    return resolveTheme(theme, where, baseDir);
  } catch (error) {
    throw error instanceof ThemeError ? new ConfigError(error.message) : error;
  }
}

export function isCollectionRenderer(renderer: Renderer | CollectionRenderer): renderer is CollectionRenderer {
  return (renderer as Partial<CollectionRenderer> | null)?.kind === 'collection';
}

/** An absolute http(s) address, kept with a trailing slash so that `new URL(path, baseUrl)` stays inside it. */
function resolveBaseUrl(value: unknown, where: string): string | undefined {
  if (value === undefined) return undefined;
  const url = typeof value === 'string' && URL.canParse(value) ? new URL(value) : undefined;
  if (!url || !/^https?:$/.test(url.protocol)) {
    throw new ConfigError(`${where}: \`baseUrl\` must be an absolute http(s) address, such as \`baseUrl: 'https://news.example/world/'\``);
  }
  return url.href.endsWith('/') ? url.href : `${url.href}/`;
}

/** Said of two names that differ only in case, which the config refuses. */
const inCase = ', one name on macOS and Windows, which ignore case';

/**
 * Whether two declared paths overlap: the same file or folder (`pictures`, `pictures/`), or one inside the other (`pictures/`,
 * `pictures/a.png`), as a disk that ignores case names them (`Pictures/` is `pictures/`).
 */
export function overlap(a: string, b: string): boolean {
  const [shorter, longer] = [a, b].map((path) => foldedSlug(path).split('/').filter(Boolean)).sort((x, y) => x.length - y.length) as [string[], string[]];
  return shorter.every((part, index) => part === longer[index]);
}

/** Of two paths that `overlap`, whether they do only as a disk that ignores case names them: said in the error, with `inCase`. */
function overlapInCaseOnly(a: string, b: string): boolean {
  const [first, second] = [a, b].map((path) => path.split('/').filter(Boolean)) as [string[], string[]];
  return first.some((part, index) => index < second.length && part !== second[index]);
}

/**
 * Why two paths one collection renderer declares clash, with the fix, or undefined: a file or folder declared twice
 * (a folder declares every file directly in it), or one name both a file and a folder. A folder does not declare the
 * folders in it, nor their files: `pictures/` and `pictures/large/` are two declarations.
 */
function ownClash(path: string, other: string): { why: string; fix: string } | undefined {
  if (!overlap(path, other)) return undefined;
  const depth = (declared: string) => declared.split('/').filter(Boolean).length;
  const isFolder = (declared: string) => declared.endsWith('/');
  const [outer, inner] = depth(path) < depth(other) ? [path, other] : [other, path];
  const once = 'declare each file or folder once';
  const both = (file: string) => ({ why: `"${file}" cannot be both a file and a folder`, fix: 'rename the file or the folder' });
  if (depth(outer) === depth(inner)) {
    if (isFolder(outer) === isFolder(inner)) {
      const twice = `it declares that ${isFolder(outer) ? 'folder' : 'file'} twice`;
      return { why: overlapInCaseOnly(path, other) ? `${twice}${inCase}` : twice, fix: once };
    }
    return both(isFolder(outer) ? inner : outer);
  }
  if (!isFolder(outer)) return both(outer);
  if (!isFolder(inner) && depth(inner) === depth(outer) + 1) return { why: 'a folder declares every file directly in it', fix: once };
  return undefined;
}

/**
 * Whether html({ images: 'beside' }) is listed: it writes the theme's fonts and logo in `theme/` beside its pages,
 * whatever the theme (one without fonts or logo writes nothing there until one is added), so the clash is refused here, not
 * when the first one is written. html() embeds them; the other built-in ones write in `<slug>.images/`. A renderer of the
 * config's own may write beside its editions in any folder: the publish refuses the files it would write where a collection
 * renderer declares them (assertBesidePath), as only it sees them.
 */
export function writesThemeBeside(articleRenderers: readonly Renderer[]): boolean {
  return articleRenderers.some((renderer) => {
    const recipe = recipeOf(renderer);
    return recipe?.factory === 'html' && (recipe.options as HtmlOptions).images === 'beside';
  });
}

/**
 * Why a declared path is where article editions write, or undefined: `<slug>.images/` holds an article's pictures,
 * `theme/` the theme's files while html({ images: 'beside' }) writes there, and a top-level folder named `<slug><extension>`
 * stands where an article renderer writes the edition of the article of that slug.
 */
function editionPlaceOf(path: string, articleRenderers: readonly Renderer[]): string | undefined {
  const [top = '', ...inside] = path.split('/');
  // Folded: a disk that ignores case holds `Theme/` and `story.Images/` as `theme/` and `story.images/`.
  const folded = foldedSlug(top);
  const named = folded === top ? `"${top}/"` : `"${top}/", which macOS and Windows, ignoring case, take for "${folded}/",`;
  if (folded.endsWith('.images'))
    return `${named} holds the pictures that the editions of an article whose slug is "${top.slice(0, -'.images'.length)}" write beside it`;
  if (`${folded}/` === themeFolder && writesThemeBeside(articleRenderers))
    return `${named} holds the theme's fonts and logo that the HTML edition writes beside its pages (html({ images: 'beside' }))`;
  // A folder only: it and that article's edition cannot both exist; a top-level file (index.html) clashes only with the article of its stem's slug, which the publish refuses (withoutSlugsOfCollectionFiles).
  const edition = inside.length > 0 ? articleRenderers.find((renderer) => folded.endsWith(foldedSlug(renderer.extension))) : undefined;
  if (!edition) return undefined;
  const slug = top.slice(0, -edition.extension.length);
  return `"${top}/" would be a folder where the "${edition.name}" renderer writes the edition (its extension is "${edition.extension}") of an article whose slug is "${slug}", a file: whichever of the two comes second could not be written`;
}

/** A collection renderer's declared path refused: the config file, the renderer, the path, why and the fix. */
function refusedDeclaration(at: string, renderer: CollectionRenderer, path: string, why: string, fix: string): ConfigError {
  return new ConfigError(`${at} ("${renderer.name}"): \`files\` declares "${path}", ${why}; ${fix}`);
}

/** Refuses a collection renderer's declared path that clashes with another renderer's, or is where article editions write. */
function assertDeclarations(
  listed: readonly (Renderer | CollectionRenderer)[],
  articleRenderers: readonly Renderer[],
  rendererAt: (index: number) => Placed,
): void {
  /** The declared files and folders of the collection renderers before this one. */
  const declared: { path: string; renderer: string }[] = [];
  listed.forEach((renderer, index) => {
    if (!isCollectionRenderer(renderer)) return;
    const at = rendererAt(index)(['files']);
    for (const path of renderer.files) {
      const place = editionPlaceOf(path, articleRenderers);
      if (place) throw refusedDeclaration(at, renderer, path, `but ${place}`, `choose a folder of another name, such as "${renderer.name}-files/"`);
      const other = declared.find((item) => overlap(item.path, path));
      if (other) {
        throw refusedDeclaration(
          at,
          renderer,
          path,
          `which overlaps "${other.path}" of the "${other.renderer}" renderer (one is inside the other${overlapInCaseOnly(path, other.path) ? inCase : ''}): each would replace or remove the other's files`,
          'give each collection renderer its own files and folders',
        );
      }
    }
    declared.push(...renderer.files.map((path) => ({ path, renderer: renderer.name })));
  });
}

function assertCollectionRenderer(renderer: CollectionRenderer, at: Placed, baseUrl: string | undefined): void {
  const where = at();
  // Capitals after the first character: a front page or feed of one language is named by its tag as Intl writes it (`index-pt-BR`).
  if (typeof renderer.name !== 'string' || !/^[a-z0-9][A-Za-z0-9-]*$/.test(renderer.name)) {
    throw new ConfigError(
      `${at(['name'])}: \`name\` must be letters, digits and dashes, starting with a lowercase letter or a digit, e.g. "index" or "index-pt-BR"`,
    );
  }
  // A path ending in `/` declares a folder, whose files the renderer names itself.
  const isDeclaration = (path: unknown) => typeof path === 'string' && isPlainRelativePath(path.endsWith('/') ? path.slice(0, -1) : path);
  if (!Array.isArray(renderer.files) || renderer.files.length === 0 || !renderer.files.every(isDeclaration)) {
    throw new ConfigError(
      `${at(['files'])} ("${renderer.name}"): \`files\` must list the files it writes, as plain paths inside the output folder, e.g. ['index.html'], or folders of them, e.g. 'pictures/'`,
    );
  }
  renderer.files.forEach((path, index) => {
    for (const earlier of renderer.files.slice(0, index)) {
      const clash = ownClash(path, earlier);
      if (clash) throw refusedDeclaration(at(['files']), renderer, path, `which overlaps its own "${earlier}": ${clash.why}`, clash.fix);
    }
  });
  if (typeof renderer.render !== 'function') throw new ConfigError(`${where} ("${renderer.name}"): \`render(collection, context)\` must be a function`);
  assertMembers(renderer, at, renderer.name, collectionMembers);
  if (renderer.requires !== undefined && !(Array.isArray(renderer.requires) && renderer.requires.every((need) => need === 'baseUrl'))) {
    throw new ConfigError(`${at(['requires'])} ("${renderer.name}"): \`requires\` must list what the config must give it, \`['baseUrl']\`, or be left out`);
  }
  const { frontPage } = renderer;
  if (
    frontPage !== undefined &&
    !(typeof frontPage?.path === 'string' && declares(renderer, frontPage.path) && ['undefined', 'string'].includes(typeof frontPage.lang))
  ) {
    throw new ConfigError(
      `${at(['frontPage'])} ("${renderer.name}"): \`frontPage\` must name one of its files and the language it lists, such as \`{ path: '${renderer.files[0]}', lang: 'fr' }\` (no \`lang\`: every article's), or be left out`,
    );
  }
  if (renderer.requires?.includes('baseUrl') && !baseUrl) {
    throw new ConfigError(
      `${where} ("${renderer.name}") needs the address the outputs are published at: add \`baseUrl: 'https://news.example/'\` to the config, beside \`renderers\``,
    );
  }
}

/** True when the renderer declares the file: by its path, or a folder of its `files` (ending in `/`) holds it directly. */
export function declares(renderer: CollectionRenderer, path: string): boolean {
  return renderer.files.some(
    (declared) => declared === path || (declared.endsWith('/') && path.startsWith(declared) && !path.slice(declared.length).includes('/')),
  );
}

/** A path inside the output folder in plain names: no `..`, no absolute path, no hidden file; at any depth, as the source folder's articles are. */
export function isPlainRelativePath(path: string): boolean {
  const parts = path.split('/');
  return path !== '' && parts.every((part) => part !== '' && !part.startsWith('.') && !part.includes('\\'));
}

/**
 * What to do about two renderers of one name: rename one's own; a built-in one is named by its factory (and its `lang`),
 * so it is listed once, or given a language of its own.
 */
function sameNameAdvice(first: Renderer | CollectionRenderer, second: Renderer | CollectionRenderer): string {
  const recipe = recipeOf(second);
  if (!recipe || !recipeOf(first)) return 'give your own renderer another `name`';
  const perLanguage = recipe.factory === 'index' || recipe.factory === 'feed';
  return `\`${recipe.factory}()\` is listed twice; list it once${perLanguage ? `, or give the other a language of its own: \`${recipe.factory}({ lang: 'fr' })\` is named "${recipe.factory}-fr"` : ''}`;
}

/** A counted label's forms (`PluralForms`): for one, for two, for any other number. */
const countForms = ['one', 'two', 'other'];

/** The config's `labels`, checked against the table (languages, ids, plural forms, `{values}`) and copied in a fixed key order, so its hash is stable. */
function checkedLabels(labels: unknown, placed: (keys: readonly string[]) => string): LabelOverrides {
  if (labels === undefined) return Object.freeze({});
  const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
  if (!isObject(labels))
    throw new ConfigError(`${placed(['labels'])}: \`labels\` must be an object by language, such as \`labels: { fr: { byline: 'Texte : {names}' } }\``);
  const checked: Record<string, Record<string, unknown>> = {};
  // By canonical tag, so that `pt-pt` serves a `pt-PT` article and cannot stand beside a `pt-PT` of other words.
  const given = new Map<string, string>();
  for (const key of Object.keys(labels).sort()) {
    if (parseLanguageTag(key, { forgiving: false }).language === null) {
      throw new ConfigError(
        `${placed(['labels', key])}: \`labels\` key "${key}" is not a BCP 47 language tag; write it as an article's \`lang\` is written, such as "fr", "pt-PT" or "sw"`,
      );
    }
    const language = canonicalTag(key);
    const twin = given.get(language);
    if (twin !== undefined)
      throw new ConfigError(`${placed(['labels', key])}: \`labels\` gives "${twin}" and "${key}", one language twice; merge them under "${language}"`);
    given.set(language, key);
    // As the config writes it: `labels.fr`, `labels['pt-PT']`.
    const path = /^[a-z]+$/.test(key) ? `labels.${key}` : `labels['${key}']`;
    const byId = labels[key];
    if (!isObject(byId)) throw new ConfigError(`${placed(['labels', key])}: \`${path}\` must be an object by label id, such as \`{ byline: '…' }\``);
    checked[language] = {};
    for (const id of Object.keys(byId).sort()) {
      if (!(labelIds as string[]).includes(id))
        throw new ConfigError(`${placed(['labels', key, id])}: \`${path}\` has no label "${id}"; use one of ${labelIds.join(', ')}`);
      const value = byId[id];
      const name = `\`${path}.${id}\``;
      const valid =
        (typeof value === 'string' && value !== '') ||
        (isObject(value) &&
          typeof value.other === 'string' &&
          Object.entries(value).every(([category, form]) => countForms.includes(category) && typeof form === 'string' && form !== ''));
      if (!valid) {
        throw new ConfigError(
          `${placed(['labels', key, id])}: ${name} must be a non-empty string, or plural forms by the count of what it names (${countForms.join(', ')}) with \`other\``,
        );
      }
      const wanted = placeholdersOf(id as (typeof labelIds)[number]);
      for (const form of formsOf(value as string)) {
        const missing = wanted.filter((placeholder) => !form.includes(`{${placeholder}}`));
        if (missing.length > 0)
          throw new ConfigError(
            `${placed(['labels', key, id])}: ${name} leaves out ${missing.map((placeholder) => `{${placeholder}}`).join(', ')}; write it where the value goes`,
          );
        // A placeholder the editions give no value for would be printed as typed (`{date}` in a dateline).
        const unknown = [...form.matchAll(/\{(\w+)\}/g)].map((match) => match[0]).filter((placeholder) => !wanted.includes(placeholder.slice(1, -1)));
        if (unknown.length > 0)
          throw new ConfigError(
            `${placed(['labels', key, id])}: ${name} has ${unknown.join(', ')}, which it is given no value for; ${wanted.length > 0 ? `its values are ${wanted.map((placeholder) => `{${placeholder}}`).join(', ')}` : 'it takes none'}`,
          );
      }
      checked[language][id] = isObject(value)
        ? Object.fromEntries(
            Object.keys(value)
              .sort()
              .map((category) => [category, value[category]]),
          )
        : value;
    }
  }
  return deepFreeze(checked) as LabelOverrides;
}

function assertRenderer(renderer: unknown, at: Placed): asserts renderer is Renderer {
  const where = at();
  const candidate = renderer as Partial<Renderer> | null;
  if (typeof candidate !== 'object' || candidate === null)
    throw new ConfigError(`${where} is not a renderer; call its factory, e.g. \`html()\` rather than \`html\``);
  if (typeof candidate.name !== 'string' || !/^[a-z0-9][a-z0-9-]*$/.test(candidate.name)) {
    throw new ConfigError(`${where}: \`name\` must be lowercase letters, digits and dashes, e.g. "json"`);
  }
  if (typeof candidate.extension !== 'string' || !/^\.[A-Za-z0-9]+(?:\.[A-Za-z0-9]+)*$/.test(candidate.extension)) {
    throw new ConfigError(`${where} ("${candidate.name}"): \`extension\` must be a dot and letters or digits, e.g. ".json" or ".wire.txt"`);
  }
  // The HTML edition's pictures go in <slug>.images/, a folder: a renderer's file of that name could not be written.
  if (foldedSlug(candidate.extension) === '.images')
    throw new ConfigError(
      `${where} ("${candidate.name}"): \`extension\` "${candidate.extension}" names the folder of the HTML edition's pictures; choose another`,
    );
  if (typeof candidate.render !== 'function') throw new ConfigError(`${where} ("${candidate.name}"): \`render(article, context)\` must be a function`);
  const named = (key: string) => `${at([key])} ("${candidate.name}")`;
  assertMembers(candidate, at, candidate.name, rendererMembers);
  if (candidate.weight !== undefined && !(typeof candidate.weight === 'number' && Number.isFinite(candidate.weight) && candidate.weight > 0)) {
    throw new ConfigError(
      `${named('weight')}: \`weight\` must be a number above 0, the cost of one edition against the others' (default 1; the PDF says 4), or be left out`,
    );
  }
  if (candidate.uses !== undefined && !(Array.isArray(candidate.uses) && candidate.uses.every((use) => use === 'versions'))) {
    throw new ConfigError(`${named('uses')}: \`uses\` must list what it reads of the context, \`['versions']\`, or be left out`);
  }
  if (candidate.prepare !== undefined && typeof candidate.prepare !== 'function')
    throw new ConfigError(`${named('prepare')}: \`prepare()\` must be a function, or be left out`);
}

/** The members of the two kinds of renderer (src/types.ts). */
const rendererMembers = ['name', 'extension', 'version', 'weight', 'uses', 'prepare', 'render'];
const collectionMembers = ['name', 'kind', 'files', 'version', 'requires', 'frontPage', 'render'];

/**
 * Refuses a misspelt member (`use` for `uses`, `prepar`), which the run had passed over without a word, and a `version` that is no
 * string. A member near one the renderer has (a `rendered` count beside `render`) is no misspelling: other members of one's own
 * are the renderer's business.
 */
function assertMembers(renderer: object, at: Placed, name: string, members: readonly string[]): void {
  for (const key of Object.keys(renderer)) {
    const meant = members.includes(key) ? undefined : meantName(key, members);
    if (meant && !(meant in renderer)) throw new ConfigError(`${at([key])} ("${name}"): \`${key}\` is not a member of a renderer; did you mean \`${meant}\`?`);
  }
  const { version } = renderer as { version?: unknown };
  if (version !== undefined && typeof version !== 'string') {
    throw new ConfigError(
      `${at(['version'])} ("${name}"): \`version\` must be a string, such as \`version: '2'\`, changed when the output changes, or be left out`,
    );
  }
}
