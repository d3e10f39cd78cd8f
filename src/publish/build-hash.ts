/** Set by scripts/build.mjs: a hash of the sources and the lock file. */
declare const EDITIONS_BUILD: string | undefined;

/** The compiled build's hash; undefined when running from the TypeScript sources (tests). */
export const buildHash: string | undefined = typeof EDITIONS_BUILD === 'string' ? EDITIONS_BUILD : undefined;
