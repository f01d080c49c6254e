// The direct plain-value writer gives exactly the generic canonical encoder's bytes, and declines
// (undefined) everything it does not handle, which the generic encoder then encodes or refuses.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { encode as cborgEncode } from 'cborg';
import { CborError, decodeCanonical, encodeCanonical, encodePlain } from '../../src/common/index.js';
import { randomPlainValue } from '../helpers/cbor-values.js';
import { Rng } from '../helpers/rng.js';

/** The generic path alone: cborg with the canonical options of `encodeCanonical`. */
function generic(v: unknown): Uint8Array | null {
  try {
    return new Uint8Array(
      cborgEncode(v, {
        ignoreUndefinedProperties: true,
        typeEncoders: {
          number: (n: unknown) => {
            if (typeof n === 'number' && !Number.isSafeInteger(n)) throw new Error('float');
            return null;
          },
          undefined: () => {
            throw new Error('undefined');
          },
        },
      } as never),
    );
  } catch {
    return null;
  }
}

test('encodePlain: same bytes as the generic canonical encoder over varied plain values', () => {
  const rng = new Rng(11);
  for (let i = 0; i < 1500; i++) {
    const v = randomPlainValue(rng, false);
    const p = encodePlain(v);
    assert.ok(p !== undefined, 'a plain value was declined');
    assert.deepEqual(p, generic(v));
    assert.deepEqual(new Uint8Array(encodeCanonical(v)), p);
  }
});

test('encodePlain: the decoded form of its output re-encodes to the same bytes', () => {
  const v = { to: new Uint8Array(21).fill(7), amount: Uint8Array.of(1, 0), n: [1n, -2, 'x', null, true] };
  const b = encodePlain(v)!;
  assert.deepEqual(encodeCanonical(decodeCanonical(b)), b);
});

/** An array with a hole at index 1. */
function holey(): unknown[] {
  const a: unknown[] = [1];
  a[2] = 2;
  return a;
}

test('encodePlain: declines what it does not handle; the generic encoder keeps its answer', () => {
  const declined: unknown[] = [
    'é', // non-ASCII text: the generic encoder writes it
    { é: 1 },
    new Map([[1, 2]]),
    1.5,
    Number.NaN,
    2 ** 53,
    -0,
    2n ** 64n,
    -(2n ** 64n) - 1n,
    undefined,
    [1, undefined],
    holey(),
    new Uint16Array(2),
    new Date(0),
    Object.create(null),
    () => 1,
    Symbol('s'),
  ];
  for (const v of declined) assert.equal(encodePlain(v), undefined, String(typeof v));
  assert.deepEqual(new Uint8Array(encodeCanonical('é')), generic('é'));
  assert.deepEqual(new Uint8Array(encodeCanonical({ é: 1 })), generic({ é: 1 }));
  for (const v of [1.5, Number.NaN, undefined, [1, undefined]])
    assert.throws(() => encodeCanonical(v), CborError);
});

test('encodePlain: nesting past its depth and cycles go to the generic encoder', () => {
  let deep: unknown = 1;
  for (let i = 0; i < 40; i++) deep = [deep];
  assert.equal(encodePlain(deep), undefined);
  assert.deepEqual(new Uint8Array(encodeCanonical(deep)), generic(deep));
  const cyc: Record<string, unknown> = {};
  cyc.self = cyc;
  assert.equal(encodePlain(cyc), undefined);
  assert.throws(() => encodeCanonical(cyc));
});

test('encodePlain: a getter that encodes while the writer runs gets the generic path', () => {
  const inner = { a: 1 };
  const v = {
    get x() {
      return encodeCanonical(inner);
    },
  };
  assert.deepEqual(new Uint8Array(encodeCanonical(v)), generic({ x: generic(inner) }));
});

test('encodePlain: a throwing getter leaves the error to the generic encoder (a CborError)', () => {
  const v = {
    get x(): number {
      throw new RangeError('boom');
    },
  };
  assert.equal(encodePlain(v), undefined);
  assert.throws(() => encodeCanonical(v), CborError);
  // The writer is usable afterwards.
  assert.deepEqual(encodePlain({ a: 1 }), Uint8Array.of(0xa1, 0x61, 0x61, 0x01));
});
