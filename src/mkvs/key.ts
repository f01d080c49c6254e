/**
 * Bit addressing of keys and labels (spec/oasis.md §1.2). Bit i of a key is MSB-first: bit 0 is
 * the 0x80 bit of byte 0. Labels are runs of key bits stored from bit 0, tail bits zeroed.
 * Depths and label lengths are bit counts (u16 on the wire).
 */

/** Longest key allowed: depths are u16 bit counts. */
export const MAX_KEY_BYTES = 8191;

/** Bit `i` of `key` (0 or 1). */
export function bitAt(key: Uint8Array, i: number): number {
  return (key[i >> 3]! >> (7 - (i & 7))) & 1;
}

/** 8 bits of `b` starting at bit offset `off` (bits past the end read as zero). */
export function byteAt(b: Uint8Array, off: number): number {
  const j = off >> 3;
  const s = off & 7;
  const hi = b[j] ?? 0;
  if (s === 0) return hi;
  return ((hi << s) | ((b[j + 1] ?? 0) >> (8 - s))) & 0xff;
}

/**
 * Bits [from, to) of `b` as a new array starting at bit 0, length ceil((to-from)/8), tail bits
 * zeroed (Oasis's `split` suffix; with from = 0 its prefix).
 */
export function extractBits(b: Uint8Array, from: number, to: number): Uint8Array {
  const n = to - from;
  const out = new Uint8Array((n + 7) >> 3);
  for (let i = 0; i < out.length; i++) out[i] = byteAt(b, from + i * 8);
  const tail = n & 7;
  if (tail !== 0) out[out.length - 1]! &= (0xff << (8 - tail)) & 0xff;
  return out;
}

/** Oasis `split(key, splitPoint, keyLen)`: [prefix bits [0,sp), suffix bits [sp, keyLen)]. */
export function split(key: Uint8Array, splitPoint: number, keyLen: number): [Uint8Array, Uint8Array] {
  return [extractBits(key, 0, splitPoint), extractBits(key, splitPoint, keyLen)];
}

/** Oasis `merge`: bit-level concatenation of a (aBits) and b (bBits). */
export function merge(a: Uint8Array, aBits: number, b: Uint8Array, bBits: number): Uint8Array {
  const total = aBits + bBits;
  const out = new Uint8Array((total + 7) >> 3);
  const head = extractBits(a, 0, aBits);
  out.set(head);
  const s = aBits & 7;
  const j = aBits >> 3;
  for (let i = 0; i < (bBits + 7) >> 3; i++) {
    const v = byteAt(b, i * 8);
    if (s === 0) out[j + i] = v;
    else {
      out[j + i]! |= v >> s;
      if (j + i + 1 < out.length) out[j + i + 1] = (v << (8 - s)) & 0xff;
    }
  }
  const tail = total & 7;
  if (tail !== 0) out[out.length - 1]! &= (0xff << (8 - tail)) & 0xff;
  return out;
}

/**
 * Oasis `appendBit`: set bit `keyBits` of the key to `bit`, growing the key by a byte when
 * needed. Bits after `keyBits` in the last byte are kept as they were (Oasis does the same).
 */
export function appendBit(key: Uint8Array, keyBits: number, bit: number): Uint8Array {
  const out = new Uint8Array((keyBits + 8) >> 3);
  out.set(key.subarray(0, out.length));
  const mask = 0x80 >> (keyBits & 7);
  if (bit) out[keyBits >> 3]! |= mask;
  else out[keyBits >> 3]! &= ~mask & 0xff;
  return out;
}

/** Leading bits in common between a (aBits) and b (bBits), capped at min(aBits, bBits). */
export function commonPrefixLen(a: Uint8Array, aBits: number, b: Uint8Array, bBits: number): number {
  return commonPrefixAt(a, aBits, b, 0, bBits);
}

/**
 * Leading bits in common between `label` (labelBits) and `key` read from bit `depth` (up to
 * keyBits), capped at min(labelBits, keyBits − depth). Compares a byte at a time.
 */
export function commonPrefixAt(
  label: Uint8Array,
  labelBits: number,
  key: Uint8Array,
  depth: number,
  keyBits: number,
): number {
  const max = Math.min(labelBits, keyBits - depth);
  let i = 0;
  while (i < max) {
    const x = (label[i >> 3]! ^ byteAt(key, depth + i)) & 0xff;
    if (x !== 0) {
      const d = Math.clz32(x) - 24;
      return Math.min(i + d, max);
    }
    i += 8;
  }
  return max;
}

/** Leading bits in common between keys a and b from bit `from`, capped at min(aBits, bBits) − from. */
export function commonPrefixFrom(
  a: Uint8Array,
  aBits: number,
  b: Uint8Array,
  bBits: number,
  from: number,
): number {
  const max = Math.min(aBits, bBits) - from;
  let i = 0;
  while (i < max) {
    const x = (byteAt(a, from + i) ^ byteAt(b, from + i)) & 0xff;
    if (x !== 0) return Math.min(i + Math.clz32(x) - 24, max);
    i += 8;
  }
  return Math.max(max, 0);
}

/**
 * Compare the path prefix `path` (pathBits) with `target` (targetBits) over their common length:
 * −1 / 1 by the first differing bit; if one is a prefix of the other, 1 when the target is the
 * shorter (every key under the path extends it, so is greater), else 0.
 */
export function comparePath(
  path: Uint8Array,
  pathBits: number,
  target: Uint8Array,
  targetBits: number,
): number {
  const m = Math.min(pathBits, targetBits);
  const c = commonPrefixLen(path, pathBits, target, targetBits);
  if (c < m) return bitAt(path, c) - bitAt(target, c);
  return targetBits < pathBits ? 1 : 0;
}

/** A depth or label length on the wire: u16 little-endian. */
export function encodeDepth(bits: number): Uint8Array {
  return Uint8Array.of(bits & 0xff, (bits >> 8) & 0xff);
}
