// Quantities: minimal big-endian bytes of non-negative bigints, the direct paths against a plain
// hex reference at every length and around the six-byte chunk edges.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CommonError, MAX_QUANTITY, quantityFromBytes, quantityToBytes } from '../../src/common/index.js';

/** The reference: hex in both directions. */
function refToBytes(v: bigint): Uint8Array {
  if (v === 0n) return new Uint8Array(0);
  const hex = v.toString(16);
  return new Uint8Array(Buffer.from(hex.length % 2 ? `0${hex}` : hex, 'hex'));
}

function values(): bigint[] {
  const out = [0n, 1n, 255n, 256n, MAX_QUANTITY, MAX_QUANTITY - 1n];
  for (let bits = 1n; bits <= 256n; bits++) out.push((1n << bits) - 1n, 1n << (bits - 1n), (1n << bits) / 3n);
  let x = 0x9e3779b97f4a7c15n;
  for (let i = 0; i < 500; i++) {
    x = (x * 6364136223846793005n + 1442695040888963407n) & MAX_QUANTITY;
    out.push(x >> BigInt(i % 256));
  }
  return out;
}

test('quantityToBytes and quantityFromBytes agree with the hex reference for every bit length', () => {
  for (const v of values()) {
    const b = quantityToBytes(v);
    assert.deepEqual(b, refToBytes(v), `encode ${v}`);
    assert.equal(quantityFromBytes(b), v, `decode ${v}`);
    const view = new Uint8Array(b.length + 3);
    view.set(b, 3);
    assert.equal(quantityFromBytes(view.subarray(3)), v, 'a view with an offset');
  }
  assert.equal(quantityFromBytes(Uint8Array.of(1, 0, 0, 0, 0, 0, 0)), 1n << 48n);
  assert.equal(quantityFromBytes(new Uint8Array(32).fill(0xff)), MAX_QUANTITY);
});

test('quantityFromBytes refuses a leading zero and more than 32 bytes; quantityToBytes refuses out of range', () => {
  const is = (code: number) => (e: unknown) => e instanceof CommonError && e.code === code;
  assert.throws(() => quantityFromBytes(Uint8Array.of(0, 1)), is(CommonError.INVALID_ARGUMENT));
  assert.throws(() => quantityFromBytes(Uint8Array.of(0)), is(CommonError.INVALID_ARGUMENT));
  assert.throws(() => quantityFromBytes(new Uint8Array(33).fill(1)), is(CommonError.INVALID_LENGTH));
  assert.throws(() => quantityToBytes(-1n), is(CommonError.INVALID_ARGUMENT));
  assert.throws(() => quantityToBytes(MAX_QUANTITY + 1n), is(CommonError.INVALID_ARGUMENT));
  assert.throws(() => quantityToBytes(5 as unknown as bigint), is(CommonError.INVALID_ARGUMENT));
  assert.deepEqual(quantityFromBytes(new Uint8Array(0)), 0n);
});
