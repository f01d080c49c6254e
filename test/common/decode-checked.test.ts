// The strict decoders read plain canonical values directly (no generic decode) and still hand
// everything else to the generic decoder: the same values either way, and non-canonical or
// hostile input is refused exactly as before (decodeChecked leaves the canonical check to its
// caller; decodeCanonical and schema decoding make it).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decode as cborgDecode } from 'cborg';
import {
  bytes,
  CborError,
  decodeCanonical,
  decodeChecked,
  decodeWith,
  encodeCanonical,
  struct,
  u64,
} from '../../src/common/index.js';

const values: unknown[] = [
  0,
  2n ** 53n + 1n,
  -5,
  2n ** 64n - 1n,
  'text',
  new Uint8Array([1, 2, 3]),
  [1, [2, [3]], { a: null, bb: true, c: false }],
  { fee: { gas: 100000, amount: new Uint8Array([10]) }, body: { to: new Uint8Array(21) }, nonce: 7 },
];

test('decodeChecked: canonical values read directly equal the generic decoder, and are fresh copies', () => {
  for (const v of values) {
    const b = encodeCanonical(v);
    assert.deepEqual(decodeChecked(b), cborgDecode(b, { useMaps: false }));
    assert.deepEqual(decodeCanonical(b), decodeChecked(b));
  }
  const b = encodeCanonical({ x: new Uint8Array([9]) });
  const got = decodeChecked(b) as { x: Uint8Array };
  assert.notEqual(got.x.buffer, b.buffer, 'no view pins the input');
});

test('decodeChecked: non-canonical input is decoded generically, then refused by the canonical decoders', () => {
  const unsorted = new Uint8Array([0xa2, 0x62, 0x62, 0x62, 0x01, 0x61, 0x61, 0x02]); // {"bb":1,"a":2}
  const longInt = new Uint8Array([0x18, 0x05]); // 5 in two bytes
  assert.deepEqual(decodeChecked(unsorted), { bb: 1, a: 2 });
  assert.throws(
    () => decodeCanonical(unsorted),
    (e: unknown) => e instanceof CborError && e.code === CborError.NON_CANONICAL,
  );
  assert.throws(
    () => decodeCanonical(longInt),
    (e: unknown) => e instanceof CborError,
    'non-minimal',
  );
  const codec = struct({ a: u64, bb: u64 }, 'T');
  assert.throws(
    () => decodeWith(codec, unsorted),
    (e: unknown) => e instanceof CborError && e.code === CborError.NON_CANONICAL,
  );
});

test('decodeChecked: hostile input (truncated, trailing, oversized, duplicate keys) is refused with a coded error', () => {
  const ok = encodeCanonical({ a: new Uint8Array(40) });
  const dup = new Uint8Array([0xa2, 0x61, 0x61, 0x01, 0x61, 0x61, 0x02]);
  for (const b of [ok.subarray(0, ok.length - 1), new Uint8Array([...ok, 0]), dup, new Uint8Array(0)]) {
    assert.throws(
      () => decodeChecked(b),
      (e: unknown) => e instanceof CborError,
      `${Buffer.from(b).toString('hex')}`,
    );
  }
  assert.throws(
    () => decodeChecked(ok, { maxSize: 10 }),
    (e: unknown) => e instanceof CborError,
  );
  assert.throws(
    () => decodeWith(struct({ a: bytes({ max: 8 }) }, 'S'), ok),
    (e: unknown) => e instanceof CborError,
  );
});
