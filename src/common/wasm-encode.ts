/**
 * Just enough of the WebAssembly binary format to write a one-function module by hand: LEB128,
 * the scalar and SIMD (v128) instructions the SHA-512 module uses, sections and instantiation.
 * No toolchain is needed, and the bytes are built at load time.
 */

/** A run of code bytes. */
export type Code = number[];

/** What is used of the WebAssembly JS API (the project's type libraries do not declare it). */
interface WasmApi {
  Module: new (bytes: Uint8Array) => WasmModule;
  Instance: new (m: WasmModule, imports: object) => { exports: Record<string, unknown> };
}
// A compiled module (opaque here).
type WasmModule = { readonly __wasmModule?: never };
const wasm = (globalThis as unknown as { WebAssembly?: WasmApi }).WebAssembly;

/** Unsigned LEB128. */
export function uleb(n: number): Code {
  const out: Code = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n !== 0) b |= 0x80;
    out.push(b);
  } while (n !== 0);
  return out;
}

/** Signed LEB128 of a 64-bit value. */
export function sleb(v: bigint): Code {
  const out: Code = [];
  for (;;) {
    const b = Number(v & 0x7fn);
    v >>= 7n;
    if ((v === 0n && (b & 0x40) === 0) || (v === -1n && (b & 0x40) !== 0)) return [...out, b];
    out.push(b | 0x80);
  }
}

/** Value types. */
export const I32 = 0x7f;
export const I64 = 0x7e;
export const V128 = 0x7b;

// Locals and constants.
export const get = (i: number): Code => [0x20, ...uleb(i)];
export const set = (i: number): Code => [0x21, ...uleb(i)];
export const tee = (i: number): Code => [0x22, ...uleb(i)];
export const i32c = (v: number): Code => [0x41, ...sleb(BigInt(v))];
export const i64c = (v: bigint): Code => [0x42, ...sleb(BigInt.asIntN(64, v))];

// Memory: 8-byte (align 2^3) and 16-byte (align 2^4) accesses at a constant offset.
export const load64 = (off: number): Code => [0x29, 3, ...uleb(off)];
export const store64 = (off: number): Code => [0x37, 3, ...uleb(off)];
const simd = (op: number): Code => [0xfd, ...uleb(op)];
export const load128 = (off: number): Code => [...simd(0x00), 4, ...uleb(off)];
export const store128 = (off: number): Code => [...simd(0x0b), 4, ...uleb(off)];

// Scalar arithmetic.
export const ADD32: Code = [0x6a];
export const SUB32: Code = [0x6b];
export const NE32: Code = [0x47];
export const ADD: Code = [0x7c];
export const AND: Code = [0x83];
export const XOR: Code = [0x85];
export const ROTR: Code = [0x8a];

// SIMD: lane-wise 64-bit arithmetic (the shift count is an i32 on the stack) and byte shuffles.
export const V_XOR: Code = simd(0x51);
export const V_SHL64: Code = simd(0xcb);
export const V_SHRU64: Code = simd(0xcd);
export const V_ADD64: Code = simd(0xce);
/** A v128 constant of 16 bytes. */
export const v128c = (bytes: readonly number[]): Code => [...simd(0x0c), ...bytes];
/** Bytes of the first operand picked by the second (indices ≥ 16 give 0). */
export const SWIZZLE: Code = simd(0x0e);
/** Pick 16 bytes from the 32 of the two operands (0–15 the first, 16–31 the second). */
export const shuffle = (lanes: readonly number[]): Code => [...simd(0x0d), ...lanes];

// Control.
export const loop = (body: Code): Code => [0x03, 0x40, ...body, 0x0b];
export const brIf = (depth: number): Code => [0x0d, ...uleb(depth)];

const section = (id: number, content: Code): Code => [id, ...uleb(content.length), ...content];
const name = (s: string): Code => [...uleb(s.length), ...Array.from(s, (ch) => ch.charCodeAt(0))];

/**
 * The bytes of a module with one page of exported memory (`mem`) and one exported function
 * (`fn`) taking one i32 and returning nothing. `locals` lists the declared locals as
 * (count, type) pairs after the parameter.
 */
export function moduleBytes(
  fn: string,
  locals: ReadonlyArray<readonly [number, number]>,
  body: Code,
): Uint8Array {
  const decl = [...uleb(locals.length), ...locals.flatMap(([n, t]) => [...uleb(n), t])];
  const code = [...decl, ...body, 0x0b];
  return Uint8Array.from([
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
    ...section(1, [1, 0x60, 1, I32, 0]),
    ...section(3, [1, 0]),
    ...section(5, [1, 0x00, 1]),
    ...section(7, [2, ...name('mem'), 0x02, 0, ...name(fn), 0x00, 0]),
    ...section(10, [1, ...uleb(code.length), ...code]),
  ]);
}

/**
 * Compile and instantiate `bytes` (no imports) and return its exports; undefined where WebAssembly
 * is missing (`node --jitless`). Compilation throws WebAssembly's own error where an instruction
 * used is not supported (SIMD without SSE4.1).
 */
export function instantiate(bytes: Uint8Array): Record<string, unknown> | undefined {
  return wasm === undefined ? undefined : new wasm.Instance(new wasm.Module(bytes), {}).exports;
}
