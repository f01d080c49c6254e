/**
 * Ordered iteration (bytewise key order; a key that is a prefix sorts before its extensions) with
 * `seek`. In the trie that order is: an internal node's leaf slot, then its left, then its right
 * subtree. A stack of pending subtrees is expanded lazily, so iterating touches only what it
 * returns. `onVisit` sees every node the iterator loads (the proof builder uses it).
 */

import { compareBytes } from '../../common/index.js';
import { bitAt, comparePath, merge } from '../key.js';
import type { Node, Ptr } from '../node.js';
import type { NodeResolver } from './resolver.js';

/** An ordered cursor over a tree. */
export interface TreeIterator {
  /** Position at the first key ≥ `key`. */
  seek(key: Uint8Array): Promise<void>;
  /** Move to the next key. */
  next(): Promise<void>;
  /** True while positioned on an entry. */
  readonly valid: boolean;
  readonly key: Uint8Array | null;
  readonly value: Uint8Array | null;
}

type Frame = { ptr: Exclude<Ptr, null> };

export class TrieIterator implements TreeIterator {
  private stack: Frame[] = [];
  private k: Uint8Array | null = null;
  private v: Uint8Array | null = null;
  private lastKey: Uint8Array = new Uint8Array(0);

  constructor(
    private readonly root: () => Ptr,
    private readonly resolver: NodeResolver,
    private readonly onVisit?: (n: Node) => void,
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
    this.stack = [];
    this.lastKey = target;
    await this.descend(this.root(), 0, new Uint8Array(0), target);
    await this.advance();
  }

  async next(): Promise<void> {
    if (this.k === null) return;
    await this.advance();
  }

  private async load(p: Exclude<Ptr, null>): Promise<Node> {
    const n = p.type === 2 ? await this.resolver.resolve(p, this.lastKey) : p;
    this.onVisit?.(n);
    return n;
  }

  /** Push, in order, every subtree under `p` that may hold keys ≥ target. */
  private async descend(p: Ptr, depth: number, path: Uint8Array, target: Uint8Array): Promise<void> {
    const tBits = target.length * 8;
    for (;;) {
      if (p === null) return;
      const n = await this.load(p);
      if (n.type === 0) {
        if (compareBytes(n.key, target) >= 0) this.stack.push({ ptr: n });
        return;
      }
      const b = depth + n.labelBits;
      const pathB = merge(path, depth, n.label, n.labelBits);
      const cmp = comparePath(pathB, b, target, tBits);
      if (cmp > 0 || (cmp === 0 && tBits === b)) {
        this.stack.push({ ptr: n });
        return;
      }
      if (cmp < 0) return;
      // Same prefix and the target is longer: the leaf slot sorts before it.
      if (bitAt(target, b) === 0) {
        if (n.right !== null) this.stack.push({ ptr: n.right });
        p = n.left;
      } else {
        p = n.right;
      }
      depth = b;
      path = pathB;
    }
  }

  /** Pop pending subtrees until a leaf is reached. */
  private async advance(): Promise<void> {
    for (;;) {
      const f = this.stack.pop();
      if (!f) {
        this.k = null;
        this.v = null;
        return;
      }
      const n = await this.load(f.ptr);
      if (n.type === 0) {
        this.k = n.key;
        this.v = n.value;
        this.lastKey = n.key;
        return;
      }
      if (n.right !== null) this.stack.push({ ptr: n.right });
      if (n.left !== null) this.stack.push({ ptr: n.left });
      if (n.leaf !== null) this.stack.push({ ptr: n.leaf });
    }
  }
}
