import assert from 'node:assert/strict';
import { test } from 'node:test';
import { slabBytes, slabCopy } from '../../src/common/index.js';

test('slabBytes hands out zeroed, disjoint ranges, across slab boundaries', () => {
  const views: Uint8Array[] = [];
  // Enough to fill several slabs with sizes around the executor's (receipts, events).
  for (let i = 0; i < 3000; i++) {
    const b = slabBytes(60 + (i % 90));
    assert.equal(Object.getPrototypeOf(b), Uint8Array.prototype);
    assert.equal(b.length, 60 + (i % 90));
    assert.ok(
      b.every((x) => x === 0),
      'a fresh range is zeroed',
    );
    b.fill(i & 0xff);
    views.push(b);
  }
  // Writing one range never changed another.
  for (const [i, b] of views.entries())
    assert.ok(
      b.every((x) => x === (i & 0xff)),
      `range ${i}`,
    );
});

test('slabBytes gives long strings an array of their own, and zero bytes an empty view', () => {
  const big = slabBytes(5000);
  assert.equal(big.length, 5000);
  assert.equal(big.byteOffset, 0);
  assert.equal(big.buffer.byteLength, 5000);
  assert.equal(slabBytes(0).length, 0);
});

test('slabCopy copies the range exactly and does not alias its source', () => {
  const src = Uint8Array.from({ length: 200 }, (_, i) => i);
  const c = slabCopy(src, 10, 130);
  assert.deepEqual(c, src.subarray(10, 130));
  src.fill(0);
  assert.equal(c[0], 10);
  assert.equal(c[119], 129);
});
