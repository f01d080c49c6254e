/**
 * The node store of a {@link CompactTree}: every node of the latest version in typed arrays
 * (struct of arrays, nodes named by index) and every key, value and long label (short labels
 * live in their node) in one byte arena.
 * A million-account state is then a few dozen large arrays instead of millions of small objects,
 * which the garbage collector would otherwise mark on every major collection; a look-up walks
 * integer indices; nothing is decoded.
 *
 * Nodes are changed in place (only the latest version lives here; older ones are the state log's
 * business). The arena is append-only: a changed value or label is appended and the old bytes
 * become waste, reclaimed by {@link compactIfWasteful} into fresh segments, so a view of the
 * arena handed out earlier stays valid and unchanged. The arena is a list of fixed-size segments
 * (an offset is segment ‖ position), so it grows without copying what it holds.
 */
import { MkvsError } from '../errors.js';

/** No node (a nil child, an empty leaf slot, an empty tree). */
export const NIL = -1;
/** Node kinds. */
export const LEAF = 0;
export const INTERNAL = 1;
const FREE = 2;

const INITIAL_NODES = 1024;
/** Arena offsets: the segment in the top bits, the position in the low {@link SEG_BITS}. */
export const SEG_BITS = 24;
export const SEG_MASK = (1 << SEG_BITS) - 1;
const SEG_SIZE = 1 << SEG_BITS;
/** Offsets are int32: at most 127 segments (2 GiB). */
const MAX_SEGS = 127;
/** Most nodes (indices are int32; capacities double). */
const MAX_NODES = 1 << 30;

function grown<T extends Int32Array | Uint8Array>(a: T, n: number): T {
  const b = new (a.constructor as new (n: number) => T)(n);
  b.set(a);
  return b;
}

/** Arena bytes an internal node's label of `bits` bits takes (none when inline). */
function labelArenaBytes(bits: number): number {
  return bits > INLINE_BITS ? (bits + 7) >> 3 : 0;
}

/**
 * Int32 words per node: eight fields, then its hash (8 words), so one 64-byte line holds both;
 * then, for an internal node, copies of its left and right children's hashes (8 words each, the
 * second line), so that hashing it reads neither child.
 */
export const W = 32;
/** The word where a node's hash starts. */
export const HASH = 8;
/**
 * The words where an internal node's copy of its left child's hash starts (the right's: +8); in a
 * leaf, where its inline key copy starts (see {@link INLINE_KEY_BYTES}).
 */
export const CACHE = 16;
/** Field: {@link LEAF}, {@link INTERNAL} or free. */
export const KIND = 0;
/** Field: leaf key length in bytes; internal label length in bits. */
export const LEN = 1;
/**
 * Field: leaf key offset in the arena; an internal node's label: its bytes themselves (first byte
 * in the top bits) when at most {@link INLINE_BITS} long, else its offset in the arena.
 */
export const OFF = 2;
/** Labels up to this many bits are held in the node's {@link OFF} word, not in the arena. */
export const INLINE_BITS = 32;
/** Field: leaf value offset; internal leaf slot's node (or {@link NIL}). */
export const VOFF = 3;
/** Field: leaf value length. */
export const VLEN = 4;
/** Fields: internal left and right children (or {@link NIL}). */
export const LEFT = 5;
export const RIGHT = 6;
/**
 * Field: bit {@link IS_HASHED} set when the node's hash is valid; for an internal node, bits
 * {@link CACHED_LEFT} and {@link CACHED_RIGHT} when its copy of that child's hash is (the child
 * is hashed and the copy is its hash, the empty hash for nil). Any change to a node clears the
 * word, changing a child clears its bit, and marking a path clears each bit on the path.
 */
export const HASHED = 7;
export const IS_HASHED = 1;
export const CACHED_LEFT = 2;
export const CACHED_RIGHT = 4;
/** {@link HASHED} of a freshly hashed internal node: hashed, both copies valid. */
export const ALL_HASHED = IS_HASHED | CACHED_LEFT | CACHED_RIGHT;
/**
 * Field: the parent node (or {@link NIL} for the root), in a word the kind leaves free: a leaf's
 * {@link LEFT}, an internal node's {@link VLEN}.
 */
export const LEAF_PARENT = LEFT;
export const INTERNAL_PARENT = VLEN;
/**
 * A leaf's key up to this many bytes is also copied into the leaf's own second line (the words
 * from {@link CACHE}, which only internal nodes use), and compared and hashed from there: the
 * arena copy is on another, cold page, a dependent miss more for each look-up and each hashing
 * of an updated leaf. The arena copy stays the key's home for views, iteration and snapshots.
 */
export const INLINE_KEY_BYTES = 64;

/** See the module header. */
export class NodeStore {
  /**
   * The nodes, {@link W} int32 words each (see {@link KIND} and the other field names,
   * {@link HASH} and {@link CACHE}): one node's fields and hash share a cache line, which a walk
   * down a large tree's cold paths needs; the children's hash copies take the next line, which
   * hashing reads instead of each child's (mostly cold, unchanged) line.
   */
  m = new Int32Array(INITIAL_NODES * W);
  /** The same memory as bytes: node `i`'s hash is at byte `(i * W + HASH) * 4` (valid when hashed). */
  bytes = new Uint8Array(this.m.buffer);
  /** The arena's segments; the last one is being filled (a bytes larger than a segment gets its own). */
  segs: Uint8Array[] = [];
  /** Bytes used of the last segment, and its size. */
  private fill = 0;
  private cap = 0;
  /** Arena bytes appended, and of those the bytes no node refers to any more. */
  used = 0;
  waste = 0;
  private free = new Int32Array(INITIAL_NODES);
  private freeCount = 0;
  /** Nodes ever allocated (the high-water mark; free ones are below it). */
  top = 0;
  /** Live nodes, and of those leaves (keys). */
  count = 0;
  leaves = 0;

  /** A new leaf holding copies of `key` and `value`. */
  newLeaf(key: Uint8Array, value: Uint8Array): number {
    const i = this.alloc(LEAF);
    this.m[i * W + OFF] = this.put(key);
    this.m[i * W + LEN] = key.length;
    this.m[i * W + VOFF] = this.put(value);
    this.m[i * W + VLEN] = value.length;
    this.m[i * W + LEAF_PARENT] = NIL;
    if (key.length <= INLINE_KEY_BYTES) this.bytes.set(key, (i * W + CACHE) * 4);
    return i;
  }

  /** Point leaf `i` at a copy of `value` (its old bytes become waste). */
  setValue(i: number, value: Uint8Array): void {
    this.waste += this.m[i * W + VLEN]!;
    this.m[i * W + VOFF] = this.put(value);
    this.m[i * W + VLEN] = value.length;
    this.m[i * W + HASHED] = 0;
  }

  /** A new internal node with label `label` of `bits` bits and the given slot and children. */
  newInternal(label: Uint8Array, bits: number, slot: number, left: number, right: number): number {
    const i = this.alloc(INTERNAL);
    this.m[i * W + OFF] = this.putLabel(label, bits);
    this.m[i * W + LEN] = bits;
    this.setChild(i, VOFF, slot);
    this.setChild(i, LEFT, left);
    this.setChild(i, RIGHT, right);
    this.m[i * W + INTERNAL_PARENT] = NIL;
    return i;
  }

  /** Set internal node `n`'s child field `field` ({@link VOFF}, {@link LEFT}, {@link RIGHT}) and the child's parent. */
  setChild(n: number, field: number, child: number): void {
    this.m[n * W + field] = child;
    if (field !== VOFF) this.m[n * W + HASHED]! &= field === LEFT ? ~CACHED_LEFT : ~CACHED_RIGHT;
    if (child !== NIL) this.setParent(child, n);
  }

  /** Set node `i`'s parent. */
  setParent(i: number, parent: number): void {
    this.m[i * W + (this.m[i * W + KIND] === LEAF ? LEAF_PARENT : INTERNAL_PARENT)] = parent;
  }

  /** Node `i`'s parent (or {@link NIL}). */
  parent(i: number): number {
    return this.m[i * W + (this.m[i * W + KIND] === LEAF ? LEAF_PARENT : INTERNAL_PARENT)]!;
  }

  /** Give internal node `i` a new label. */
  setLabel(i: number, label: Uint8Array, bits: number): void {
    this.waste += labelArenaBytes(this.m[i * W + LEN]!);
    this.m[i * W + OFF] = this.putLabel(label, bits);
    this.m[i * W + LEN] = bits;
    this.m[i * W + HASHED] = 0;
  }

  /** A copy of internal node `i`'s label bytes. */
  label(i: number): Uint8Array {
    const n = (this.m[i * W + LEN]! + 7) >> 3;
    const out = new Uint8Array(n);
    for (let j = 0; j < n; j++) out[j] = this.labelByte(i, j);
    return out;
  }

  /** Byte `j` of internal node `i`'s label (`j` below its byte length). */
  labelByte(i: number, j: number): number {
    const o = this.m[i * W + OFF]!;
    if (this.m[i * W + LEN]! <= INLINE_BITS) return (o >>> (24 - 8 * j)) & 0xff;
    return this.segs[o >>> SEG_BITS]![(o & SEG_MASK) + j]!;
  }

  /** The {@link OFF} word for a label of `bits` bits: the bytes inline, or an arena offset. */
  private putLabel(label: Uint8Array, bits: number): number {
    if (bits > INLINE_BITS) return this.put(label.subarray(0, (bits + 7) >> 3));
    let v = 0;
    for (let j = 0; j < (bits + 7) >> 3; j++) v |= label[j]! << (24 - 8 * j);
    return v;
  }

  /** Leaf `i`'s key as a view of the arena (never changed afterwards, see the module header). */
  key(i: number): Uint8Array {
    return this.view(this.m[i * W + OFF]!, this.m[i * W + LEN]!);
  }

  /** Leaf `i`'s value as a view of the arena. */
  value(i: number): Uint8Array {
    return this.view(this.m[i * W + VOFF]!, this.m[i * W + VLEN]!);
  }

  /** Whether leaf `i`'s key equals `key`. */
  keyEquals(i: number, key: Uint8Array): boolean {
    const n = key.length;
    if (this.m[i * W + LEN] !== n) return false;
    if (n > INLINE_KEY_BYTES) return this.equals(this.m[i * W + OFF]!, key);
    const b = this.bytes;
    const at = (i * W + CACHE) * 4;
    for (let j = 0; j < n; j++) if (b[at + j] !== key[j]) return false;
    return true;
  }

  /** Copy leaf `i`'s key into `to` at `at` (from its inline copy when it has one). */
  copyKeyOut(i: number, to: Uint8Array, at: number): void {
    const n = this.m[i * W + LEN]!;
    if (n > INLINE_KEY_BYTES) {
      this.copyOut(this.m[i * W + OFF]!, n, to, at);
      return;
    }
    const b = this.bytes;
    const from = (i * W + CACHE) * 4;
    for (let j = 0; j < n; j++) to[at + j] = b[from + j]!;
  }

  /** Whether leaf `i`'s value equals `value`. */
  valueEquals(i: number, value: Uint8Array): boolean {
    return this.m[i * W + VLEN] === value.length && this.equals(this.m[i * W + VOFF]!, value);
  }

  /** Copy `n` arena bytes at offset `o` into `to` at `at`. */
  copyOut(o: number, n: number, to: Uint8Array, at: number): void {
    const a = this.segs[o >>> SEG_BITS]!;
    const p = o & SEG_MASK;
    for (let j = 0; j < n; j++) to[at + j] = a[p + j]!;
  }

  private view(o: number, n: number): Uint8Array {
    const p = o & SEG_MASK;
    return this.segs[o >>> SEG_BITS]!.subarray(p, p + n);
  }

  private equals(o: number, b: Uint8Array): boolean {
    const a = this.segs[o >>> SEG_BITS]!;
    const p = o & SEG_MASK;
    for (let j = 0; j < b.length; j++) if (a[p + j] !== b[j]) return false;
    return true;
  }

  /** Release node `i` (its arena bytes become waste). */
  release(i: number): void {
    if (this.m[i * W + KIND] === LEAF) {
      this.waste += this.m[i * W + LEN]! + this.m[i * W + VLEN]!;
      this.leaves--;
    } else this.waste += labelArenaBytes(this.m[i * W + LEN]!);
    this.m[i * W + KIND] = FREE;
    if (this.freeCount === this.free.length) this.free = grown(this.free, this.free.length * 2);
    this.free[this.freeCount++] = i;
    this.count--;
  }

  /** Drop every node and byte. */
  clear(): void {
    this.top = 0;
    this.count = 0;
    this.leaves = 0;
    this.freeCount = 0;
    this.segs = [];
    this.fill = 0;
    this.cap = 0;
    this.used = 0;
    this.waste = 0;
  }

  /**
   * Copy the live bytes into fresh segments when at least half of the arena is waste (so
   * compaction costs at most as much as the appends that made the waste). Views handed out
   * earlier keep the old segments.
   */
  compactIfWasteful(): void {
    if (this.waste < 1 << 20 || this.waste * 2 < this.used) return;
    const old = this.segs;
    this.segs = [];
    this.fill = 0;
    this.cap = 0;
    this.used = 0;
    this.waste = 0;
    const move = (o: number, n: number): number => {
      const p = o & SEG_MASK;
      return this.put(old[o >>> SEG_BITS]!.subarray(p, p + n));
    };
    for (let i = 0; i < this.top; i++) {
      const k = this.m[i * W + KIND];
      if (k === LEAF) {
        this.m[i * W + OFF] = move(this.m[i * W + OFF]!, this.m[i * W + LEN]!);
        this.m[i * W + VOFF] = move(this.m[i * W + VOFF]!, this.m[i * W + VLEN]!);
      } else if (k === INTERNAL && this.m[i * W + LEN]! > INLINE_BITS)
        this.m[i * W + OFF] = move(this.m[i * W + OFF]!, (this.m[i * W + LEN]! + 7) >> 3);
    }
  }

  private alloc(kind: number): number {
    let i: number;
    if (this.freeCount > 0) i = this.free[--this.freeCount]!;
    else {
      if (this.top * W === this.m.length) this.growNodes();
      i = this.top++;
    }
    this.m[i * W + KIND] = kind;
    this.m[i * W + HASHED] = 0;
    this.count++;
    if (kind === LEAF) this.leaves++;
    return i;
  }

  private growNodes(): void {
    const n = (this.m.length / W) * 2;
    if (n > MAX_NODES) throw new MkvsError(MkvsError.TREE_FULL, 'compact tree: too many nodes');
    this.m = grown(this.m, n * W);
    this.bytes = new Uint8Array(this.m.buffer);
  }

  /** Append `b` to the arena; its offset. */
  private put(b: Uint8Array): number {
    const n = b.length;
    if (this.fill + n > this.cap || this.segs.length === 0) this.newSegment(n);
    const seg = this.segs.length - 1;
    const p = this.fill;
    this.segs[seg]!.set(b, p);
    this.fill = p + n;
    this.used += n;
    return (seg << SEG_BITS) | p;
  }

  private newSegment(n: number): void {
    if (this.segs.length >= MAX_SEGS) throw new MkvsError(MkvsError.TREE_FULL, 'compact tree: arena full');
    // The first segments are small, so a small tree stays small.
    const size = Math.max(n, Math.min(SEG_SIZE, 65_536 << this.segs.length));
    this.segs.push(new Uint8Array(size));
    this.fill = 0;
    this.cap = size;
  }
}
