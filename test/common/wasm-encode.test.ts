// The hand-written WebAssembly encoder: constants, SIMD instructions and module assembly do what
// the SHA-512 module relies on.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  type Code,
  get,
  I64,
  i32c,
  i64c,
  instantiate,
  load128,
  moduleBytes,
  ROTR,
  SWIZZLE,
  set,
  shuffle,
  store64,
  store128,
  V_ADD64,
  V_SHL64,
  V_SHRU64,
  v128c,
} from '../../src/common/wasm-encode.js';

type Exports = { mem: { buffer: ArrayBuffer }; run: (n: number) => void };

/** Instantiate a module whose exported `run(n)` executes `body`, and call it with `n`. */
function runBody(body: Code, n = 0, locals: ReadonlyArray<readonly [number, number]> = []): DataView {
  const ex = instantiate(moduleBytes('run', locals, body)) as unknown as Exports;
  ex.run(n);
  return new DataView(ex.mem.buffer);
}

test('i64 constants encode as signed LEB128 at every width and sign edge', () => {
  const values = [0n, 1n, 63n, 64n, -64n, -65n, 127n, 128n, 0x7fffffffffffffffn, -(1n << 63n)];
  const more = [0xffffffffffffffffn, 0x8000000000000000n, 0x0123456789abcdefn, 0xfedcba9876543210n];
  const all = [...values, ...more];
  const body = all.flatMap((v, i) => [...i32c(0), ...i64c(v), ...store64(8 * i)]);
  const dv = runBody(body);
  all.forEach((v, i) => {
    assert.equal(dv.getBigUint64(8 * i, true), BigInt.asUintN(64, v), `constant ${v}`);
  });
});

test('the parameter and declared locals are addressed as numbered; i64.rotr rotates', () => {
  // local 1 (i64) = rotr(0x0123456789abcdef, n) with n the parameter, widened.
  const body = [
    ...[...i64c(0x0123456789abcdefn), ...get(0), 0xad /* i64.extend_i32_u */, ...ROTR, ...set(1)],
    ...[...i32c(0), ...get(1), ...store64(0)],
  ];
  const dv = runBody(body, 12, [[1, I64]]);
  const x = 0x0123456789abcdefn;
  assert.equal(dv.getBigUint64(0, true), ((x >> 12n) | (x << 52n)) & ((1n << 64n) - 1n));
});

test('SIMD: 16-byte loads and stores, lane shifts and adds, shuffle and swizzle byte picks', () => {
  const seq = Array.from({ length: 16 }, (_, i) => i + 1);
  const body = [
    ...[...i32c(0), ...v128c(seq), ...store128(0)],
    // shuffle: bytes 8..23 of (mem[0..16), mem[0..16) + 0x10 per byte) — a straddling pair
    ...[
      ...i32c(16),
      ...i32c(0),
      ...load128(0),
      ...v128c(seq.map((b) => b + 0x10)),
      ...shuffle(seq.map((i) => i + 7)),
    ],
    ...store128(0),
    // swizzle: per-lane byte reversal; an index ≥ 16 gives a zero byte
    ...[
      ...i32c(32),
      ...i32c(0),
      ...load128(0),
      ...v128c([7, 6, 5, 4, 3, 2, 1, 0, 15, 14, 13, 12, 11, 10, 9, 99]),
    ],
    ...[...SWIZZLE, ...store128(0)],
    // (x << 4) + (x >> 60) per lane: a rotation left by 4 built from shifts
    ...[...i32c(48), ...i32c(0), ...load128(0), ...i32c(4), ...V_SHL64],
    ...[...i32c(0), ...load128(0), ...i32c(60), ...V_SHRU64, ...V_ADD64, ...store128(0)],
  ];
  const dv = runBody(body);
  const bytesAt = (off: number) => Array.from({ length: 16 }, (_, i) => dv.getUint8(off + i));
  assert.deepEqual(
    bytesAt(16),
    [9, 10, 11, 12, 13, 14, 15, 16, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17, 0x18],
  );
  assert.deepEqual(bytesAt(32), [8, 7, 6, 5, 4, 3, 2, 1, 16, 15, 14, 13, 12, 11, 10, 0]);
  const rotl4 = (x: bigint) => ((x << 4n) | (x >> 60n)) & ((1n << 64n) - 1n);
  assert.equal(dv.getBigUint64(48, true), rotl4(dv.getBigUint64(0, true)));
  assert.equal(dv.getBigUint64(56, true), rotl4(dv.getBigUint64(8, true)));
});

test('a malformed body is refused at compilation, not run', () => {
  // An i64 add with nothing on the stack does not validate.
  assert.throws(
    () => instantiate(moduleBytes('run', [], [0x7c])),
    (e: unknown) => e instanceof Error,
  );
});
