/**
 * Ordered iteration over a {@link NodeStore} (bytewise key order: an internal node's leaf slot,
 * then its left subtree, then its right), with `seek`. A stack of pending subtrees is expanded
 * lazily; a subtree is compared with the seek target by its path only while the target may fall
 * inside it, so iterating touches only what it returns. Values are views of the arena, which is
 * append-only, so they stay valid; the tree must not change while an iterator is in use.
 */
import { compareBytes } from '../../common/index.js';
import { comparePath, merge } from '../key.js';
import type { TreeIterator } from '../tree/iterator.js';
import { INTERNAL, KIND, LEFT, LEN, NIL, type NodeStore, RIGHT, VOFF, W } from './nodes.js';

/** A pending subtree; `path` is set while it must still be compared with the seek target. */
interface Frame {
  node: number;
  path: Uint8Array | null;
  pathBits: number;
}

const NO_PATH = new Uint8Array(0);

/** See the module header. */
export class CompactIterator implements TreeIterator {
  private stack: Frame[] = [];
  private target: Uint8Array = NO_PATH;
  private k: Uint8Array | null = null;
  private v: Uint8Array | null = null;

  constructor(
    private readonly s: NodeStore,
    private readonly root: () => number,
  ) {}

  get valid(): boolean {
    return this.k !== null;
  }
  get key(): Uint8Array | null {
    return this.k;
  }
  get value(): Uint8Array | null {
    return this.v;
  }

  async seek(target: Uint8Array): Promise<void> {
    this.target = target;
    const r = this.root();
    this.stack = r === NIL ? [] : [{ node: r, path: NO_PATH, pathBits: 0 }];
    this.advance();
  }

  async next(): Promise<void> {
    this.advance();
  }

  /** Pop frames until a leaf at or after the target is found (or none is left). */
  private advance(): void {
    const s = this.s;
    for (;;) {
      const f = this.stack.pop();
      if (f === undefined) {
        this.k = null;
        this.v = null;
        return;
      }
      const n = f.node;
      if (s.m[n * W + KIND] !== INTERNAL) {
        const key = s.key(n);
        if (f.path !== null && compareBytes(key, this.target) < 0) continue;
        this.k = key;
        this.v = s.value(n);
        return;
      }
      this.expand(f);
    }
  }

  /** Push an internal node's parts in reverse order, those the target may fall in with paths. */
  private expand(f: Frame): void {
    const s = this.s;
    const n = f.node;
    let path: Uint8Array | null = null;
    let bits = 0;
    if (f.path !== null) {
      bits = f.pathBits + s.m[n * W + LEN]!;
      path = merge(f.path, f.pathBits, s.label(n), s.m[n * W + LEN]!);
      const c = comparePath(path, bits, this.target, this.target.length * 8);
      if (c < 0) return;
      if (c > 0) path = null;
    }
    // A child's label starts with the bit that chose it, so every part continues from `path`.
    for (const c of [s.m[n * W + RIGHT]!, s.m[n * W + LEFT]!, s.m[n * W + VOFF]!])
      if (c !== NIL) this.stack.push({ node: c, path, pathBits: bits });
  }
}
