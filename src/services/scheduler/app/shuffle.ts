/**
 * The insecure beacon's election order: a keyed Fisher–Yates shuffle driven by SHA-512/256 in
 * counter mode. Oasis feeds an HMAC_DRBG into Go's `math/rand`; Tandem does not reproduce that
 * byte for byte (no cross-implementation test needs it) and uses this simpler, documented
 * construction instead:
 *
 *   seed    = SHA-512/256("tandem:scheduler/shuffle" ‖ beacon(32) ‖ runtime_id(32) ‖ u8(kind) ‖ u8(role))
 *   block_i = SHA-512/256(seed ‖ u64be(i)),  i = 0, 1, 2, …
 *
 * The blocks form a stream of big-endian u32 words. A uniform integer below m takes the next word
 * x and rejects it while x ≥ 2^32 − (2^32 mod m) (no modulo bias). The items, first sorted by
 * node id so the result does not depend on the input order, are shuffled by Fisher–Yates: for
 * i = n−1 down to 1, swap item i with item uniform(i+1). Every field of the seed has a fixed
 * length, so distinct inputs never share a preimage.
 */
import { compareBytes, concatBytes, hash, u64be, utf8 } from '../../../common/index.js';

/** Domain separation prefix of the shuffle seed. */
export const SHUFFLE_DOMAIN: Uint8Array = utf8('tandem:scheduler/shuffle');

const TWO_32 = 0x1_0000_0000;

/** The stream of u32 words of one seed. */
export class ShuffleStream {
  private block: Uint8Array = new Uint8Array(0);
  private pos = 0;
  private counter = 0n;

  constructor(private readonly seed: Uint8Array) {}

  /** Next big-endian u32 of the stream. */
  nextU32(): number {
    if (this.pos >= this.block.length) {
      this.block = hash(this.seed, u64be(this.counter++));
      this.pos = 0;
    }
    const b = this.block;
    const p = this.pos;
    this.pos += 4;
    return ((b[p]! << 24) | (b[p + 1]! << 16) | (b[p + 2]! << 8) | b[p + 3]!) >>> 0;
  }

  /** Uniform integer in [0, m), 1 ≤ m ≤ 2^32, by rejection sampling. */
  uniform(m: number): number {
    const limit = TWO_32 - (TWO_32 % m);
    for (;;) {
      const x = this.nextU32();
      if (x < limit) return x % m;
    }
  }
}

/** The seed of one role's shuffle. */
export function shuffleSeed(
  beacon: Uint8Array,
  runtimeId: Uint8Array,
  kind: number,
  role: number,
): Uint8Array {
  return hash(concatBytes(SHUFFLE_DOMAIN, beacon, runtimeId, Uint8Array.of(kind & 0xff, role & 0xff)));
}

/** `items` sorted by `id`, then shuffled by the stream of `seed` (a new array). */
export function keyedShuffle<T>(items: readonly T[], id: (t: T) => Uint8Array, seed: Uint8Array): T[] {
  const out = [...items].sort((a, b) => compareBytes(id(a), id(b)));
  const s = new ShuffleStream(seed);
  for (let i = out.length - 1; i > 0; i--) {
    const j = s.uniform(i + 1);
    const t = out[i]!;
    out[i] = out[j]!;
    out[j] = t;
  }
  return out;
}
