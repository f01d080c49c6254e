/**
 * The SHA-512 WebAssembly module of `sha512-wasm.ts`, written instruction by instruction. It
 * exports its memory and `hash(blocks)`, which copies the IV into the state, compresses `blocks`
 * 128-byte blocks from the message area and stores the first four state words, big-endian, at the
 * output. The caller puts the round constants and the IV into memory.
 *
 * Per block, the message schedule is computed two words at a time in SIMD (i64x2) and stored as
 * W[t] + K[t], so the rounds read one word per round from memory and keep only the eight working
 * variables in registers (V8 has about 12 for them on x64; the scalar module kept the 16 schedule
 * words in locals too, and a quarter of its instructions were spills). The schedule is interleaved
 * with the rounds, so the processor runs the two side by side.
 */
import {
  ADD,
  ADD32,
  AND,
  brIf,
  type Code,
  get,
  I32,
  I64,
  i32c,
  i64c,
  instantiate,
  load64,
  load128,
  loop,
  moduleBytes,
  NE32,
  ROTR,
  SUB32,
  SWIZZLE,
  set,
  shuffle,
  store64,
  store128,
  tee,
  V_ADD64,
  V_SHL64,
  V_SHRU64,
  V_XOR,
  V128,
  v128c,
  XOR,
} from './wasm-encode.js';

/** Where the module keeps its tables (byte offsets in its one memory page, 16-byte aligned). */
export interface ShaLayout {
  /** The 80 round constants. */
  K: number;
  /** W[t] + K[t] for the block in progress (80 words). */
  WK: number;
  /** The eight state words. */
  H: number;
  /** The digest (32 bytes). */
  OUT: number;
  /** The initial state. */
  IV: number;
  /** The message blocks. */
  MSG: number;
}

/** Exports of an instance of this module. */
export interface ShaExports {
  mem: { buffer: ArrayBuffer };
  hash: (blocks: number) => void;
}

// Locals: 0 blocks (param); 1 p (block address); 2..9 the working variables; 10 t1; 11 x;
// 12, 13 a ^ b of the last two rounds; 14..21 the schedule ring, W[2j], W[2j+1] in 14 + (j mod 8).
const [P, A, T1, X, AB, RING] = [1, 2, 10, 11, 12, 14];
const ring = (j: number) => RING + (j & 7);

/**
 * Byte-reverse each 64-bit lane (message words and the digest are big-endian). A swizzle by a
 * constant compiles to one pshufb with the mask kept in a register; the equivalent shuffle
 * compiles to seven instructions.
 */
const BSWAP = [...v128c([7, 6, 5, 4, 3, 2, 1, 0, 15, 14, 13, 12, 11, 10, 9, 8]), ...SWIZZLE];
/** Rotate each 64-bit lane right by 8 bits (a byte move: one pshufb instead of two shifts and an xor). */
const ROTR8 = [...v128c([1, 2, 3, 4, 5, 6, 7, 0, 9, 10, 11, 12, 13, 14, 15, 8]), ...SWIZZLE];
/** Bytes 8..23 of two vectors: the upper lane of the first, the lower of the second (one palignr). */
const STRADDLE = shuffle([8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23]);

/**
 * Lane-wise rotr(x, r1) ^ rotr(x, r2) ^ (x >> s) of the v128 local `i`. WebAssembly has no vector
 * rotation: each is a right and a left shift, except a rotation by 8.
 */
function vsigma(i: number, r1: number, r2: number, s: number): Code {
  const sh = (op: Code, n: number) => [...get(i), ...i32c(n), ...op];
  const rot = (r: number, first: boolean): Code =>
    r === 8
      ? [...get(i), ...ROTR8, ...(first ? [] : V_XOR)]
      : [...sh(V_SHRU64, r), ...(first ? [] : V_XOR), ...sh(V_SHL64, 64 - r), ...V_XOR];
  return [...rot(r1, true), ...rot(r2, false), ...sh(V_SHRU64, s), ...V_XOR];
}

/**
 * W[2j], W[2j+1] = σ1(W[t−2]) + W[t−7] + σ0(W[t−15]) + W[t−16] (t = 2j) into the ring, and
 * W + K of the pair into memory. The straddling pair W[t−15], W[t−14] goes through the ring slot
 * about to be overwritten (its W[t−16] is read first).
 */
function schedulePair(L: ShaLayout, j: number): Code {
  const [w16, w14, w8, w6, w2] = [ring(j - 8), ring(j - 7), ring(j - 4), ring(j - 3), ring(j - 1)];
  return [
    ...[...get(w16), ...get(w16), ...get(w14), ...STRADDLE, ...set(w16)],
    ...[...vsigma(w16, 1, 8, 7), ...V_ADD64],
    ...[...get(w8), ...get(w6), ...STRADDLE, ...V_ADD64],
    ...[...vsigma(w2, 19, 61, 6), ...V_ADD64, ...set(ring(j))],
    ...[...i32c(0), ...get(ring(j)), ...i32c(0), ...load128(L.K + 16 * j), ...V_ADD64],
    ...store128(L.WK + 16 * j),
  ];
}

/** The first 16 words, byte-swapped, into the ring, and W + K into memory. */
function messagePairs(L: ShaLayout): Code {
  const c: Code = [];
  for (let j = 0; j < 8; j++) {
    c.push(...get(P), ...load128(16 * j), ...BSWAP, ...set(ring(j)));
    c.push(...i32c(0), ...get(ring(j)), ...i32c(0), ...load128(L.K + 16 * j), ...V_ADD64);
    c.push(...store128(L.WK + 16 * j));
  }
  return c;
}

/**
 * Scalar rotr(x, r1) ^ rotr(x, r2) ^ rotr(x, r3) of local `i`, as rotr(x ^ rotr(x ^ rotr(x, r3 − r2),
 * r2 − r1), r1): one copy of x instead of three (x86 rotations overwrite their operand).
 */
function sigma(i: number, r1: number, r2: number, r3: number): Code {
  const rot = (r: number): Code => [...i64c(BigInt(r)), ...ROTR];
  return [...get(i), ...get(i), ...rot(r3 - r2), ...XOR, ...rot(r2 - r1), ...get(i), ...XOR, ...rot(r1)];
}

/** Round t: the working variables renamed rather than moved (role k of round t in A + (k − t) mod 8). */
function round(L: ShaLayout, t: number): Code {
  const [a, b, d, e, f, g, h] = [0, 1, 3, 4, 5, 6, 7].map((r) => A + ((r - t + 80) & 7)) as [
    number,
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  // Maj(a,b,c) = b ^ ((a ^ b) & (b ^ c)), and b ^ c is the last round's a ^ b.
  const [ab, lastAb] = [AB + (t & 1), AB + ((t + 1) & 1)];
  return [
    // t1 = h + (W[t] + K[t]) + Ch(e,f,g) + Σ1(e), Ch = g ^ (e & (f ^ g))
    ...[...get(h), ...i32c(0), ...load64(L.WK + 8 * t), ...ADD],
    ...[...get(g), ...get(e), ...get(f), ...get(g), ...XOR, ...AND, ...XOR, ...ADD],
    ...[...sigma(e, 14, 18, 41), ...ADD, ...set(T1)],
    // x = Σ0(a) + Maj(a,b,c)
    ...[...sigma(a, 28, 34, 39), ...get(b), ...get(a), ...get(b), ...XOR, ...tee(ab)],
    ...[...get(lastAb), ...AND, ...XOR, ...ADD, ...set(X)],
    // d += t1 (the next round's e); h = t1 + x (the next round's a)
    ...[...get(d), ...get(T1), ...ADD, ...set(d), ...get(T1), ...get(X), ...ADD, ...set(h)],
  ];
}

/** The body of `hash(blocks)`. */
function body(L: ShaLayout): Code {
  const c: Code = [];
  for (let i = 0; i < 4; i++)
    c.push(...i32c(0), ...i32c(0), ...load128(L.IV + 16 * i), ...store128(L.H + 16 * i));
  c.push(...i32c(L.MSG), ...set(P));
  const block: Code = [...messagePairs(L)];
  for (let i = 0; i < 8; i++) block.push(...i32c(0), ...load64(L.H + 8 * i), ...set(A + i));
  block.push(...get(A + 1), ...get(A + 2), ...XOR, ...set(AB + 1)); // b ^ c for round 0's Maj
  for (let t = 0; t < 80; t++) {
    // The pair for rounds t + 16, t + 17 is computed here, interleaved with the rounds: computed
    // all first, the schedule made the block slower than the scalar module's (measured).
    if ((t & 1) === 0 && t < 64) block.push(...schedulePair(L, (t + 16) >> 1));
    block.push(...round(L, t));
  }
  for (let i = 0; i < 8; i++)
    block.push(
      ...i32c(0),
      ...i32c(0),
      ...load64(L.H + 8 * i),
      ...get(A + i),
      ...ADD,
      ...store64(L.H + 8 * i),
    );
  block.push(...get(P), ...i32c(128), ...ADD32, ...set(P));
  block.push(...get(0), ...i32c(1), ...SUB32, ...tee(0), ...i32c(0), ...NE32, ...brIf(0));
  c.push(...loop(block));
  for (let i = 0; i < 2; i++)
    c.push(...i32c(0), ...i32c(0), ...load128(L.H + 16 * i), ...BSWAP, ...store128(L.OUT + 16 * i));
  return c;
}

/**
 * An instance of the module for the layout `L`; undefined without WebAssembly. Throws where the
 * engine cannot compile it (no SIMD).
 */
export function shaInstance(L: ShaLayout): ShaExports | undefined {
  const locals = [
    [1, I32],
    [12, I64],
    [8, V128],
  ] as const;
  return instantiate(moduleBytes('hash', locals, body(L))) as ShaExports | undefined;
}
