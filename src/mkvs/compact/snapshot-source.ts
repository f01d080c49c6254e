/**
 * A {@link CompactTree}'s entries as a snapshot's {@link SnapshotSource}: its leaves listed once in
 * key order (one int each), then read in place by the snapshot writer, which copies each key and
 * value from the arena straight into its chunk. Going through `entries()` instead costs a pair
 * and two views per entry, then an array of them, at a million keys over a second of CPU on the
 * thread that executes blocks. The tree must not change while the source is read.
 */
import { MkvsError } from '../errors.js';
import type { SnapshotSource } from './log-encode.js';
import {
  INTERNAL,
  KIND,
  LEFT,
  LEN,
  NIL,
  type NodeStore,
  OFF,
  RIGHT,
  SEG_BITS,
  SEG_MASK,
  VLEN,
  VOFF,
  W,
} from './nodes.js';

/** Longer keys and values are copied with one `set` (a view); shorter ones byte by byte. */
const SET_FROM = 64;

/**
 * The leaves under `root` in key order: a depth-first walk taking an internal node's leaf slot,
 * then its left subtree, then its right (a child's label starts with the bit that chose it, and
 * the slot's key ends where the node's path does).
 */
export function leavesInKeyOrder(s: NodeStore, root: number): Int32Array {
  const out = new Int32Array(s.leaves);
  let count = 0;
  const stack: number[] = root === NIL ? [] : [root];
  while (stack.length > 0) {
    const n = stack.pop()!;
    const b = n * W;
    if (s.m[b + KIND] !== INTERNAL) {
      if (count === out.length) break;
      out[count++] = n;
      continue;
    }
    // Pushed in reverse: popped slot, left, right.
    if (s.m[b + RIGHT] !== NIL) stack.push(s.m[b + RIGHT]!);
    if (s.m[b + LEFT] !== NIL) stack.push(s.m[b + LEFT]!);
    if (s.m[b + VOFF] !== NIL) stack.push(s.m[b + VOFF]!);
  }
  if (count !== out.length || stack.length > 0) {
    throw new MkvsError(
      MkvsError.MALFORMED_NODE,
      `compact tree: ${s.leaves} live leaves, the walk disagrees`,
    );
  }
  return out;
}

/** See the module header. */
export class TreeSnapshotSource implements SnapshotSource {
  private readonly m: Int32Array;
  private readonly segs: readonly Uint8Array[];

  constructor(
    s: NodeStore,
    /** The leaves in key order (see {@link leavesInKeyOrder}). */
    private readonly leaves: Int32Array,
  ) {
    this.m = s.m;
    this.segs = s.segs;
  }

  get size(): number {
    return this.leaves.length;
  }

  keyLength(i: number): number {
    return this.m[this.leaves[i]! * W + LEN]!;
  }

  valueLength(i: number): number {
    return this.m[this.leaves[i]! * W + VLEN]!;
  }

  compareKeys(a: number, b: number): number {
    const m = this.m;
    const x = this.leaves[a]! * W;
    const y = this.leaves[b]! * W;
    const xo = m[x + OFF]!;
    const yo = m[y + OFF]!;
    const xs = this.segs[xo >>> SEG_BITS]!;
    const ys = this.segs[yo >>> SEG_BITS]!;
    const xp = xo & SEG_MASK;
    const yp = yo & SEG_MASK;
    const xl = m[x + LEN]!;
    const yl = m[y + LEN]!;
    const n = Math.min(xl, yl);
    for (let j = 0; j < n; j++) {
      const d = xs[xp + j]! - ys[yp + j]!;
      if (d !== 0) return d;
    }
    return xl - yl;
  }

  copyKey(i: number, to: Uint8Array, at: number): void {
    const b = this.leaves[i]! * W;
    this.copy(this.m[b + OFF]!, this.m[b + LEN]!, to, at);
  }

  copyValue(i: number, to: Uint8Array, at: number): void {
    const b = this.leaves[i]! * W;
    this.copy(this.m[b + VOFF]!, this.m[b + VLEN]!, to, at);
  }

  private copy(o: number, n: number, to: Uint8Array, at: number): void {
    const seg = this.segs[o >>> SEG_BITS]!;
    const p = o & SEG_MASK;
    if (n >= SET_FROM) to.set(seg.subarray(p, p + n), at);
    else for (let j = 0; j < n; j++) to[at + j] = seg[p + j]!;
  }
}
