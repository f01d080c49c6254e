// The IO tree values of a transaction (spec/oasis.md §1.9), written without the general CBOR
// encoder, are byte for byte the canonical encodings of `[input, order]` and `[output]`.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { encodeCanonical } from '../../../src/common/index.js';
import { txInputValue, txOutputValue } from '../../../src/runtime/sdk/index.js';

const SIZES = [0, 1, 23, 24, 255, 256, 65_535, 65_536, 70_000];
const ORDERS = [0, 1, 23, 24, 255, 256, 65_535, 65_536, 2 ** 32 - 1, 2 ** 32, 2 ** 40];

test('txInputValue and txOutputValue equal canonical CBOR at every length and order boundary', () => {
  for (const n of SIZES) {
    const b = new Uint8Array(n).map((_, i) => i * 7);
    assert.deepEqual(txOutputValue(b), encodeCanonical([b]), `output of ${n} bytes`);
    for (const order of ORDERS) {
      assert.deepEqual(
        txInputValue(b, order),
        encodeCanonical([b, order]),
        `input of ${n} bytes, order ${order}`,
      );
    }
  }
  assert.throws(
    () => txInputValue(new Uint8Array(1), 1.5),
    'a non-integer order is refused as the encoder does',
  );
});
