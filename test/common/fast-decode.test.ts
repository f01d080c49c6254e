// The direct plain-value reader builds exactly what the generic strict decoder builds, and the
// strict path (with its errors) is still taken for everything non-canonical or malformed.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decode as cborgDecode, encode as cborgEncode } from 'cborg';
import {
  bytesEqual,
  CborError,
  DEFAULT_LIMITS,
  decodeCanonical,
  decodeChecked,
  encodeCanonical,
  readCanonical,
  scanCbor,
} from '../../src/common/index.js';
import { randomPlainValue } from '../helpers/cbor-values.js';
import { Rng } from '../helpers/rng.js';

const OPTS = {
  strict: true,
  allowIndefinite: false,
  allowUndefined: false,
  allowInfinity: false,
  allowNaN: false,
  rejectDuplicateMapKeys: true,
  tags: [],
};

function generic(b: Uint8Array): unknown {
  return cborgDecode(b, OPTS as never);
}

test('readCanonical: the same value as the generic decoder over varied canonical input', () => {
  const rng = new Rng(21);
  for (let i = 0; i < 1500; i++) {
    const b = encodeCanonical(randomPlainValue(rng, true));
    scanCbor(b, DEFAULT_LIMITS);
    const p = readCanonical(b);
    assert.ok(p !== undefined, 'a plain value was declined');
    assert.deepStrictEqual(p, generic(b));
    assert.deepStrictEqual(decodeCanonical(b), generic(b));
  }
});

test('readCanonical: a Buffer input gives plain byte arrays, as the generic decoder does', () => {
  const b = Buffer.from(encodeCanonical({ a: Uint8Array.of(1, 2, 3) }));
  assert.deepStrictEqual(readCanonical(b), generic(b));
  assert.deepStrictEqual(decodeCanonical(b), { a: Uint8Array.of(1, 2, 3) });
});

test('readCanonical: declines non-ASCII text, non-text keys and __proto__ (the generic path decides)', () => {
  const declined = [
    cborgEncode('é'),
    cborgEncode({ é: 1 }),
    Uint8Array.of(0xa1, 0x01, 0x02), // {1: 2}
    Uint8Array.of(0xa1, 0x69, ...Buffer.from('__proto__'), 0xa0),
  ];
  for (const b of declined) assert.equal(readCanonical(b), undefined);
  assert.equal(decodeCanonical(cborgEncode('é')), 'é');
  assert.throws(() => decodeCanonical(Uint8Array.of(0xa1, 0x01, 0x02)), CborError);
});

test('readCanonical: declines unsorted, duplicate and longer-first keys and trailing bytes (not canonical)', () => {
  const declined = [
    Uint8Array.of(0xa2, 0x61, 0x62, 0x01, 0x61, 0x61, 0x02), // keys unsorted
    Uint8Array.of(0xa2, 0x61, 0x61, 0x01, 0x61, 0x61, 0x02), // duplicate key
    Uint8Array.of(0xa2, 0x62, 0x61, 0x61, 0x01, 0x61, 0x62, 0x02), // longer key first
    Uint8Array.of(0x01, 0x02), // trailing
  ];
  for (const b of declined) assert.equal(readCanonical(b), undefined);
  // Shorter keys first, then bytewise: accepted, and it is what the encoder writes.
  const sorted = Uint8Array.of(0xa2, 0x61, 0x62, 0x01, 0x62, 0x61, 0x61, 0x02);
  assert.deepStrictEqual(readCanonical(sorted), { b: 1, aa: 2 });
  assert.ok(bytesEqual(encodeCanonical({ aa: 2, b: 1 }), sorted));
});

/** The error code of the strict path alone (scan, cborg, re-encoding comparison). */
function strictCode(b: Uint8Array): number | undefined {
  try {
    const v = decodeChecked(b);
    return bytesEqual(encodeCanonical(v), b) ? undefined : CborError.NON_CANONICAL;
  } catch (e) {
    return (e as CborError).code;
  }
}

test('decodeCanonical: non-canonical and malformed input still fails with the strict codes', () => {
  const cases = [
    Uint8Array.of(0xa2, 0x61, 0x62, 0x01, 0x61, 0x61, 0x02), // keys unsorted
    Uint8Array.of(0xa2, 0x61, 0x61, 0x01, 0x61, 0x61, 0x02), // duplicate key
    Uint8Array.of(0xa2, 0x62, 0x61, 0x61, 0x01, 0x61, 0x62, 0x02), // longer key first
    Uint8Array.of(0x18, 0x05), // non-minimal
    Uint8Array.of(0x9f, 0xff), // indefinite
    Uint8Array.of(0x82, 0x01), // truncated
    Uint8Array.of(0x01, 0x02), // trailing
    Uint8Array.of(0xf9, 0x3c, 0x00), // float
    Uint8Array.of(0xf7), // undefined
    Uint8Array.of(0xc1, 0x01), // tag
    Uint8Array.of(0x62, 0xc3, 0x28), // invalid UTF-8
  ];
  for (const b of cases) {
    const code = strictCode(b);
    assert.notEqual(code, undefined, Buffer.from(b).toString('hex'));
    assert.throws(
      () => decodeCanonical(b),
      (e: unknown) => e instanceof CborError && e.code === code,
      Buffer.from(b).toString('hex'),
    );
  }
  assert.throws(
    () => decodeCanonical(encodeCanonical([1, 2, 3]), { maxItems: 2 }),
    (e: unknown) => e instanceof CborError && e.code === CborError.TOO_MANY_ITEMS,
  );
});

test('decodeCanonical: mutated and truncated canonical input gives exactly the strict outcome (no re-encoding on the direct path)', () => {
  const rng = new Rng(77);
  let accepted = 0;
  for (let i = 0; i < 4000; i++) {
    const good = encodeCanonical(randomPlainValue(rng, true));
    const b = Uint8Array.from(good);
    if (rng.int(4) === 0) {
      const cut = b.subarray(0, rng.int(b.length));
      b.fill(0);
      b.set(cut);
    }
    for (let m = 1 + rng.int(3); m > 0; m--) b[rng.int(b.length)] = rng.int(256);
    const input = rng.int(2) === 0 ? b : b.subarray(0, rng.int(b.length + 1));
    const code = strictCode(input);
    if (code === undefined) {
      accepted++;
      assert.deepStrictEqual(decodeCanonical(input), generic(input));
    } else {
      assert.throws(
        () => decodeCanonical(input),
        (e: unknown) => e instanceof CborError && e.code === code,
        Buffer.from(input).toString('hex'),
      );
    }
  }
  assert.ok(accepted > 0, 'some mutations stay canonical and are accepted');
});
