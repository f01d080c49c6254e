/**
 * A {@link CompactTree}'s entries as a snapshot's {@link SnapshotSource}: its leaves listed once in
 * key order (their offsets and lengths), then read in place by the snapshot writer, which copies each key and
 * value from the arena straight into its chunk. The walk of the trie gives the key order by
 * construction (a test checks it), so the source offers no comparison and the writer skips its
 * order check, which would read every key once more. Going through `entries()` instead costs a pair
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

/** Longer keys and values are copied with one `set` (a view); shorter ones four bytes a turn. */
const SET_FROM = 128;

/** Int32 words per leaf in a {@link leafFields} list: key offset and length, value offset and length. */
const F = 4;

/**
 * The key and value offsets and lengths ({@link F} words each) of the leaves under `root` in key
 * order: a depth-first walk taking an internal node's leaf slot, then its left subtree, then its
 * right (a child's label starts with the bit that chose it, and the slot's key ends where the
 * node's path does). Read while the walk has each leaf's line at hand, so the writer's passes
 * read one sequential array instead of a million scattered nodes.
 */
export function leafFields(s: NodeStore, root: number): Int32Array {
  const m = s.m;
  const out = new Int32Array(s.leaves * F);
  let at = 0;
  const stack: number[] = root === NIL ? [] : [root];
  while (stack.length > 0) {
    const b = stack.pop()! * W;
    if (m[b + KIND] !== INTERNAL) {
      if (at === out.length) break;
      out[at] = m[b + OFF]!;
      out[at + 1] = m[b + LEN]!;
      out[at + 2] = m[b + VOFF]!;
      out[at + 3] = m[b + VLEN]!;
      at += F;
      continue;
    }
    // Pushed in reverse: popped slot, left, right.
    if (m[b + RIGHT] !== NIL) stack.push(m[b + RIGHT]!);
    if (m[b + LEFT] !== NIL) stack.push(m[b + LEFT]!);
    if (m[b + VOFF] !== NIL) stack.push(m[b + VOFF]!);
  }
  if (at !== out.length || stack.length > 0) {
    throw new MkvsError(
      MkvsError.MALFORMED_NODE,
      `compact tree: ${s.leaves} live leaves, the walk disagrees`,
    );
  }
  return out;
}

/** See the module header. */
export class TreeSnapshotSource implements SnapshotSource {
  private readonly segs: readonly Uint8Array[];

  constructor(
    s: NodeStore,
    /** The leaves' fields in key order (see {@link leafFields}). */
    private readonly f: Int32Array,
  ) {
    this.segs = s.segs;
  }

  get size(): number {
    return this.f.length / F;
  }

  keyLength(i: number): number {
    return this.f[i * F + 1]!;
  }

  valueLength(i: number): number {
    return this.f[i * F + 3]!;
  }

  copyKey(i: number, to: Uint8Array, at: number): void {
    this.copy(this.f[i * F]!, this.f[i * F + 1]!, to, at);
  }

  copyValue(i: number, to: Uint8Array, at: number): void {
    this.copy(this.f[i * F + 2]!, this.f[i * F + 3]!, to, at);
  }

  private copy(o: number, n: number, to: Uint8Array, at: number): void {
    const seg = this.segs[o >>> SEG_BITS]!;
    const p = o & SEG_MASK;
    if (n >= SET_FROM) {
      to.set(seg.subarray(p, p + n), at);
      return;
    }
    let j = 0;
    for (; j + 4 <= n; j += 4) {
      to[at + j] = seg[p + j]!;
      to[at + j + 1] = seg[p + j + 1]!;
      to[at + j + 2] = seg[p + j + 2]!;
      to[at + j + 3] = seg[p + j + 3]!;
    }
    for (; j < n; j++) to[at + j] = seg[p + j]!;
  }
}
