/**
 * The previous SHA-512 WebAssembly module (scalar: the schedule in 16 i64 locals, the round
 * constants inlined), kept only so `bench/sha512.ts` can compare the current module with it in
 * one run. Same exports and memory use as `src/common/sha512-module.ts`, except that it reads
 * the round constants from its code rather than from memory.
 */
import { type Code, sleb, uleb } from '../src/common/wasm-encode.js';

/** Where the module keeps its tables (byte offsets in its one memory page). */
export interface ShaLayout {
  K: number;
  W: number;
  H: number;
  OUT: number;
  IV: number;
  MSG: number;
}

/** What is used of the WebAssembly JS API (the project's type libraries do not declare it). */
interface WasmApi {
  Module: new (bytes: Uint8Array) => WasmModule;
  Instance: new (m: WasmModule, imports: object) => { exports: Record<string, unknown> };
}
// A compiled module (opaque here).
type WasmModule = { readonly __wasmModule?: never };
/** Exports of an instance of this module. */
export interface ShaExports {
  mem: { buffer: ArrayBuffer };
  hash: (blocks: number) => void;
}
const wasm = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

// Opcodes used.
const get = (i: number): Code => [0x20, i];
const set = (i: number): Code => [0x21, i];
const i32c = (v: number): Code => [0x41, ...sleb(BigInt(v))];
const i64c = (v: bigint): Code => [0x42, ...sleb(BigInt.asIntN(64, v))];
const load = (off: number): Code => [0x29, 3, ...uleb(off)];
const store = (off: number): Code => [0x37, 3, ...uleb(off)];
const [ADD32, SUB32, NE32] = [[0x6a], [0x6b], [0x47]];
const [ADD, AND, OR, XOR, SHL, SHRU, ROTL, ROTR] = [
  [0x7c],
  [0x83],
  [0x84],
  [0x85],
  [0x86],
  [0x88],
  [0x89],
  [0x8a],
];
const loop = (body: Code): Code => [0x03, 0x40, ...body, 0x0b];
const brIf = (depth: number): Code => [0x0d, depth];

// Locals: 0 blocks (param), 1 t (unused), 2 p (block address), 3..10 a..h, 11 t1, 12 x,
// 13..28 the schedule ring w0..w15.
const [P, A, T1, X, W0] = [2, 3, 11, 12, 13];
const v = (i: number) => A + i;
const w = (i: number) => W0 + i;

/** Byte-swap the i64 on the stack (message words and the digest are big-endian). */
function bswap(): Code {
  const m1 = 0x00ff00ff00ff00ffn;
  const m2 = 0x0000ffff0000ffffn;
  return [
    ...set(X),
    ...[...get(X), ...i64c(m1), ...AND, ...i64c(8n), ...SHL],
    ...[...get(X), ...i64c(8n), ...SHRU, ...i64c(m1), ...AND, ...OR, ...set(X)],
    ...[...get(X), ...i64c(m2), ...AND, ...i64c(16n), ...SHL],
    ...[...get(X), ...i64c(16n), ...SHRU, ...i64c(m2), ...AND, ...OR],
    ...[...i64c(32n), ...ROTL],
  ];
}

/** rotr(x, r1) ^ rotr(x, r2) ^ (third), x from local `i`; `shr` makes the third a shift. */
function sigma(i: number, r1: number, r2: number, r3: number, shr: boolean): Code {
  const rot = (r: number) => [...get(i), ...i64c(BigInt(r)), ...ROTR];
  const third = [...get(i), ...i64c(BigInt(r3)), ...(shr ? SHRU : ROTR)];
  return [...rot(r1), ...rot(r2), ...XOR, ...third, ...XOR];
}

/** The body of `hash(blocks)`, with the round constants `k` inlined. */
function body(L: ShaLayout, k: readonly bigint[]): Code {
  const c: Code = [];
  for (let i = 0; i < 8; i++) c.push(...i32c(0), ...i32c(0), ...load(L.IV + 8 * i), ...store(L.H + 8 * i));
  c.push(...i32c(L.MSG), ...set(P));
  // The message schedule lives in 16 locals used as a ring (W[t] in w[t mod 16]), computed as the
  // rounds need it, so no word of it goes through memory.
  const schedule: Code = [];
  for (let i = 0; i < 16; i++) schedule.push(...get(P), ...load(8 * i), ...bswap(), ...set(w(i)));
  // The 80 rounds unrolled, the working variables renamed instead of moved: role k (a = 0 … h = 7)
  // of round t lives in local A + ((k − t) mod 8), so each round writes only its new a and e.
  const round: Code = [];
  for (let t = 0; t < 80; t++) {
    const [a, b, cc, d, e, f, g, h] = Array.from({ length: 8 }, (_, r) => A + ((r - t + 80) & 7));
    // W[t] = σ1(W[t−2]) + W[t−7] + σ0(W[t−15]) + W[t−16], into the ring slot W[t−16] held.
    if (t >= 16) {
      round.push(
        ...[...sigma(w((t - 2) & 15), 19, 61, 6, true), ...get(w((t - 7) & 15)), ...ADD],
        ...[...sigma(w((t - 15) & 15), 1, 8, 7, true), ...ADD, ...get(w(t & 15)), ...ADD, ...set(w(t & 15))],
      );
    }
    round.push(
      // t1 = h + Σ1(e) + Ch(e,f,g) + K[t] + W[t], Ch = g ^ (e & (f ^ g))
      ...[...get(h!), ...sigma(e!, 14, 18, 41, false), ...ADD],
      ...[...get(g!), ...get(e!), ...get(f!), ...get(g!), ...XOR, ...AND, ...XOR, ...ADD],
      ...[...i64c(k[t]!), ...ADD, ...get(w(t & 15)), ...ADD, ...set(T1)],
      // x = Σ0(a) + Maj(a,b,c), Maj = (a & b) | (c & (a | b))
      ...[...sigma(a!, 28, 34, 39, false), ...get(a!), ...get(b!), ...AND],
      ...[...get(cc!), ...get(a!), ...get(b!), ...OR, ...AND, ...OR, ...ADD, ...set(X)],
      // d += t1 (the next round's e); h = t1 + x (the next round's a)
      ...[...get(d!), ...get(T1), ...ADD, ...set(d!), ...get(T1), ...get(X), ...ADD, ...set(h!)],
    );
  }
  const block: Code = [...schedule];
  for (let i = 0; i < 8; i++) block.push(...i32c(0), ...load(L.H + 8 * i), ...set(v(i)));
  block.push(...round);
  for (let i = 0; i < 8; i++)
    block.push(...i32c(0), ...i32c(0), ...load(L.H + 8 * i), ...get(v(i)), ...ADD, ...store(L.H + 8 * i));
  block.push(...get(P), ...i32c(128), ...ADD32, ...set(P));
  block.push(...get(0), ...i32c(1), ...SUB32, ...set(0), ...get(0), ...i32c(0), ...NE32, ...brIf(0));
  c.push(...loop(block));
  for (let i = 0; i < 4; i++)
    c.push(...i32c(0), ...i32c(0), ...load(L.H + 8 * i), ...bswap(), ...store(L.OUT + 8 * i));
  return c;
}

const section = (id: number, content: Code): Code => [id, ...uleb(content.length), ...content];
const name = (s: string): Code => [...uleb(s.length), ...Array.from(s, (ch) => ch.charCodeAt(0))];

/** An instance of the module for the layout `L`. */
export function oldShaInstance(L: ShaLayout, k: readonly bigint[]): ShaExports {
  const locals = [2, 2, 0x7f, 26, 0x7e]; // two i32 (t, p), 26 i64 (a..h, t1, x, w0..w15)
  const fn = [...locals, ...body(L, k), 0x0b];
  const bytes = [
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
    ...section(1, [1, 0x60, 1, 0x7f, 0]),
    ...section(3, [1, 0]),
    ...section(5, [1, 0x00, 1]),
    ...section(7, [2, ...name('mem'), 0x02, 0, ...name('hash'), 0x00, 0]),
    ...section(10, [1, ...uleb(fn.length), ...fn]),
  ];
  const m = new wasm.Module(Uint8Array.from(bytes));
  return new wasm.Instance(m, {}).exports as unknown as ShaExports;
}
