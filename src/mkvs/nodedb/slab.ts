/**
 * A compact cache of encoded nodes by hash, kept in large byte arenas instead of JS objects.
 * Millions of small node objects make every major garbage collection walk them all; here one
 * cached node is a few dozen bytes in an arena and one slot of an integer index, which the
 * collector never looks inside. Entries are `hash ‖ u32le(length) ‖ encoding`, appended to the
 * young generation's arena; an open-addressing index (linear probing, slots hold offset + 1)
 * finds them by hash. When the young generation is full it becomes the old one and the previous
 * old one is dropped whole; a hit in the old generation is copied into the young one. So the
 * cache is bounded, near-LRU and O(1), with no per-entry deletion.
 */

const HASH = 32;
const HEADER = HASH + 4;
/** Index slots per arena byte: entries are at least ~70 bytes, so the index stays under half full. */
const BYTES_PER_SLOT = 32;

class Generation {
  readonly arena: Uint8Array;
  readonly index: Int32Array;
  readonly mask: number;
  used = 0;
  count = 0;

  constructor(bytes: number) {
    // Large typed arrays are zero pages until written, so an unused generation costs no memory.
    this.arena = new Uint8Array(bytes);
    let slots = 1024;
    while (slots < bytes / BYTES_PER_SLOT) slots *= 2;
    this.index = new Int32Array(slots);
    this.mask = slots - 1;
  }

  /** The offset of the entry for `h`, or −1. */
  find(h: Uint8Array): number {
    const a = this.arena;
    let s = slotOf(h) & this.mask;
    for (;;) {
      const v = this.index[s]!;
      if (v === 0) return -1;
      const off = v - 1;
      let i = 0;
      while (i < HASH && a[off + i] === h[i]) i++;
      if (i === HASH) return off;
      s = (s + 1) & this.mask;
    }
  }

  /** Whether an entry of `len` encoded bytes still fits. */
  fits(len: number): boolean {
    return this.used + HEADER + len <= this.arena.length && this.count * 2 < this.index.length;
  }

  add(h: Uint8Array, enc: Uint8Array): void {
    const a = this.arena;
    const off = this.used;
    a.set(h, off);
    const n = enc.length;
    a[off + 32] = n & 0xff;
    a[off + 33] = (n >>> 8) & 0xff;
    a[off + 34] = (n >>> 16) & 0xff;
    a[off + 35] = (n >>> 24) & 0xff;
    a.set(enc, off + HEADER);
    this.used = off + HEADER + n;
    this.count++;
    let s = slotOf(h) & this.mask;
    while (this.index[s] !== 0) s = (s + 1) & this.mask;
    this.index[s] = off + 1;
  }

  /** The encoding stored at entry `off` (a view into the arena). */
  encoding(off: number): Uint8Array {
    return this.arena.subarray(off + HEADER, off + HEADER + this.length(off));
  }

  /** The length of the encoding stored at entry `off`. */
  length(off: number): number {
    const a = this.arena;
    return a[off + 32]! | (a[off + 33]! << 8) | (a[off + 34]! << 16) | (a[off + 35]! << 24);
  }
}

/** Node hashes are uniformly distributed, so four of their bytes make a good slot number. */
function slotOf(h: Uint8Array): number {
  return (h[4]! | (h[5]! << 8) | (h[6]! << 16) | (h[7]! << 24)) >>> 0;
}

/** The compact node cache (see the module header). */
export class NodeSlab {
  private young: Generation | null = null;
  private old: Generation | null = null;
  private readonly genBytes: number;

  /** A cache of at most `maxBytes` (two generations of half that; 0 disables it). */
  constructor(maxBytes: number) {
    this.genBytes = Math.max(0, Math.min(Math.floor(maxBytes / 2), 0x3fffffff));
  }

  /**
   * The encoded node of hash `h`, or undefined. The result is a view into the cache: use it
   * before the next {@link put} (which may move or drop it).
   */
  get(h: Uint8Array): Uint8Array | undefined {
    const y = this.young;
    if (y === null) return undefined;
    const off = y.find(h);
    if (off >= 0) return y.encoding(off);
    const o = this.old;
    const old = o === null ? -1 : o.find(h);
    if (old < 0) return undefined;
    const enc = o!.encoding(old);
    this.put(h, enc);
    return enc;
  }

  /**
   * `read(arena, start, end)` over the cached encoding of hash `h` (no view is made: the common
   * hit allocates nothing here), or undefined when absent. `read` must not keep the arena.
   */
  readWith<T>(h: Uint8Array, read: (arena: Uint8Array, start: number, end: number) => T): T | undefined {
    const y = this.young;
    if (y === null) return undefined;
    const off = y.find(h);
    if (off < 0) {
      const enc = this.get(h);
      return enc === undefined ? undefined : read(enc, 0, enc.length);
    }
    const start = off + HEADER;
    return read(y.arena, start, start + y.length(off));
  }

  /** Cache the encoding of the node of hash `h` (content-addressed: a present hash is kept). */
  put(h: Uint8Array, enc: Uint8Array): void {
    if (HEADER + enc.length > this.genBytes) return;
    let y = this.young;
    if (y !== null && y.find(h) >= 0) return;
    if (y === null || !y.fits(enc.length)) {
      this.old = y;
      y = new Generation(this.genBytes);
      this.young = y;
    }
    y.add(h, enc);
  }

  /** Drop everything (after a prune, so no removed node is served from memory). */
  clear(): void {
    this.young = null;
    this.old = null;
  }

  /** False when constructed with no room (every put is then ignored). */
  get enabled(): boolean {
    return this.genBytes > 0;
  }

  /** Entries held (a node promoted from the old generation counts twice). */
  get size(): number {
    return (this.young?.count ?? 0) + (this.old?.count ?? 0);
  }
}
