/**
 * A bounded set of recently committed transaction hashes, forgetting the oldest first, so a
 * transaction replayed shortly after its block is refused without asking the application.
 * A ring of keys plus a Set: O(1) per operation and exactly `capacity` hashes remembered.
 */
export class SeenCache {
  private readonly ring: (string | undefined)[];
  private readonly set = new Set<string>();
  private next = 0;

  constructor(readonly capacity: number) {
    this.ring = new Array<string | undefined>(capacity).fill(undefined);
  }

  /** True when `key` is among the last `capacity` keys added. */
  has(key: string): boolean {
    return this.set.has(key);
  }

  /** Remember `key`, forgetting the oldest key when full. Re-adding a known key is a no-op. */
  add(key: string): void {
    if (this.capacity === 0 || this.set.has(key)) return;
    const old = this.ring[this.next];
    if (old !== undefined) this.set.delete(old);
    this.ring[this.next] = key;
    this.set.add(key);
    this.next = (this.next + 1) % this.capacity;
  }

  /** Keys remembered (at most `capacity`). */
  get size(): number {
    return this.set.size;
  }
}
