/**
 * The node store of a {@link CompactTree}: every node of the latest version in typed arrays
 * (struct of arrays, nodes named by index) and every key, value and label in one byte arena.
 * A million-account state is then a few dozen large arrays instead of millions of small objects,
 * which the garbage collector would otherwise mark on every major collection; a look-up walks
 * integer indices; nothing is decoded.
 *
 * Nodes are changed in place (only the latest version lives here; older ones are the state log's
 * business). The arena is append-only: a changed value or label is appended and the old bytes
 * become waste, reclaimed by {@link compact} into a fresh arena, so a view of the arena handed
 * out earlier stays valid and unchanged.
 */
import { MkvsError } from '../errors.js';

/** No node (a nil child, an empty leaf slot, an empty tree). */
export const NIL = -1;
/** Node kinds. */
export const LEAF = 0;
export const INTERNAL = 1;
const FREE = 2;

const INITIAL_NODES = 1024;
const INITIAL_ARENA = 64 * 1024;
/** Most nodes (indices are int32; capacities double). */
const MAX_NODES = 1 << 30;
/** Largest arena (offsets are int32). */
const MAX_ARENA = 0x7fffffff;

function grown<T extends Int32Array | Uint8Array>(a: T, n: number): T {
  const b = new (a.constructor as new (n: number) => T)(n);
  b.set(a);
  return b;
}

/** See the module header. */
export class NodeStore {
  /** {@link LEAF}, {@link INTERNAL} or free. */
  kind = new Uint8Array(INITIAL_NODES);
  /** Leaf: key offset in the arena. Internal: label offset. */
  off = new Int32Array(INITIAL_NODES);
  /** Leaf: key length in bytes. Internal: label length in bits. */
  len = new Int32Array(INITIAL_NODES);
  /** Leaf: value offset. Internal: the leaf slot's node (or {@link NIL}). */
  voff = new Int32Array(INITIAL_NODES);
  /** Leaf: value length. Internal: unused. */
  vlen = new Int32Array(INITIAL_NODES);
  /** Internal: left and right children (or {@link NIL}). */
  left = new Int32Array(INITIAL_NODES);
  right = new Int32Array(INITIAL_NODES);
  /** 32 bytes per node: its hash, valid when {@link hashed} is 1. */
  hashes = new Uint8Array(INITIAL_NODES * 32);
  hashed = new Uint8Array(INITIAL_NODES);
  arena = new Uint8Array(INITIAL_ARENA);
  /** Arena bytes in use, and of those the bytes no node refers to any more. */
  used = 0;
  waste = 0;
  private free = new Int32Array(INITIAL_NODES);
  private freeCount = 0;
  /** Nodes ever allocated (the high-water mark; free ones are below it). */
  top = 0;
  /** Live nodes. */
  count = 0;

  /** A new leaf holding copies of `key` and `value`. */
  newLeaf(key: Uint8Array, value: Uint8Array): number {
    const i = this.alloc(LEAF);
    this.off[i] = this.put(key);
    this.len[i] = key.length;
    this.voff[i] = this.put(value);
    this.vlen[i] = value.length;
    return i;
  }

  /** Point leaf `i` at a copy of `value` (its old bytes become waste). */
  setValue(i: number, value: Uint8Array): void {
    this.waste += this.vlen[i]!;
    this.voff[i] = this.put(value);
    this.vlen[i] = value.length;
    this.hashed[i] = 0;
  }

  /** A new internal node with label `label` of `bits` bits and the given slot and children. */
  newInternal(label: Uint8Array, bits: number, slot: number, left: number, right: number): number {
    const i = this.alloc(INTERNAL);
    this.off[i] = this.put(label);
    this.len[i] = bits;
    this.voff[i] = slot;
    this.left[i] = left;
    this.right[i] = right;
    return i;
  }

  /** Give internal node `i` a new label. */
  setLabel(i: number, label: Uint8Array, bits: number): void {
    this.waste += (this.len[i]! + 7) >> 3;
    this.off[i] = this.put(label);
    this.len[i] = bits;
    this.hashed[i] = 0;
  }

  /** A copy of internal node `i`'s label bytes. */
  label(i: number): Uint8Array {
    const o = this.off[i]!;
    return this.arena.slice(o, o + ((this.len[i]! + 7) >> 3));
  }

  /** Leaf `i`'s key as a view of the arena (never changed afterwards, see the module header). */
  key(i: number): Uint8Array {
    const o = this.off[i]!;
    return this.arena.subarray(o, o + this.len[i]!);
  }

  /** Leaf `i`'s value as a view of the arena. */
  value(i: number): Uint8Array {
    const o = this.voff[i]!;
    return this.arena.subarray(o, o + this.vlen[i]!);
  }

  /** Whether leaf `i`'s key equals `key`. */
  keyEquals(i: number, key: Uint8Array): boolean {
    const n = key.length;
    if (this.len[i] !== n) return false;
    const a = this.arena;
    const o = this.off[i]!;
    for (let j = 0; j < n; j++) if (a[o + j] !== key[j]) return false;
    return true;
  }

  /** Whether leaf `i`'s value equals `value`. */
  valueEquals(i: number, value: Uint8Array): boolean {
    const n = value.length;
    if (this.vlen[i] !== n) return false;
    const a = this.arena;
    const o = this.voff[i]!;
    for (let j = 0; j < n; j++) if (a[o + j] !== value[j]) return false;
    return true;
  }

  /** Release node `i` (its arena bytes become waste). */
  release(i: number): void {
    if (this.kind[i] === LEAF) this.waste += this.len[i]! + this.vlen[i]!;
    else this.waste += (this.len[i]! + 7) >> 3;
    this.kind[i] = FREE;
    if (this.freeCount === this.free.length) this.free = grown(this.free, this.free.length * 2);
    this.free[this.freeCount++] = i;
    this.count--;
  }

  /** Drop every node and byte. */
  clear(): void {
    this.top = 0;
    this.count = 0;
    this.freeCount = 0;
    this.used = 0;
    this.waste = 0;
  }

  /**
   * Copy the live bytes into a fresh arena when at least half of it is waste (so compaction costs
   * at most as much as the appends that made the waste). Views handed out earlier keep the old one.
   */
  compactIfWasteful(): void {
    if (this.waste < 1 << 20 || this.waste * 2 < this.used) return;
    const old = this.arena;
    const fresh = new Uint8Array(Math.max(INITIAL_ARENA, 2 * (this.used - this.waste)));
    let at = 0;
    const move = (o: number, n: number): number => {
      fresh.set(old.subarray(o, o + n), at);
      at += n;
      return at - n;
    };
    for (let i = 0; i < this.top; i++) {
      const k = this.kind[i];
      if (k === LEAF) {
        this.off[i] = move(this.off[i]!, this.len[i]!);
        this.voff[i] = move(this.voff[i]!, this.vlen[i]!);
      } else if (k === INTERNAL) this.off[i] = move(this.off[i]!, (this.len[i]! + 7) >> 3);
    }
    this.arena = fresh;
    this.used = at;
    this.waste = 0;
  }

  private alloc(kind: number): number {
    let i: number;
    if (this.freeCount > 0) i = this.free[--this.freeCount]!;
    else {
      if (this.top === this.kind.length) this.growNodes();
      i = this.top++;
    }
    this.kind[i] = kind;
    this.hashed[i] = 0;
    this.count++;
    return i;
  }

  private growNodes(): void {
    const n = this.kind.length * 2;
    if (n > MAX_NODES) throw new MkvsError(MkvsError.TREE_FULL, 'compact tree: too many nodes');
    this.kind = grown(this.kind, n);
    this.off = grown(this.off, n);
    this.len = grown(this.len, n);
    this.voff = grown(this.voff, n);
    this.vlen = grown(this.vlen, n);
    this.left = grown(this.left, n);
    this.right = grown(this.right, n);
    this.hashes = grown(this.hashes, n * 32);
    this.hashed = grown(this.hashed, n);
  }

  /** Append `b` to the arena; its offset. */
  private put(b: Uint8Array): number {
    const n = b.length;
    if (this.used + n > this.arena.length) {
      if (this.used + n > MAX_ARENA) throw new MkvsError(MkvsError.TREE_FULL, 'compact tree: arena full');
      let size = this.arena.length * 2;
      while (size < this.used + n) size *= 2;
      this.arena = grown(this.arena, Math.min(size, MAX_ARENA));
    }
    const o = this.used;
    this.arena.set(b, o);
    this.used = o + n;
    return o;
  }
}
