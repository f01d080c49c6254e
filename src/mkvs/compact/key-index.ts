/**
 * The leaves of a {@link NodeStore} by key: an open-addressing table of leaf indices (linear
 * probing, tombstones) keyed by a 32-bit hash of the key bytes. A read then costs a probe and the
 * leaf's line instead of a walk from the root, and an update finds its leaf the same way (its
 * path is marked later, see dirty-leaves.ts): on a million keys a walk is ~20 dependent cache
 * misses, which dominated reads and writes alike.
 *
 * A {@link RecentLeaves} memo in front answers the keys used lately without the table; a key
 * that is not found hands back its hash ({@link missHash}) so that adding it does not hash again.
 *
 * The hash starts from a random seed per index, so nobody can choose keys (account addresses)
 * that pile into one probe run on every node: where a key lands in the table is never part of
 * any state, root or output, only how long a look-up takes.
 */
import { randomBytes } from 'node:crypto';
import { CACHE, INLINE_KEY_BYTES, LEN, type NodeStore, OFF, SEG_BITS, SEG_MASK, W } from './nodes.js';
import { RecentLeaves } from './recent-leaves.js';

const EMPTY = -1;
const TOMB = -2;
const MIN_SLOTS = 1024;

/** FNV-1a of `n` bytes of `b` from `at`, starting from `seed`. */
function fnv(seed: number, b: Uint8Array, at: number, n: number): number {
  let h = seed;
  for (let i = 0; i < n; i++) h = Math.imul(h ^ b[at + i]!, 0x01000193);
  return h >>> 0;
}

/** See the module header. */
export class KeyIndex {
  private slots = new Int32Array(MIN_SLOTS).fill(EMPTY);
  private mask = MIN_SLOTS - 1;
  private used = 0;
  private size = 0;
  /** See the module header. */
  private readonly seed = randomBytes(4).readUInt32LE(0);
  private readonly recent: RecentLeaves;
  /** The hash of the key the last {@link find} did not find (see {@link addMissed}). */
  private missHash = 0;
  private missKey: Uint8Array | undefined;

  constructor(private readonly s: NodeStore) {
    this.recent = new RecentLeaves(s);
  }

  /** The leaf holding `key`, or −1. */
  find(key: Uint8Array): number {
    this.missKey = undefined;
    const r = this.recent.get(key);
    if (r >= 0) return r;
    const h = fnv(this.seed, key, 0, key.length);
    const v = this.probe(key, h);
    if (v >= 0) this.recent.put(key, v);
    else {
      this.missHash = h;
      this.missKey = key;
    }
    return v;
  }

  /** {@link find} by the table alone, the recent-leaves memo neither asked nor filled (for checks). */
  findInTable(key: Uint8Array): number {
    return this.probe(key, fnv(this.seed, key, 0, key.length));
  }

  private probe(key: Uint8Array, h: number): number {
    const i = this.slotOf(key, h);
    return i < 0 ? -1 : this.slots[i]!;
  }

  /** The table slot holding `key`'s leaf (its hash `h`), or −1. */
  private slotOf(key: Uint8Array, h: number): number {
    const s = this.s;
    let i = h & this.mask;
    for (;;) {
      const v = this.slots[i]!;
      if (v === EMPTY) return -1;
      if (v >= 0 && s.keyEquals(v, key)) return i;
      i = (i + 1) & this.mask;
    }
  }

  /** Add leaf `leaf` (its key must not be indexed yet). */
  add(leaf: number): void {
    this.addHashed(leaf, this.hashOf(leaf));
  }

  /**
   * Add leaf `leaf`, made for `key` just after {@link find} missed it (the key's hash is reused;
   * any other key is hashed as {@link add} does).
   */
  addMissed(leaf: number, key: Uint8Array): void {
    this.addHashed(leaf, key === this.missKey ? this.missHash : this.hashOf(leaf));
    this.missKey = undefined;
    this.recent.put(key, leaf);
  }

  private addHashed(leaf: number, h: number): void {
    if ((this.used + 1) * 2 > this.slots.length) this.rebuild(this.size + 1);
    let i = h & this.mask;
    while (this.slots[i]! >= 0) i = (i + 1) & this.mask;
    if (this.slots[i] === EMPTY) this.used++;
    this.slots[i] = leaf;
    this.size++;
  }

  /** Drop `key`'s entry (no-op when absent). */
  delete(key: Uint8Array): void {
    const i = this.slotOf(key, fnv(this.seed, key, 0, key.length));
    if (i < 0) return;
    this.slots[i] = TOMB;
    this.size--;
  }

  /** Forget every entry. */
  clear(): void {
    this.recent.clear();
    this.missKey = undefined;
    this.slots = new Int32Array(MIN_SLOTS).fill(EMPTY);
    this.mask = MIN_SLOTS - 1;
    this.used = 0;
    this.size = 0;
  }

  /** The hash of leaf `leaf`'s key, read from its inline copy or the arena. */
  private hashOf(leaf: number): number {
    const s = this.s;
    const n = s.m[leaf * W + LEN]!;
    if (n <= INLINE_KEY_BYTES) return fnv(this.seed, s.bytes, (leaf * W + CACHE) * 4, n);
    const o = s.m[leaf * W + OFF]!;
    return fnv(this.seed, s.segs[o >>> SEG_BITS]!, o & SEG_MASK, n);
  }

  /** Re-insert the live entries into a table sized for `want` (dropping tombstones). */
  private rebuild(want: number): void {
    const old = this.slots;
    let n = MIN_SLOTS;
    while (n < want * 4) n *= 2;
    this.slots = new Int32Array(n).fill(EMPTY);
    this.mask = n - 1;
    this.used = 0;
    this.size = 0;
    for (const v of old) if (v >= 0) this.add(v);
  }
}
