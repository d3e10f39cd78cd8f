import { posix } from 'node:path';
import { VFile } from 'vfile';
import { overlap, writesThemeBeside } from '../config/load.js';
import { themeFolder } from '../config/theme.js';
import { controlCharacter } from '../read/controls.js';
import type { ParsedFrontMatter } from '../read/front-matter.js';
import type { ResolvedConfig } from '../types.js';
import { foldedSlug } from './case-fold.js';
import type { Manifest, ManifestEntry } from './manifest.js';
import { byCodeUnits } from './order.js';
import type { DeclaredSlug } from './slug-yaml.js';

/** What an article claims before it is parsed: the files its editions will be named after. */
export interface SlugClaim {
  readonly name: string;
  readonly path: string;
  readonly slug: string;
  /** Where front matter sets the slug; absent when it comes from the file name. */
  readonly slugPlace?: DeclaredSlug['place'];
}

/**
 * An article's slug from its file's path relative to the source folder (`2026/12/story.md`, with `/`) and the slug its front
 * matter sets, if any: the folders are kept (`2026/12/story`), so that its editions mirror them in the output folder, and a
 * declared slug (which holds no `/`) names the file within its folder.
 */
export function articleSlug(name: string, declared: string | undefined): string {
  return posix.join(posix.dirname(name), declared ?? posix.basename(name, posix.extname(name)));
}

/**
 * The slug front matter sets, read before parsing so that two articles that
 * would write the same files are caught before either is written (and an
 * incremental run knows an article's editions without parsing it). Only the
 * front matter block is parsed here, as YAML, with the reader's library and
 * options, so `"slug": x` and `'slug': x` count as the reader counts them.
 */
export async function declaredSlug(bytes: Uint8Array): Promise<DeclaredSlug | undefined> {
  const block = frontMatterBlock(bytes);
  // A key spells "slug" in the text or escapes some of it (`"\x73lug"`); other blocks cannot set one, and are not parsed twice.
  if (block === undefined || !/slug|\\/.test(block)) return undefined;
  // yaml is loaded only for the articles that may set their slug: the reader loads it anyway, but later, in parallel with the helper thread.
  const declared = (await import('./slug-yaml.js')).slugOf(block);
  // The block starts on the line after the opening fence.
  return declared && { slug: declared.slug, place: { line: declared.place.line + 1, column: declared.place.column } };
}

/** Where front matter writes a key, in the article file; undefined when it does not. */
export async function keyPlace(bytes: Uint8Array, key: string): Promise<DeclaredSlug['place'] | undefined> {
  const block = frontMatterBlock(bytes);
  const found = block === undefined ? undefined : (await import('./slug-yaml.js')).scalarOf(block, key);
  return found && { line: found.place.line + 1, column: found.place.column };
}

/** The front matter block of an article's bytes, without its fences; undefined when it has none. */
export function frontMatterBlock(bytes: Uint8Array, head = 64 * 1024): string | undefined {
  const text = Buffer.from(bytes.subarray(0, head))
    .toString('utf8')
    .replace(/^\uFEFF/, '');
  // The fences as remark-frontmatter reads them: `---` lines, spaces or tabs after them allowed, the closing one possibly last in the file.
  const opening = /^---[ \t]*\r?\n/.exec(text);
  if (!opening) return undefined;
  const closing = /^---[ \t]*(?:\r?\n|$)/m.exec(text.slice(opening[0].length));
  // Front matter longer than the head read first (a long description) is read whole: its slug may come after it.
  if (!closing && bytes.length > head) return frontMatterBlock(bytes, bytes.length);
  return closing ? text.slice(opening[0].length, opening[0].length + closing.index) : undefined;
}

let frontMatter: Promise<typeof import('../read/front-matter.js')> | undefined;

/** The reader's front matter parser, loaded once, on first use: importing it again each time cost a quarter of a millisecond. */
export function frontMatterReader(): Promise<typeof import('../read/front-matter.js')> {
  frontMatter ??= import('../read/front-matter.js');
  return frontMatter;
}

/**
 * A front matter block's keys, checked with the reader's own parser and schema, for what must be known before the article is
 * parsed (its story, its embargo); undefined when the block has an error, which the reader reports when it parses the article.
 */
export async function checkedFrontMatter(block: string): Promise<ParsedFrontMatter['data'] | undefined> {
  const { parseFrontMatter } = await frontMatterReader();
  // The reader takes control characters for spaces before it parses.
  const { data, problems } = parseFrontMatter(block.replace(controlCharacter, ' '), () => ({ line: 1, column: 1 }));
  return problems.some((problem) => problem.fatal) ? undefined : data;
}

/**
 * Two articles with one slug. The one the manifest already publishes under it (`holderOf`) keeps it, and only the others are
 * refused, each with an error naming it: a new file must not take a published story off the site. When the manifest knows
 * neither (a first publish), neither has the better claim, and both get an error naming the other.
 */
export function withoutDuplicateSlugs<Item extends SlugClaim>(
  inputs: Item[],
  files: Map<string, VFile>,
  holderOf: (slug: string) => string | undefined,
): Item[] {
  const bySlug = new Map<string, Item[]>();
  for (const input of inputs) bySlug.set(input.slug, [...(bySlug.get(input.slug) ?? []), input]);
  const clashing = new Set<Item>();
  for (const [slug, group] of bySlug) {
    if (group.length < 2) continue;
    const holder = group.find((input) => input.name === holderOf(slug));
    for (const input of group) {
      if (input === holder) continue;
      const reason = holder
        ? `Slug "${slug}" is already published by ${holder.name}; ${input.name} is not published, and ${holder.name} stays as it is. Give this article its own \`slug\` in front matter or rename its file`
        : `Slug "${slug}" is used by ${group.map((item) => item.name).join(' and ')}, which would write the same files; none of them is published. Give each article its own \`slug\` in front matter or rename a file`;
      refuse(input, reason, 'duplicate-slug', files);
      clashing.add(input);
    }
  }
  return inputs.filter((input) => !clashing.has(input));
}

/**
 * An article whose slug names an edition like a file a collection renderer writes (`index` beside the front page's `index.html`):
 * the config allows the file, which clashes with the article of that slug only, and the collection keeps it. Refused before
 * anything of the article is written, naming each such edition and the collection renderer; found from the slugs and the
 * config, reading no file.
 */
export function withoutSlugsOfCollectionFiles<Item extends SlugClaim>(
  inputs: Item[],
  files: Map<string, VFile>,
  config: Pick<ResolvedConfig, 'renderers' | 'collections'>,
): Item[] {
  // Each slug that would name an edition like a collection's file, with those editions: a few, found once, then one look-up an article.
  // A declared folder ends in `/`, which no slug or extension holds: only a top-level file can be named like an edition.
  // By folded slug: `Index.md` writes `Index.html`, which a disk that ignores case holds as the front page's `index.html`.
  const taken = new Map<string, string[]>();
  for (const collection of config.collections) {
    for (const path of collection.files) {
      for (const { name, extension } of config.renderers) {
        const slug = foldedSlug(path.slice(0, -extension.length));
        if (!foldedSlug(path).endsWith(foldedSlug(extension)) || slug === '' || slug.includes('/')) continue;
        taken.set(slug, [...(taken.get(slug) ?? []), `its ${name} edition as "${path}", the file the ${collection.name} collection renderer writes`]);
      }
    }
  }
  if (taken.size === 0 && !inputs.some((input) => input.slug.includes('/'))) return inputs;
  const declared = config.collections.flatMap((collection) => collection.files.map((path) => ({ collection, path })));
  return withoutRefused(inputs, files, 'slug-collection-file', (input) => {
    const editions = taken.get(foldedSlug(input.slug));
    if (editions)
      return `Slug "${input.slug}" would write ${editions.join(', and ')}; ${input.name} is not published. Give this article another \`slug\` in its front matter`;
    if (!input.slug.includes('/')) return undefined;
    // An article in a folder: its editions and pictures' folder inside a declared folder, or its folders named like a declared file.
    const ownPaths = [...config.renderers.map(({ extension }) => `${input.slug}${extension}`), `${input.slug}.images/`];
    const clash = declared.find(({ path }) => ownPaths.some((own) => overlap(path, own)));
    return clash
      ? `${input.name} would be published as "${input.slug}", where the ${clash.collection.name} collection renderer writes "${clash.path}"; it is not published. Move it to another folder of the source folder`
      : undefined;
  });
}

/**
 * An article in a folder of the source folder whose folders would stand where editions write: a folder named like an
 * article's pictures folder (`story.images/`) or like an edition (`story.html/`), or `theme/` while the HTML edition writes
 * the theme's files there. Found from the paths and the config, reading no file.
 */
export function withoutSlugsInEditionFolders<Item extends SlugClaim>(
  inputs: Item[],
  files: Map<string, VFile>,
  config: Pick<ResolvedConfig, 'renderers'>,
): Item[] {
  const themeBeside = writesThemeBeside(config.renderers);
  // Folded: a disk that ignores case holds `Theme/` and `story.Images/` as `theme/` and `story.images/`.
  const why = (folder: string, top: boolean): string | undefined => {
    const folded = foldedSlug(folder);
    if (top && themeBeside && `${folded}/` === themeFolder) return "the theme's fonts and logo that the HTML edition writes beside its pages";
    if (folded.endsWith('.images')) return `the folder of the pictures of the article whose slug is "${folder.slice(0, -'.images'.length)}"`;
    const edition = config.renderers.find(({ extension }) => folded.endsWith(foldedSlug(extension)));
    return edition && `where the ${edition.name} renderer writes the edition of the article whose slug is "${folder.slice(0, -edition.extension.length)}"`;
  };
  return withoutRefused(inputs, files, 'slug-edition-folder', (input) => {
    const folders = input.slug.split('/').slice(0, -1);
    for (const [index, folder] of folders.entries()) {
      const reason = why(folder, index === 0);
      const path = `${folders.slice(0, index + 1).join('/')}/`;
      if (reason)
        return `${input.name} would be published in "${path}" of the output folder, ${reason}; it is not published. Rename that folder of the source folder`;
    }
    return undefined;
  });
}

/**
 * An article whose slug an article of another source folder publishes into the same output folder, and still has: the published
 * one keeps it (a draft folder published into the site's folder must not replace the live story), and this one is refused with an
 * error naming the other. `elsewhere` gives that other article's path, or undefined when no other folder holds the slug.
 */
export function withoutSlugsOfOtherFolders<Item extends SlugClaim>(
  inputs: Item[],
  files: Map<string, VFile>,
  elsewhere: (slug: string) => string | undefined,
): Item[] {
  return withoutRefused(inputs, files, 'duplicate-slug', (input) => {
    const other = elsewhere(input.slug);
    return other === undefined
      ? undefined
      : `Slug "${input.slug}" is already published into this output folder by ${other}, of another source folder; ${input.name} is not published, and that article stays as it is. Give this article its own \`slug\` in front matter or rename its file`;
  });
}

/** An article that claims a slug in the output folder without being among the articles checked: of another shard or source folder, or refused before. */
export interface ClaimedSlug {
  readonly slug: string;
  /** Its file: its path in the source folder, or its whole path when of another source folder. */
  readonly name: string;
}

/**
 * The slugs the manifest's editions are published under, of the articles `claimant` says still claim them (by the name to show),
 * one each. An edition of a renderer no longer in the config is left out: it goes with its article.
 */
export function claimedSlugs(
  manifest: Manifest,
  config: Pick<ResolvedConfig, 'renderers'>,
  claimant: (entry: ManifestEntry) => string | undefined,
): ClaimedSlug[] {
  const claims = new Map<string, ClaimedSlug>();
  for (const [file, entry] of manifest) {
    const extension = config.renderers.find(({ name }) => name === entry.renderer)?.extension;
    const name = extension && file.endsWith(extension) ? claimant(entry) : undefined;
    const slug = file.slice(0, -(extension?.length ?? 0));
    if (name !== undefined) claims.set(`${name}\0${slug}`, { slug, name });
  }
  return [...claims.values()].sort((a, b) => byCodeUnits(a.name, b.name));
}

/**
 * Articles whose slugs differ only in case or in their accents' Unicode form (`Story` and `story`, `2026/Dec/a` and `2026/dec/a`):
 * a disk that ignores them (macOS's, Windows', where a site is served from or synced to) holds their editions as one file. One
 * keeps the slug: the one the manifest publishes under it, else an article of the output folder outside `inputs` (`claimed`:
 * one of another shard or source folder, or refused before, whose editions stay), else the first in the listing's order;
 * each other is refused, with an error naming it. Two articles of one slug are the duplicate slug checks' to refuse.
 */
export function withoutCaseClashes<Item extends SlugClaim>(
  inputs: Item[],
  files: Map<string, VFile>,
  claimed: readonly ClaimedSlug[],
  isPublished: (input: Item) => boolean,
): Item[] {
  const holders = new Map<string, ClaimedSlug>();
  const hold = (claim: ClaimedSlug) => {
    const key = foldedSlug(claim.slug);
    if (!holders.has(key)) holders.set(key, claim);
  };
  for (const input of inputs) if (isPublished(input)) hold(input);
  for (const claim of claimed) hold(claim);
  for (const input of inputs) hold(input);
  return withoutRefused(inputs, files, 'slug-case-clash', (input) => {
    const holder = holders.get(foldedSlug(input.slug)) as ClaimedSlug;
    if (holder.name === input.name || holder.slug === input.slug) return undefined;
    // Two slugs that look the same are told apart by what differs: macOS names files with accents as letters and combining marks (NFD).
    const difference =
      holder.slug.normalize('NFC') === input.slug.normalize('NFC')
        ? 'only in how its accents are encoded (one a letter and a combining accent, NFD, the other one character, NFC), which macOS ignores'
        : "only in case (or in how its accents are encoded), which macOS's and Windows' disks ignore";
    return `Slug "${input.slug}" differs from the slug "${holder.slug}" of ${holder.name} ${difference}: there their editions would be one file. ${input.name} is not published, and ${holder.name} keeps its slug. Rename one of them (its file or folder, or its \`slug\` in front matter)`;
  });
}

/** The articles `reasonOf` finds nothing against; each of the others is refused for its reason, under `ruleId`. */
function withoutRefused<Item extends SlugClaim>(
  inputs: Item[],
  files: Map<string, VFile>,
  ruleId: string,
  reasonOf: (input: Item) => string | undefined,
): Item[] {
  return inputs.filter((input) => {
    const reason = reasonOf(input);
    if (reason !== undefined) refuse(input, reason, ruleId, files);
    return reason === undefined;
  });
}

/** An article refused for its slug: its file, with the error at its `slug`, in place of the one reading it would have made. */
function refuse(input: SlugClaim, reason: string, ruleId: string, files: Map<string, VFile>): void {
  const file = new VFile({ path: input.path });
  const message = file.message(reason, { place: input.slugPlace ?? { line: 1, column: 1 }, ruleId, source: 'editions' });
  message.fatal = true;
  files.set(input.name, file);
}
