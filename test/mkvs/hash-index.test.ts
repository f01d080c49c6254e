// HashIndex: values by hash through 31 bits of it, with hashes that share those bits (as a
// hostile writer could search for) chained and told apart by the full hash.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { hash } from '../../src/common/index.js';
import { HashIndex } from '../../src/mkvs/index.js';

/** A 32-byte "hash" whose first four bytes are `head` and the rest `tail`. */
function h(head: number, tail: number): Uint8Array {
  const b = new Uint8Array(32).fill(tail);
  b.set([head >>> 24, (head >>> 16) & 0xff, (head >>> 8) & 0xff, head & 0xff]);
  return b;
}

test('HashIndex keeps, replaces and drops values by hash; equal bytes are the same key', () => {
  const ix = new HashIndex<string>();
  const hs = Array.from({ length: 500 }, (_, i) => hash(Uint8Array.of(i & 0xff, i >> 8)));
  for (const [i, x] of hs.entries()) ix.set(x, `v${i}`);
  assert.equal(ix.size, 500);
  assert.equal(ix.get(new Uint8Array(hs[7]!)), 'v7', 'looked up by value, not by identity');
  ix.set(new Uint8Array(hs[7]!), 'seven');
  assert.equal(ix.size, 500, 'a replaced value does not count twice');
  assert.equal(ix.get(hs[7]!), 'seven');
  assert.equal(ix.get(hash(Uint8Array.of(1, 2, 3))), undefined);
  assert.ok(ix.delete(hs[7]!));
  assert.ok(!ix.delete(hs[7]!), 'a second delete finds nothing');
  assert.equal(ix.get(hs[7]!), undefined);
  assert.equal(ix.size, 499);
  assert.equal([...ix.values()].length, 499);
  ix.clear();
  assert.equal(ix.size, 0);
  assert.equal(ix.get(hs[0]!), undefined);
});

test('HashIndex tells apart hashes that agree in the indexed bits (chained), whatever the order of deletes', () => {
  for (const order of [
    [0, 1, 2, 3],
    [3, 2, 1, 0],
    [1, 3, 0, 2],
  ]) {
    const ix = new HashIndex<number>();
    // Same 31 indexed bits: the low bit of byte 3 is not among them.
    const same = [h(0x12345678, 1), h(0x12345678, 2), h(0x12345679, 3), h(0x12345679, 4)];
    for (const [i, x] of same.entries()) ix.set(x, i);
    ix.set(h(0x7fffffff, 9), 99);
    assert.equal(ix.size, 5);
    for (const [i, x] of same.entries()) assert.equal(ix.get(x), i);
    assert.equal(ix.get(h(0x12345678, 5)), undefined, 'same bits, different hash: absent');
    const left = new Set([0, 1, 2, 3]);
    for (const i of order) {
      assert.ok(ix.delete(same[i]!));
      left.delete(i);
      for (const j of [0, 1, 2, 3]) assert.equal(ix.get(same[j]!), left.has(j) ? j : undefined);
      assert.deepEqual(
        [...ix.values()].sort((a, b) => a - b),
        [...left, 99].sort((a, b) => a - b),
      );
    }
    assert.equal(ix.size, 1);
    assert.equal(ix.get(h(0x7fffffff, 9)), 99);
  }
});
