/**
 * CBOR heads written straight into a caller's buffer, for the encoders that lay out a fixed
 * message shape by hand (vote sign bytes, IO tree values): arguments below 2^32, shortest form,
 * as canonical CBOR requires.
 */

/** Length of the head for an argument `n` below 2^32. */
export function cborHeadLength(n: number): number {
  return n < 24 ? 1 : n < 0x100 ? 2 : n < 0x10000 ? 3 : 5;
}

/** Write the head of major type `major` with argument `n` (below 2^32) at `at`; returns the offset after it. */
export function putCborHead(out: Uint8Array, at: number, major: number, n: number): number {
  const m = major << 5;
  if (n < 24) {
    out[at] = m | n;
    return at + 1;
  }
  if (n < 0x100) {
    out[at] = m | 24;
    out[at + 1] = n;
    return at + 2;
  }
  if (n < 0x10000) {
    out[at] = m | 25;
    out[at + 1] = n >>> 8;
    out[at + 2] = n & 0xff;
    return at + 3;
  }
  out[at] = m | 26;
  out[at + 1] = n >>> 24;
  out[at + 2] = (n >>> 16) & 0xff;
  out[at + 3] = (n >>> 8) & 0xff;
  out[at + 4] = n & 0xff;
  return at + 5;
}

/**
 * Write the shortest head of major type `major` with argument `v` in 0..2^64−1 (a safe integer or
 * a bigint) at `at` (nine bytes of room needed); returns the offset after it. The growable
 * encoders use it for integers of any width.
 */
export function putCborHead64(out: Uint8Array, at: number, major: number, v: number | bigint): number {
  if (typeof v === 'number' ? v < 0x100000000 : v <= 0xffffffffn)
    return putCborHead(out, at, major, Number(v));
  out[at] = (major << 5) | 27;
  if (typeof v === 'number') {
    const hi = Math.floor(v / 0x100000000);
    const lo = v >>> 0;
    for (let i = 0; i < 4; i++) {
      out[at + 1 + i] = (hi >>> (24 - 8 * i)) & 0xff;
      out[at + 5 + i] = (lo >>> (24 - 8 * i)) & 0xff;
    }
    return at + 9;
  }
  let x = v;
  for (let i = 8; i >= 1; i--) {
    out[at + i] = Number(x & 0xffn);
    x >>= 8n;
  }
  return at + 9;
}
