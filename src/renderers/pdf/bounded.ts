/**
 * A map from text to what was made of it, that forgets its oldest entries past
 * a total size (the length of their keys, unless told otherwise), so the
 * per-process caches of a long publish stay flat however large the archive and
 * however long its paragraphs: what is cached for a text (its lines, its glyphs)
 * grows with the text, and a count of entries let the long code blocks of
 * READMEs hold tens of megabytes. Oldest, not least recently used: moving an
 * entry on every hit cost a PDF a tenth of its time, and an entry forgotten
 * while still in use is only computed again.
 */
export class BoundedCache<Value> {
  private readonly entries = new Map<string, Value>();
  private size = 0;

  /** `limit`: the largest total size kept; `sizeOf`: an entry's size. */
  constructor(
    private readonly limit: number,
    private readonly sizeOf: (key: string, value: Value) => number = (key) => key.length,
  ) {}

  get(key: string): Value | undefined {
    return this.entries.get(key);
  }

  set(key: string, value: Value): void {
    const replaced = this.entries.get(key);
    if (replaced !== undefined) {
      this.entries.delete(key);
      this.size -= this.sizeOf(key, replaced);
    }
    this.entries.set(key, value);
    this.size += this.sizeOf(key, value);
    for (const [oldest, kept] of this.entries) {
      if (this.size <= this.limit) break;
      this.entries.delete(oldest);
      this.size -= this.sizeOf(oldest, kept);
    }
  }
}
