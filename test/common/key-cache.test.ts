// The public-key cache of the transaction path: exact hits only, a crafted slot collision is a
// miss (never another key's value), the oldest entries go first at the bound.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PublicKeyCache } from '../../src/common/index.js';

function key(seed: number, middle = 0): Uint8Array {
  const k = new Uint8Array(32);
  for (let i = 0; i < 32; i++) k[i] = (seed * 131 + i * 7) & 0xff;
  k[15] = middle;
  return k;
}

test('PublicKeyCache: a hit needs the exact key; a copy is kept, so changing the caller’s bytes changes nothing', () => {
  const c = new PublicKeyCache<string>(16);
  const a = key(1);
  c.set(a, 'a');
  assert.equal(c.get(key(1)), 'a');
  assert.equal(c.get(key(2)), undefined);
  a[10] = a[10]! ^ 1;
  assert.equal(c.get(a), undefined, 'the changed bytes are another key');
  assert.equal(c.get(key(1)), 'a', 'the cached copy is intact');
});

test('PublicKeyCache: two keys sharing a slot never answer for each other', () => {
  const c = new PublicKeyCache<string>(16);
  // Same first and last four bytes (the slot), different middle.
  const [x, y] = [key(5, 1), key(5, 2)];
  c.set(x, 'x');
  assert.equal(c.get(y), undefined, 'the colliding key misses');
  c.set(y, 'y');
  assert.equal(c.get(y), 'y');
  assert.equal(c.get(x), undefined, 'the slot was taken over: a miss, not a wrong value');
  assert.equal(c.size, 1);
});

test('PublicKeyCache: at its bound the oldest entry goes first', () => {
  const c = new PublicKeyCache<number>(3);
  for (let i = 0; i < 3; i++) c.set(key(i), i);
  c.set(key(3), 3);
  assert.equal(c.size, 3);
  assert.equal(c.get(key(0)), undefined);
  assert.deepEqual(
    [1, 2, 3].map((i) => c.get(key(i))),
    [1, 2, 3],
  );
  c.set(key(2), 22);
  assert.equal(c.size, 3, 'replacing a cached key does not evict');
  assert.equal(c.get(key(1)), 1);
});
