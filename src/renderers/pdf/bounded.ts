/**
 * A map from text to what was made of it, that forgets its oldest entries past
 * a total length of keys, so the per-process caches of a long publish stay flat
 * however large the archive and however long its paragraphs: what is cached
 * for a text (its lines, its glyphs) grows with the text, and a count of
 * entries let the long code blocks of READMEs hold tens of megabytes. Oldest,
 * not least recently used: moving an entry on every hit cost a PDF a tenth of
 * its time, and an entry forgotten while still in use is only computed again.
 */
export class BoundedCache<Value> {
  private readonly entries = new Map<string, Value>();
  private length = 0;

  /** `limit`: the most characters of keys kept. */
  constructor(private readonly limit: number) {}

  get(key: string): Value | undefined {
    return this.entries.get(key);
  }

  set(key: string, value: Value): void {
    if (this.entries.delete(key)) this.length -= key.length;
    this.entries.set(key, value);
    this.length += key.length;
    for (const oldest of this.entries.keys()) {
      if (this.length <= this.limit) break;
      this.entries.delete(oldest);
      this.length -= oldest.length;
    }
  }
}
