/**
 * Leaves of a {@link NodeStore} updated in place since the last hashing, whose paths to the root
 * are not yet marked unhashed. An update only flags its leaf; before hashing, {@link markPaths}
 * climbs from all of them at once, one level per round. On a million keys most of a path's
 * nodes are cold (a dependent cache miss per level), and a round's climbs are independent of each
 * other, so the processor overlaps their misses instead of waiting out each path in turn. Each
 * node marked also has its children's lines loaded in the same round, as the hashing that follows
 * reads every child's hash; those loads overlap too, and the hashing then finds them cached.
 */
import {
  HASHED,
  INTERNAL_PARENT,
  KIND,
  LEAF,
  LEAF_PARENT,
  LEFT,
  NIL,
  type NodeStore,
  RIGHT,
  VOFF,
  W,
} from './nodes.js';

/** See the module header. */
export class DirtyLeaves {
  private list = new Int32Array(1024);
  private count = 0;
  /** The sum of the words loaded ahead (kept so that the loads are not optimised away). */
  touched = 0;

  constructor(private readonly s: NodeStore) {}

  /**
   * Leaf `l` (hashed until now) is about to change in place. A leaf is added at most once per
   * hashing, as it stays unhashed until then.
   */
  add(l: number): void {
    if (this.count === this.list.length) {
      const b = new Int32Array(this.list.length * 2);
      b.set(this.list);
      this.list = b;
    }
    this.list[this.count++] = l;
  }

  /** Forget the flagged leaves (the tree was cleared). */
  clear(): void {
    this.count = 0;
  }

  /**
   * Mark unhashed every node above a flagged leaf, each climb stopping at the first node already
   * unhashed (an unhashed internal node's ancestors are all unhashed: mutations mark whole paths).
   * A flagged leaf removed since is skipped; one whose slot was reused sits on a marked path.
   */
  markPaths(): void {
    const m = this.s.m;
    const d = this.list;
    let n = this.count;
    for (let i = 0; i < n; i++) {
      const l = d[i]!;
      d[i] = m[l * W + KIND] === LEAF ? m[l * W + LEAF_PARENT]! : NIL;
    }
    let t = 0;
    while (n > 0) {
      let k = 0;
      for (let i = 0; i < n; i++) {
        const p = d[i]!;
        if (p === NIL || m[p * W + HASHED] === 0) continue;
        m[p * W + HASHED] = 0;
        const a = m[p * W + LEFT]!;
        const b = m[p * W + RIGHT]!;
        const c = m[p * W + VOFF]!;
        if (a !== NIL) t += m[a * W + HASHED]!;
        if (b !== NIL) t += m[b * W + HASHED]!;
        if (c !== NIL) t += m[c * W + HASHED]!;
        d[k++] = m[p * W + INTERNAL_PARENT]!;
      }
      n = k;
    }
    this.count = 0;
    this.touched += t;
  }
}
