/**
 * Leaves of a {@link NodeStore} updated in place since the last hashing, whose paths to the root
 * are not yet marked unhashed. An update only flags its leaf; before hashing, {@link markPaths}
 * climbs from all of them at once, one level per round. On a million keys most of a path's
 * nodes are cold (a dependent cache miss per level), and a round's climbs are independent of each
 * other, so the processor overlaps their misses instead of waiting out each path in turn, and
 * the hashing that follows finds the path's lines cached.
 */
import {
  CACHED_LEFT,
  CACHED_RIGHT,
  HASHED,
  INTERNAL_PARENT,
  IS_HASHED,
  KIND,
  LEAF,
  LEAF_PARENT,
  LEFT,
  NIL,
  type NodeStore,
  RIGHT,
  W,
} from './nodes.js';

/** See the module header. */
export class DirtyLeaves {
  private list = new Int32Array(1024);
  private count = 0;

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
   * unhashed (an unhashed internal node's ancestors are all unhashed: mutations mark whole paths),
   * and drop each node's copy of the hash of the child climbed from. A flagged leaf removed since
   * is skipped; one whose slot was reused sits on a marked path.
   */
  markPaths(): void {
    const m = this.s.m;
    const d = this.list;
    let k = 0;
    for (let i = 0; i < this.count; i++) {
      const l = d[i]!;
      if (m[l * W + KIND] !== LEAF) continue;
      const p = m[l * W + LEAF_PARENT]!;
      if (p !== NIL && mark(m, p, l)) d[k++] = p;
    }
    for (let n = k; n > 0; n = k) {
      k = 0;
      for (let i = 0; i < n; i++) {
        const c = d[i]!;
        const p = m[c * W + INTERNAL_PARENT]!;
        if (p !== NIL && mark(m, p, c)) d[k++] = p;
      }
    }
    this.count = 0;
  }
}

/** Mark internal node `p` unhashed, dropping its copy of child `c`'s hash; whether it was hashed. */
function mark(m: Int32Array, p: number, c: number): boolean {
  const h = m[p * W + HASHED]!;
  const drop = m[p * W + LEFT] === c ? CACHED_LEFT : m[p * W + RIGHT] === c ? CACHED_RIGHT : 0;
  m[p * W + HASHED] = h & ~(drop | IS_HASHED);
  return (h & IS_HASHED) !== 0;
}
