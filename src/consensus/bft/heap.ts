/** A binary heap ordered by a caller-given "comes first" predicate (the root comes first). */
export class Heap<T> {
  private readonly items: T[];

  /** Build from `items` in O(n) (the array is taken over). */
  constructor(
    private readonly first: (a: T, b: T) => boolean,
    items: T[] = [],
  ) {
    this.items = items;
    for (let i = (items.length >>> 1) - 1; i >= 0; i--) this.down(i);
  }

  /** Items held. */
  get size(): number {
    return this.items.length;
  }

  /** Insert `x` in O(log n). */
  push(x: T): void {
    this.items.push(x);
    this.up(this.items.length - 1);
  }

  /** Remove and return the root, or undefined when empty. */
  pop(): T | undefined {
    const top = this.items[0];
    const last = this.items.pop();
    if (this.items.length > 0 && last !== undefined) {
      this.items[0] = last;
      this.down(0);
    }
    return top;
  }

  // Both sifts move the displaced item along a hole instead of swapping pairs (no temporaries).
  private up(i: number): void {
    const xs = this.items;
    const x = xs[i]!;
    while (i > 0) {
      const p = (i - 1) >>> 1;
      const y = xs[p]!;
      if (!this.first(x, y)) break;
      xs[i] = y;
      i = p;
    }
    xs[i] = x;
  }

  private down(i: number): void {
    const xs = this.items;
    const n = xs.length;
    const x = xs[i]!;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      const c = r < n && this.first(xs[r]!, xs[l]!) ? r : l;
      if (!this.first(xs[c]!, x)) break;
      xs[i] = xs[c]!;
      i = c;
    }
    xs[i] = x;
  }
}
