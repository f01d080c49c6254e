/**
 * A small direct-mapped memo in front of a {@link KeyIndex}: the leaves of the keys found or
 * added lately, placed by a few of the key's last bytes. A block reads each key it changes and
 * writes it back at its end (the block overlay's flush), and the same accounts come back block
 * after block; a hit here costs no key hash and no probe of the large table, whose line (and
 * page) is a cold miss on a big state.
 *
 * An entry is only a guess and is checked before it is used: the node must still be a live leaf
 * holding exactly that key. A leaf removed since is free (or reused by another node, internal or
 * a leaf of another key), which fails the check; keys never move between leaves, and arena
 * compaction moves only bytes, so a leaf that passes is the key's leaf. Which keys share an entry
 * is only a matter of speed: a clash evicts, and a guess that fails falls back to the table.
 */
import { KIND, LEAF, type NodeStore, W } from './nodes.js';

/** Entries (a power of two): some blocks' keys, 128 KiB. */
const ENTRIES = 16_384;

/** See the module header. */
export class RecentLeaves {
  /** Per entry, a tag (more of the key's bytes, and its length) and the leaf (−1: none). */
  private readonly e = new Int32Array(ENTRIES * 2).fill(-1);

  constructor(private readonly s: NodeStore) {}

  /** The leaf holding `key` if this memo knows it (checked), else −1. */
  get(key: Uint8Array): number {
    const n = key.length;
    if (n === 0) return -1;
    const a = word(key, n - 4);
    const slot = slotOf(a);
    const l = this.e[slot + 1]!;
    if (l < 0 || this.e[slot] !== tagOf(key, n) || !this.holds(l, key)) return -1;
    return l;
  }

  /** Remember that leaf `l` holds `key`. */
  put(key: Uint8Array, l: number): void {
    const n = key.length;
    if (n === 0) return;
    const slot = slotOf(word(key, n - 4));
    this.e[slot] = tagOf(key, n);
    this.e[slot + 1] = l;
  }

  /** Forget every entry (the store was cleared: node numbers start over). */
  clear(): void {
    this.e.fill(-1);
  }

  /** Whether node `l` is a live leaf holding `key`. */
  private holds(l: number, key: Uint8Array): boolean {
    const s = this.s;
    return l < s.top && s.m[l * W + KIND] === LEAF && s.keyEquals(l, key);
  }
}

/** The big-endian word of `key`'s bytes from `at` (bytes before the key read as 0). */
function word(key: Uint8Array, at: number): number {
  let x = 0;
  for (let j = at; j < at + 4; j++) x = (x << 8) | (j >= 0 ? key[j]! : 0);
  return x;
}

/** The entry's first word for a key ending in word `a`. */
function slotOf(a: number): number {
  return ((a ^ (a >>> 13)) & (ENTRIES - 1)) * 2;
}

/**
 * The tag: the four bytes before the last four, the first four (keys that differ only early, such
 * as one account's records under different prefixes, then get different tags) and the length.
 */
function tagOf(key: Uint8Array, n: number): number {
  return word(key, n - 8) ^ Math.imul(word(key, 0), 0x85ebca6b) ^ Math.imul(n, 0x9e3779b1);
}
