/**
 * Encodings of the eight small-order points of edwards25519, including their non-canonical
 * encodings (y + p for y < 19) and both sign bits: 14 byte strings in all. A public key or R value
 * equal to any of them is rejected before verification. The two order-8 constants are checked
 * against `@noble/curves` in the tests.
 */

/** y-coordinates (little-endian, sign bit clear) of the small-order points and their aliases. */
const SMALL_ORDER_Y_HEX = [
  '0000000000000000000000000000000000000000000000000000000000000000', // y = 0 (order 4)
  '0100000000000000000000000000000000000000000000000000000000000000', // y = 1 (identity)
  '26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05', // order 8
  'c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a', // order 8
  'ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f', // y = p - 1 (order 2)
  'edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f', // y = p, alias of 0
  'eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f', // y = p + 1, alias of 1
];

const SMALL_ORDER: Uint8Array[] = SMALL_ORDER_Y_HEX.map((h) => new Uint8Array(Buffer.from(h, 'hex')));

/** True when the 32-byte point encoding `p` is a small-order point (either sign bit). */
export function isSmallOrderEncoding(p: Uint8Array): boolean {
  if (p.length !== 32) return false;
  outer: for (const s of SMALL_ORDER) {
    for (let i = 0; i < 31; i++) if (p[i] !== s[i]) continue outer;
    if ((p[31]! & 0x7f) === s[31]) return true;
  }
  return false;
}

/** The canonical-sign-bit encodings, for tests. */
export const SMALL_ORDER_ENCODINGS: readonly Uint8Array[] = SMALL_ORDER;
