/** The manifest's file name, in a module of its own: the CLI's entry looks for it before loading anything else. */

export interface Shard {
  /** 1-based, as `--shard 2/4` is written. */
  readonly index: number;
  readonly count: number;
}

export const manifestPrefix = '.editions-manifest';

export function manifestFile(shard?: Shard): string {
  return shard ? `${manifestPrefix}.shard-${shard.index}-of-${shard.count}.json` : `${manifestPrefix}.json`;
}
