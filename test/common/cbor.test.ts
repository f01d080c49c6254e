// Canonical CBOR: encoding order and forms, and every rejection of the strict decoder.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  CborError,
  decodeCanonical,
  encodeCanonical,
  fromHex,
  hash,
  readU64be,
  toHex,
} from '../../src/common/index.js';
import { readVectors } from '../helpers/paths.js';

function rejects(hex: string, code: number, opts = {}) {
  const before = hex;
  assert.throws(
    () => decodeCanonical(fromHex(hex), opts),
    (e: unknown) => e instanceof CborError && e.code === code,
    `expected CborError code ${code} for ${hex}`,
  );
  assert.equal(hex, before);
}

test('§10 encode: map keys sorted by encoded length, then bytewise', () => {
  assert.equal(toHex(encodeCanonical({ b: 1, aa: 2, a: 3 })), 'a361610361620162616102');
});

test('§10 encode: shortest integers, byte strings, bigints, null, undefined properties omitted', () => {
  assert.equal(toHex(encodeCanonical(23)), '17');
  assert.equal(toHex(encodeCanonical(24)), '1818');
  assert.equal(toHex(encodeCanonical(256)), '190100');
  assert.equal(toHex(encodeCanonical(-1)), '20');
  assert.equal(toHex(encodeCanonical(0xffffffffffffffffn)), '1bffffffffffffffff');
  assert.equal(toHex(encodeCanonical(new Uint8Array([1, 2]))), '420102');
  assert.equal(toHex(encodeCanonical({ a: undefined, b: null })), 'a16162f6');
});

test('§10 encode: floats and unsafe numbers are refused', () => {
  assert.throws(
    () => encodeCanonical(1.5),
    (e: unknown) => e instanceof CborError && e.code === CborError.FLOAT_NOT_ALLOWED,
  );
  assert.throws(() => encodeCanonical({ x: 2 ** 60 }), CborError);
  assert.throws(() => encodeCanonical(Number.NaN), CborError);
});

test('decode: round trip of a nested canonical value', () => {
  const v = {
    amount: new Uint8Array([1, 0]),
    list: [1, 2, { k: 'v' }],
    n: 0xffffffffffffffffn,
    ok: true,
    z: null,
  };
  assert.deepEqual(decodeCanonical(encodeCanonical(v)), v);
});

test('decode rejects non-minimal integers', () => {
  rejects('1817', CborError.NON_MINIMAL_INTEGER); // 23 in two bytes
  rejects('190017', CborError.NON_MINIMAL_INTEGER);
  rejects('1a0000ffff', CborError.NON_MINIMAL_INTEGER);
  rejects('1b00000000ffffffff', CborError.NON_MINIMAL_INTEGER);
  rejects('5801aa', CborError.NON_MINIMAL_INTEGER); // 1-byte string with a long length
});

test('decode rejects unsorted map keys', () => {
  // {"b":1,"a":2}: same length, wrong bytewise order.
  rejects('a2616201616102', CborError.NON_CANONICAL);
  // {"aa":1,"b":2}: longer key first.
  rejects('a262616101616202', CborError.NON_CANONICAL);
});

test('decode rejects duplicate keys', () => {
  rejects('a2616101616102', CborError.DUPLICATE_KEY);
});

test('decode rejects indefinite lengths', () => {
  rejects('9f01ff', CborError.INDEFINITE_LENGTH);
  rejects('5f4101ff', CborError.INDEFINITE_LENGTH);
  rejects('bf616101ff', CborError.INDEFINITE_LENGTH);
});

test('decode rejects trailing bytes, truncation and empty input', () => {
  rejects('0100', CborError.TRAILING_BYTES);
  rejects('8201', CborError.TRUNCATED);
  rejects('43aabb', CborError.TRUNCATED);
  rejects('', CborError.TRUNCATED);
});

test('decode rejects tags, floats, undefined and simple values', () => {
  rejects('c11a514b67b0', CborError.TAG_NOT_ALLOWED);
  rejects('f93c00', CborError.FLOAT_NOT_ALLOWED);
  rejects('fb3ff8000000000000', CborError.FLOAT_NOT_ALLOWED);
  rejects('f7', CborError.UNSUPPORTED_VALUE);
  rejects('f0', CborError.UNSUPPORTED_VALUE);
});

test('decode enforces size, depth and item limits before building anything', () => {
  rejects('4401020304', CborError.TOO_LARGE, { maxSize: 4 });
  rejects('818181818101', CborError.TOO_DEEP, { maxDepth: 4 });
  assert.deepEqual(decodeCanonical(fromHex('818181818101'), { maxDepth: 5 }), [[[[[1]]]]]);
  rejects('8401020304', CborError.TOO_MANY_ITEMS, { maxItems: 4 });
  // A byte string claiming 2^63 bytes and an array claiming 2^32 items: refused without allocation.
  rejects('5b7fffffffffffffff00', CborError.TRUNCATED);
  rejects('9b0000000100000000', CborError.TRUNCATED);
});

test('decode rejects invalid UTF-8 in text strings', () => {
  assert.throws(() => decodeCanonical(fromHex('62c328')), CborError);
});

interface StructHash {
  name: string;
  cbor_hex: string;
  expected_sha512_256_hex: string;
}

test('oasis-formats cbor_struct_hashes: each encoding is canonical and hashes as expected', () => {
  const v = readVectors<{ cbor_struct_hashes: StructHash[] }>('oasis-formats.json');
  assert.ok(v.cbor_struct_hashes.length >= 6);
  for (const c of v.cbor_struct_hashes) {
    const raw = fromHex(c.cbor_hex);
    const value = decodeCanonical(raw);
    assert.equal(toHex(encodeCanonical(value)), c.cbor_hex, c.name);
    assert.equal(toHex(hash(encodeCanonical(value))), c.expected_sha512_256_hex, c.name);
  }
});

test('readU64be reads the full range', () => {
  assert.equal(readU64be(fromHex('ffffffffffffffff')), 0xffffffffffffffffn);
});
