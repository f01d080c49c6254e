/**
 * SHA-512/256 of short messages in a small WebAssembly module built here at load time.
 * node:crypto's one-shot hash costs a few microseconds per call whatever the size (algorithm
 * look-up, a fresh digest context, argument checks), which dominates for the ~100-byte preimages
 * of MKVS nodes, of which a commit hashes ~20 per transfer. WebAssembly has native 64-bit
 * rotations and two-lane 64-bit SIMD for the message schedule (`sha512-module.ts`), so one
 * SHA-512 block costs about 0.2 µs plus a cheap call.
 * The round constants and the SHA-512/256 initial value are derived here as FIPS 180-4 defines
 * them (cube and square roots of the first primes; the SHA-512/t IV generation function), and
 * the tests compare every digest with node:crypto.
 */
import { hash as oneShot } from 'node:crypto';
import { CommonError } from './errors.js';
import { type ShaExports, type ShaLayout, shaInstance } from './sha512-module.js';

/**
 * Longest message hashed here (four blocks); longer ones go to node:crypto. Measured per call
 * with the copies `hashBytes` makes (best of 3 × 200,000, 2026-12-02 13:15 UTC, after the rounds
 * were unrolled): 100 bytes 0.32 µs here against 1.00 through node:crypto, 239 bytes 0.54
 * against 1.11, 367 bytes 0.75 against 1.24, 495 bytes 0.96 against 1.37; at 1,007 bytes the
 * two are even (1.81 against 1.94). A signed transaction (~250 bytes) now hashes here. (The
 * block function has since become ~1.25× faster: `npm run bench -- sha512`.)
 */
export const WASM_HASH_MAX = 4 * 128 - 17;
const MAX_BLOCKS = 4;

/** Memory layout (bytes): round constants, W + K, state, output, IV, message. */
/** Where the module keeps its tables (byte offsets in its memory). */
export const SHA_LAYOUT: ShaLayout = { K: 0, WK: 640, H: 1280, OUT: 1344, IV: 1408, MSG: 2048 };

/** The first `n` primes. */
function primes(n: number): bigint[] {
  const out: bigint[] = [];
  for (let c = 2; out.length < n; c++) if (out.every((p) => c % Number(p) !== 0)) out.push(BigInt(c));
  return out;
}

/** ⌊x^(1/k)⌋ for a non-negative bigint (Newton's method from above). */
function iroot(x: bigint, k: bigint): bigint {
  if (x < 2n) return x;
  let r = 1n << (BigInt(x.toString(2).length) / k + 1n);
  for (;;) {
    const next = ((k - 1n) * r + x / r ** (k - 1n)) / k;
    if (next >= r) return r;
    r = next;
  }
}

const MASK = (1n << 64n) - 1n;
/** The first 64 fractional bits of the k-th root of each prime. */
const fracRoots = (ps: bigint[], k: bigint) => ps.map((p) => iroot(p << (64n * k), k) & MASK);

const ps = primes(80);

/** The 80 SHA-512 round constants (FIPS 180-4 §4.2.3). */
export const SHA512_K: readonly bigint[] = fracRoots(ps, 3n);

/** A digest function over the module's memory. */
type Digest = (data: Uint8Array) => Uint8Array;

/**
 * Hashing of a message written in place into the module's memory, for callers that assemble
 * preimages themselves (MKVS node hashing): no copy in, no array out.
 */
export interface InPlaceHasher {
  /** The message area: write the message's first {@link WASM_HASH_MAX} bytes at most here. */
  readonly msg: Uint8Array;
  /** The digest of the last {@link run} (32 bytes, overwritten by the next run). */
  readonly out: Uint8Array;
  /** Pad and hash `msg[0, len)`, `len` ≤ {@link WASM_HASH_MAX}. */
  run(len: number): void;
  /**
   * Hash the first `blocks` 128-byte blocks (1 to 4) of the message area as they are, the caller
   * having written the padding (for fixed-length preimages, whose padding is a few constant words).
   */
  compress(blocks: number): void;
}

/**
 * The in-place hasher over an instance of a SHA-512 module: loads its tables (little-endian, as
 * WebAssembly reads memory, whatever the host's byte order), derives the SHA-512/256 IV with it
 * and checks it against node:crypto; undefined when the check fails. Exported for the benchmark,
 * which runs the previous module through the same wrapper.
 */
export function hasherOver(ex: ShaExports, L: Omit<ShaLayout, 'WK'>): InPlaceHasher | undefined {
  const { K, H, OUT, IV, MSG } = L;
  const u8 = new Uint8Array(ex.mem.buffer);
  const dv = new DataView(ex.mem.buffer);
  const put = (off: number, words: readonly bigint[]): void => {
    for (let i = 0; i < words.length; i++) dv.setBigUint64(off + 8 * i, words[i]!, true);
  };
  /** Pad the message already in the message area and run the compression over it. */
  const run = (len: number): void => {
    if (!(len >= 0 && len <= WASM_HASH_MAX && (len | 0) === len))
      throw new CommonError(CommonError.INVALID_LENGTH, 'message too long for the in-place hasher', { len });
    const blocks = (len + 17 + 127) >>> 7;
    const end = MSG + blocks * 128;
    u8[MSG + len] = 0x80;
    u8.fill(0, MSG + len + 1, end - 4);
    const bits = len * 8;
    u8[end - 4] = bits >>> 24;
    u8[end - 3] = (bits >>> 16) & 0xff;
    u8[end - 2] = (bits >>> 8) & 0xff;
    u8[end - 1] = bits & 0xff;
    ex.hash(blocks);
  };
  put(K, SHA512_K);
  // SHA-512/t: the SHA-512 IV xor a5…a5 hashes the name "SHA-512/256"; that state is the IV.
  put(
    IV,
    fracRoots(ps.slice(0, 8), 2n).map((v) => v ^ 0xa5a5a5a5a5a5a5a5n),
  );
  const name = Uint8Array.from('SHA-512/256', (c) => c.charCodeAt(0));
  u8.set(name, MSG);
  run(name.length);
  put(
    IV,
    Array.from({ length: 8 }, (_, i) => dv.getBigUint64(H + 8 * i, true)),
  );
  const hasher: InPlaceHasher = {
    msg: u8.subarray(MSG, MSG + WASM_HASH_MAX),
    out: u8.subarray(OUT, OUT + 32),
    run,
    compress: (blocks) => {
      // The module's loop counts down to zero: 0 would run on until it left memory.
      if (!(blocks >= 1 && blocks <= MAX_BLOCKS && (blocks | 0) === blocks))
        throw new CommonError(CommonError.INVALID_LENGTH, 'compress takes 1 to 4 blocks', { blocks });
      ex.hash(blocks);
    },
  };
  return agreesWithNode(digestOf(hasher)) ? hasher : undefined;
}

/**
 * The hasher over this module's instance; undefined where WebAssembly or its SIMD is missing
 * (`node --jitless`, a CPU without SSE4.1) or the check fails, and node:crypto then hashes everything.
 */
function build(): InPlaceHasher | undefined {
  let ex: ShaExports | undefined;
  try {
    ex = shaInstance(SHA_LAYOUT);
  } catch {
    return undefined;
  }
  return ex === undefined ? undefined : hasherOver(ex, SHA_LAYOUT);
}

/** A copying digest over an in-place hasher. */
function digestOf(h: InPlaceHasher): Digest {
  const { msg, out: o, run } = h;
  return (data) => {
    msg.set(data);
    run(data.length);
    const out = new Uint8Array(32);
    for (let i = 0; i < 32; i++) out[i] = o[i]!;
    return out;
  };
}

/** The digest equals node:crypto's on padding edges and the length limit. */
function agreesWithNode(d: Digest): boolean {
  return [0, 1, 55, 111, 112, 127, 128, 200, WASM_HASH_MAX].every((len) => {
    const b = Uint8Array.from({ length: len }, (_, i) => (i * 131 + len) & 0xff);
    return Buffer.from(d(b)).toString('hex') === oneShot('sha512-256', b, 'hex');
  });
}

/** The WebAssembly in-place hasher, or undefined when unavailable (see {@link build}). */
export const inPlaceHasher: InPlaceHasher | undefined = build();

/** The WebAssembly digest, or undefined when unavailable (see {@link build}). */
export const smallHasher: Digest | undefined =
  inPlaceHasher === undefined ? undefined : digestOf(inPlaceHasher);

/**
 * SHA-512/256 of `data` (at most {@link WASM_HASH_MAX} bytes) as a fresh 32-byte array, in
 * WebAssembly where available. The result is a plain on-heap array, like the digests of `hashBytes`.
 */
export function sha512_256Small(data: Uint8Array): Uint8Array {
  if (data.length > WASM_HASH_MAX)
    throw new CommonError(CommonError.INVALID_LENGTH, 'message too long for sha512_256Small');
  if (smallHasher !== undefined) return smallHasher(data);
  return new Uint8Array(oneShot('sha512-256', data, 'buffer'));
}
