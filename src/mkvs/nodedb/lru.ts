/**
 * A bounded cache with near-LRU behaviour in O(1): two generations of Maps. Hits in the old
 * generation are promoted; when the young generation fills up, it becomes the old one and the
 * previous old generation is dropped whole. (Evicting single entries from the front of a Map is
 * quadratic in V8 once deleted slots pile up, which is why this does not do that.)
 */
export class Lru<K, V> {
  private young = new Map<K, V>();
  private old = new Map<K, V>();
  private readonly half: number;

  constructor(max: number) {
    this.half = Math.max(1, Math.floor(max / 2));
  }

  get(k: K): V | undefined {
    const v = this.young.get(k);
    if (v !== undefined) return v;
    const o = this.old.get(k);
    if (o !== undefined) this.set(k, o);
    return o;
  }

  set(k: K, v: V): void {
    this.young.set(k, v);
    if (this.young.size >= this.half) {
      this.old = this.young;
      this.young = new Map();
    }
  }

  delete(k: K): void {
    this.young.delete(k);
    this.old.delete(k);
  }

  clear(): void {
    this.young.clear();
    this.old.clear();
  }

  /** Entries held (at most `max`, counting a promoted key once per generation). */
  get size(): number {
    return this.young.size + this.old.size;
  }
}
