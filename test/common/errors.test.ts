// Numbered, typed errors keep module, code and message across encoding.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  CborError,
  CommonError,
  decodeCanonical,
  encodeCanonical,
  TandemError,
  toWireError,
  type WireError,
} from '../../src/common/index.js';

test('errors survive CBOR encoding with module, code and message', () => {
  const e = new CborError(CborError.TOO_DEEP, 'nesting deeper than 4', { depth: 5 });
  const back = TandemError.fromWire(decodeCanonical(encodeCanonical(e.toWire())) as WireError);
  assert.equal(back.module, 'common/cbor');
  assert.equal(back.code, CborError.TOO_DEEP);
  assert.equal(back.message, 'nesting deeper than 4');
  assert.ok(TandemError.is(back, 'common/cbor', CborError.TOO_DEEP));
  assert.equal(TandemError.is(back, 'common'), false);
});

test('toWireError keeps Tandem errors and marks others as unknown', () => {
  assert.deepEqual(toWireError(new CommonError(CommonError.INVALID_HEX, 'bad')), {
    module: 'common',
    code: CommonError.INVALID_HEX,
    message: 'bad',
  });
  assert.deepEqual(toWireError(new TypeError('x')), { module: 'unknown', code: 1, message: 'x' });
  assert.equal(toWireError('plain').message, 'plain');
});

test('error codes are unique within each error class', () => {
  for (const cls of [CommonError, CborError]) {
    const codes = Object.entries(cls)
      .filter(([k, v]) => /^[A-Z_]+$/.test(k) && typeof v === 'number')
      .map(([, v]) => v as number);
    assert.ok(codes.length > 5);
    assert.equal(new Set(codes).size, codes.length, cls.name);
    assert.ok(!codes.includes(0));
  }
});
