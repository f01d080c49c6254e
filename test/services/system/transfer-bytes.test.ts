// The direct Transfer body reader accepts exactly what the codec's decode-and-check accepts, with
// the same result, and leaves everything else to it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeWith, encodeCanonical, encodeWith } from '../../../src/common/index.js';
import { readTransferBody, type TransferBody, transferCodec } from '../../../src/services/system/index.js';
import { Rng } from '../../helpers/rng.js';

function generic(b: Uint8Array): TransferBody | null {
  try {
    return decodeWith(transferCodec, b, { maxSize: 1 << 16 });
  } catch {
    return null;
  }
}

/** Compares both readers on `b`; returns whether the direct one answered. */
function same(b: Uint8Array): boolean {
  const f = readTransferBody(b);
  if (f === undefined) return false;
  const g = generic(b);
  assert.notEqual(
    g,
    null,
    `direct reader accepted what the codec refuses: ${Buffer.from(b).toString('hex')}`,
  );
  assert.deepEqual(f, g);
  return true;
}

function randomBody(r: Rng): TransferBody {
  const len = r.pick([0, 1, 2, 8, 23, 24, 25, 31, 32]);
  const amountBytes = r.bytes(len);
  let amount = 0n;
  for (const x of amountBytes) amount = (amount << 8n) | BigInt(x);
  return { to: r.bytes(21), amount };
}

test('the direct reader decodes every canonical Transfer body as the codec does', () => {
  const r = new Rng(41);
  for (let i = 0; i < 300; i++) {
    const body = randomBody(r);
    const b = encodeWith(transferCodec, body);
    assert.equal(same(b), true, Buffer.from(b).toString('hex'));
    assert.deepEqual(readTransferBody(b), body);
  }
  const zero = encodeWith(transferCodec, { to: new Uint8Array(21).fill(7), amount: 0n });
  assert.deepEqual(readTransferBody(zero)?.amount, 0n);
});

test('the direct reader returns a fresh plain recipient, never a view of the signed bytes', () => {
  const b = Buffer.from(encodeWith(transferCodec, { to: new Uint8Array(21).fill(9), amount: 5n }));
  const body = readTransferBody(b)!;
  assert.equal(Object.getPrototypeOf(body.to), Uint8Array.prototype);
  b[5] = 1;
  assert.equal(body.to[0], 9);
});

test('mutated, truncated and extended bodies are refused or read as the codec reads them', () => {
  const r = new Rng(42);
  for (let i = 0; i < 60; i++) {
    const b = encodeWith(transferCodec, randomBody(r));
    for (let at = 0; at < b.length; at++) {
      for (const v of [0x00, 0x18, 0x40, 0x58, 0x60, 0xa1, 0xa3, 0xff, b[at]! ^ 1]) {
        const m = new Uint8Array(b);
        m[at] = v;
        same(m);
      }
      same(b.subarray(0, at));
    }
    same(new Uint8Array([...b, 0]));
  }
});

test('non-canonical forms the codec refuses are refused: leading zero, long heads, other key order', () => {
  const to = new Uint8Array(21).fill(3);
  const canonical = encodeWith(transferCodec, { to, amount: 0x1234n });
  const amountAt = canonical.length - 3;
  const leadingZero = new Uint8Array([...canonical.subarray(0, amountAt), 0x43, 0x00, 0x12, 0x34]);
  const longHead = new Uint8Array([...canonical.subarray(0, amountAt), 0x58, 0x02, 0x12, 0x34]);
  const amountKey = [0x66, ...Buffer.from('amount')];
  const swapped = new Uint8Array([0xa2, ...amountKey, 0x42, 0x12, 0x34, 0x62, 0x74, 0x6f, 0x55, ...to]);
  const tooLong = encodeCanonical({ to, amount: new Uint8Array(33).fill(1) });
  for (const b of [leadingZero, longHead, tooLong, swapped]) {
    assert.equal(readTransferBody(b), undefined);
    assert.equal(generic(b), null);
  }
  assert.equal(readTransferBody(new Uint8Array(0)), undefined);
});
