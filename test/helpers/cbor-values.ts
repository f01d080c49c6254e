// Random plain values for the tests of the direct CBOR paths (encoder and reader) against the
// generic ones. Two shapes: values to encode (with undefined fields, Buffers, small bigints) and
// values that decode back to themselves (no undefined, bigints only where numbers cannot hold).
import type { Rng } from './rng.js';

const INTS = [
  0,
  1,
  23,
  24,
  255,
  256,
  65_535,
  65_536,
  2 ** 32 - 1,
  2 ** 32,
  2 ** 53 - 2,
  2 ** 53 - 1,
  -1,
  -24,
  -25,
  -256,
  -257,
  -(2 ** 32),
  -(2 ** 32) - 1,
  -(2 ** 53 - 1),
];
/** Bigints an encoder may be given (any range). */
const ENCODE_BIGS = [
  0n,
  5n,
  23n,
  24n,
  2n ** 32n - 1n,
  2n ** 32n,
  2n ** 64n - 1n,
  -1n,
  -(2n ** 32n),
  -(2n ** 64n),
];
/** Bigints a decoder gives back (beyond the safe integers only). */
const DECODE_BIGS = [2n ** 53n, 2n ** 64n - 1n, -(2n ** 53n), -(2n ** 53n) - 1n, -(2n ** 64n)];
const KEYS = ['a', 'b', 'to', 'from', 'amount', 'z', 'aa', 'ab', 'B', 'kind', 'value', 'x'.repeat(30), ''];
const TEXTS = ['', 'system', 'transfer', 'a'.repeat(23), 'b'.repeat(24), 'c'.repeat(300)];
const BYTE_LENGTHS = [0, 1, 21, 23, 24, 32, 255, 256, 65_536, 70_000];

/**
 * A random plain value. `forDecode`: one whose canonical encoding decodes back to an equal value
 * (no undefined fields or Buffers, bigints only outside the safe integers).
 */
export function randomPlainValue(rng: Rng, forDecode: boolean, depth = 0): unknown {
  switch (rng.int(depth > 3 ? 6 : 9)) {
    case 0:
      return rng.pick(INTS);
    case 1:
      return rng.pick(forDecode ? DECODE_BIGS : ENCODE_BIGS);
    case 2:
      return rng.pick(TEXTS);
    case 3:
      return rng.bytes(rng.pick(BYTE_LENGTHS));
    case 4:
      return rng.pick([true, false, null]);
    case 5:
      return forDecode ? rng.pick(INTS) : Buffer.from(rng.bytes(rng.int(40)));
    case 6:
    case 7: {
      const o: Record<string, unknown> = {};
      for (let i = rng.int(6); i > 0; i--) {
        const hole = !forDecode && rng.int(8) === 0;
        o[rng.pick(KEYS)] = hole ? undefined : randomPlainValue(rng, forDecode, depth + 1);
      }
      return o;
    }
    default:
      return Array.from({ length: rng.pick([0, 1, 2, 5, 24]) }, () =>
        randomPlainValue(rng, forDecode, depth + 1),
      );
  }
}
