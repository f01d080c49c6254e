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

  private up(i: number): void {
    const xs = this.items;
    while (i > 0) {
      const p = (i - 1) >>> 1;
      if (!this.first(xs[i]!, xs[p]!)) return;
      [xs[i], xs[p]] = [xs[p]!, xs[i]!];
      i = p;
    }
  }

  private down(i: number): void {
    const xs = this.items;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < xs.length && this.first(xs[l]!, xs[m]!)) m = l;
      if (r < xs.length && this.first(xs[r]!, xs[m]!)) m = r;
      if (m === i) return;
      [xs[i], xs[m]] = [xs[m]!, xs[i]!];
      i = m;
    }
  }
}
