import { parse as parseLanguageTag } from 'bcp-47';
import type { CollectionRenderer, Renderer } from '../types.js';
import { meantName } from './meant.js';

/**
 * How a built-in renderer was made: its factory's name and the options it was
 * given. Another thread rebuilds the very renderer from it (a renderer is code,
 * and cannot be sent), so a `pdf({ pageSize: 'LETTER' })` given to `publish()`
 * sets Letter pages in every thread.
 */
export interface RendererRecipe {
  readonly factory: BuiltInFactory;
  readonly options: unknown;
}

/** The built-in factories, by name, each loaded only when a thread needs it. */
const factories = {
  html: async () => (await import('../renderers/html/index.js')).html,
  pdf: async () => (await import('../renderers/pdf/index.js')).pdf,
  epub: async () => (await import('../renderers/epub/index.js')).epub,
  text: async () => (await import('../renderers/text/index.js')).text,
  docx: async () => (await import('../renderers/docx/index.js')).docx,
  newsml: async () => (await import('../renderers/newsml/index.js')).newsml,
  index: async () => (await import('../renderers/index-page/index.js')).index,
  feed: async () => (await import('../renderers/feed/index.js')).feed,
  sitemap: async () => (await import('../renderers/sitemap/index.js')).sitemap,
} as const;

export type BuiltInFactory = keyof typeof factories;

const recipes = new WeakMap<Renderer | CollectionRenderer, RendererRecipe>();

/**
 * Refuses an option the factory does not take, naming the ones it does: a config is transpiled, never type-checked,
 * so `pdf({ pagesize: 'LETTER' })` set A4 pages without a word.
 */
export function checkedOptions<Options extends object>(factory: BuiltInFactory, options: Options, keys: Record<keyof Options, true>): Options {
  if (typeof options !== 'object' || options === null) throw new TypeError(`${factory}() takes an object of options; got ${JSON.stringify(options)}`);
  const known = Object.keys(keys);
  for (const key of Object.keys(options)) {
    if (known.includes(key)) continue;
    const meant = meantName(key, known);
    const takes = known.length === 0 ? 'it takes no options' : `it takes ${known.join(', ')}`;
    throw new TypeError(`${factory}() has no option "${key}"${meant ? `; did you mean "${meant}"?` : ''} (${takes})`);
  }
  return options;
}

/**
 * A collection renderer's `lang` option, checked as an article's `lang` is and written as Intl writes it (`pt-br` → `pt-BR`),
 * or undefined when not given: it names the renderer's files, so `index({ lang: 'fr' })` and `index()` may both be listed.
 */
export function checkedLanguage(factory: 'index' | 'feed', lang: unknown): string | undefined {
  if (lang === undefined) return undefined;
  if (typeof lang !== 'string' || parseLanguageTag(lang, { forgiving: false }).language === null) {
    throw new RangeError(
      `${factory}({ lang }) must be a BCP 47 language tag, as an article's \`lang\` is written, such as 'fr' or 'pt-BR'; got ${JSON.stringify(lang)}`,
    );
  }
  return Intl.getCanonicalLocales(lang)[0] ?? lang;
}

/** Freezes `renderer` and records how it was made; every built-in factory returns through it. */
export function registered<R extends Renderer | CollectionRenderer>(factory: BuiltInFactory, options: unknown, renderer: R): R {
  // Cloned now, so that options changed after set-up do not change the renderer another thread rebuilds.
  recipes.set(renderer, Object.freeze({ factory, options: structuredClone(options) }));
  return Object.freeze(renderer);
}

/** How to rebuild the renderer in another thread, or undefined for one no factory here made (a user's renderer). */
export function recipeOf(renderer: Renderer | CollectionRenderer): RendererRecipe | undefined {
  return recipes.get(renderer);
}

/** The renderer the recipe describes, made afresh in this thread. */
export async function rebuild(recipe: RendererRecipe): Promise<Renderer | CollectionRenderer> {
  const factory = (await factories[recipe.factory]()) as (options: unknown) => Renderer | CollectionRenderer;
  return factory(recipe.options);
}
