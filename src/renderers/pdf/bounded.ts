/**
 * A map that forgets its oldest entries past a size, so the per-process caches
 * of a long publish stay flat however large the archive. Oldest, not least
 * recently used: moving an entry on every hit cost a PDF a tenth of its time,
 * and an entry forgotten while still in use is only computed again.
 */
export class BoundedCache<Key, Value> {
  private readonly entries = new Map<Key, Value>();

  constructor(private readonly limit: number) {}

  get(key: Key): Value | undefined {
    return this.entries.get(key);
  }

  set(key: Key, value: Value): void {
    this.entries.delete(key);
    this.entries.set(key, value);
    if (this.entries.size > this.limit) this.entries.delete(this.entries.keys().next().value as Key);
  }
}
