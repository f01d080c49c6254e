// The compact tree's look-up shortcuts: leaves' inline key copies (keys up to 64 bytes; longer
// ones compared from the arena) and the memo of recently found leaves in front of the key index.
// A memo entry left stale by a removal, by its node's reuse for another key or for an internal
// node, by arena compaction, by a load, or shared by keys with the same tail, must never answer
// for the wrong key: every read and root is checked against the node-database Tree.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { toHex } from '../../src/common/index.js';
import { INLINE_KEY_BYTES, NodeStore } from '../../src/mkvs/compact/nodes.js';
import { CompactTree, Tree } from '../../src/mkvs/index.js';
import { Rng } from '../helpers/rng.js';

const NS = new Uint8Array(32).fill(7);

function key(first: number, n = 33, fill = 0x5a): Uint8Array {
  const k = new Uint8Array(n).fill(fill);
  k[0] = first;
  return k;
}

/** A key whose last byte is `i` (keys of different `i` do not share a memo entry). */
function tailKey(i: number): Uint8Array {
  const k = key(i);
  k[k.length - 1] = i;
  return k;
}

function hex(b: Uint8Array | null): string | null {
  return b === null ? null : toHex(b);
}

/** Both trees get the same writes; reads of `probe` and the roots must agree. */
async function agree(ref: Tree, ct: CompactTree, probe: Uint8Array[], what: string): Promise<void> {
  assert.equal(ct.selfCheck(), undefined, what);
  for (const k of probe) assert.equal(hex(ct.getNow(k)), hex(await ref.get(k)), `${what}: ${toHex(k)}`);
  assert.equal(toHex(ct.rootHash()), toHex(ref.rootHash()), `${what}: root`);
}

async function put(ref: Tree, ct: CompactTree, k: Uint8Array, v: Uint8Array | null): Promise<void> {
  if (v === null) {
    await ref.remove(k);
    await ct.remove(k);
  } else {
    await ref.insert(k, v);
    ct.insertNow(k, v);
  }
}

test('NodeStore: keys up to 64 bytes compare and copy from the leaf, longer ones from the arena', () => {
  const s = new NodeStore();
  for (const n of [0, 1, 33, INLINE_KEY_BYTES, INLINE_KEY_BYTES + 1, 300]) {
    const k = Uint8Array.from({ length: n }, (_, i) => (i * 7 + n) & 0xff);
    const l = s.newLeaf(k, Uint8Array.of(1));
    assert.ok(s.keyEquals(l, k), `${n} bytes equal`);
    assert.deepEqual(s.key(l), k);
    const out = new Uint8Array(n + 2);
    s.copyKeyOut(l, out, 1);
    assert.deepEqual(out.subarray(1, n + 1), k, `${n} bytes copied`);
    if (n === 0) continue;
    for (const at of [0, n >> 1, n - 1]) {
      const other = k.slice();
      other[at]! ^= 1;
      assert.ok(!s.keyEquals(l, other), `${n} bytes, byte ${at} differs`);
    }
    assert.ok(!s.keyEquals(l, k.subarray(0, n - 1)), `${n} bytes, a prefix`);
  }
});

test('CompactTree: a remembered leaf removed, then reused by another key or an internal node', async () => {
  const ref = new Tree();
  const ct = new CompactTree();
  // Different tails: each key has its own memo entry.
  const [a, b, c] = [1, 2, 3].map(tailKey) as [Uint8Array, Uint8Array, Uint8Array];
  await put(ref, ct, a, Uint8Array.of(1));
  await put(ref, ct, b, Uint8Array.of(2));
  await agree(ref, ct, [a, b], 'start'); // both remembered
  await put(ref, ct, a, null);
  await agree(ref, ct, [a, b], 'a removed');
  // a's node is free and taken by c's leaf (or the internal node above it).
  await put(ref, ct, c, Uint8Array.of(3));
  await agree(ref, ct, [a, b, c], 'c inserted');
  await put(ref, ct, a, Uint8Array.of(4)); // written without a read: the memo must not answer
  await put(ref, ct, b, null);
  await put(ref, ct, b, Uint8Array.of(5));
  await agree(ref, ct, [a, b, c], 'a back, b removed and back');
  assert.equal(toHex(await ct.commit(NS, 1n)), toHex(await ref.commit(NS, 1n)));
});

test('CompactTree: keys sharing their memo entry (same tail and length) are told apart', async () => {
  const ref = new Tree();
  const ct = new CompactTree();
  // Only the first byte differs: same last eight bytes, same length.
  const keys = Array.from({ length: 40 }, (_, i) => key(i));
  for (const [i, k] of keys.entries()) await put(ref, ct, k, Uint8Array.of(i));
  await agree(ref, ct, keys, 'all');
  for (let i = 0; i < keys.length; i += 3) await put(ref, ct, keys[i]!, null);
  for (let i = 1; i < keys.length; i += 3) await put(ref, ct, keys[i]!, Uint8Array.of(100 + i));
  await agree(ref, ct, [...keys, key(200), key(1, 34), key(1, 32)], 'mixed');
});

test('CompactTree: keys past the inline limit differing only after it', async () => {
  const ref = new Tree();
  const ct = new CompactTree();
  const keys: Uint8Array[] = [];
  for (const n of [INLINE_KEY_BYTES, INLINE_KEY_BYTES + 1, 100]) {
    for (let last = 0; last < 3; last++) {
      const k = key(9, n, 0x33);
      k[n - 1] = last;
      keys.push(k);
    }
  }
  for (const [i, k] of keys.entries()) await put(ref, ct, k, Uint8Array.of(i));
  await agree(ref, ct, keys, 'inserted');
  await put(ref, ct, keys[4]!, null);
  await put(ref, ct, keys[5]!, Uint8Array.of(50));
  await agree(ref, ct, keys, 'changed');
});

test('CompactTree: remembered leaves stay right across arena compaction', async () => {
  const ref = new Tree();
  const ct = new CompactTree();
  const r = new Rng(77);
  const keys = Array.from({ length: 200 }, (_, i) => (i % 2 ? key(i, 33) : key(i, 80, r.int(256))));
  for (const k of keys) await put(ref, ct, k, new Uint8Array(10));
  await agree(ref, ct, keys, 'start');
  // Enough rewrites that at least half the arena is waste: the commit compacts it.
  for (let round = 0; round < 30; round++)
    for (const k of keys) await put(ref, ct, k, new Uint8Array(400).fill(round));
  const before = ct.nodes.used;
  assert.equal(toHex(await ct.commit(NS, 1n)), toHex(await ref.commit(NS, 1n)));
  assert.ok(ct.nodes.used < before / 4, `compacted (${before} → ${ct.nodes.used} bytes)`);
  for (let i = 0; i < keys.length; i += 2) await put(ref, ct, keys[i]!, Uint8Array.of(i));
  for (let i = 1; i < keys.length; i += 4) await put(ref, ct, keys[i]!, null);
  await agree(ref, ct, keys, 'after compaction');
});

test('CompactTree: nothing remembered survives a load, nor is shared with another tree', async () => {
  const a = tailKey(1);
  const b = tailKey(2);
  const one = new CompactTree();
  one.insertNow(a, Uint8Array.of(1));
  one.insertNow(b, Uint8Array.of(2));
  assert.deepEqual(one.getNow(a), Uint8Array.of(1));
  // The same node numbers now hold other keys.
  one.load([
    [b, Uint8Array.of(3)],
    [tailKey(4), Uint8Array.of(4)],
  ]);
  assert.equal(one.getNow(a), null);
  assert.deepEqual(one.getNow(b), Uint8Array.of(3));
  assert.equal(one.selfCheck(), undefined);
  // Another tree with the same keys in other nodes answers from its own leaves.
  const two = new CompactTree();
  two.insertNow(b, Uint8Array.of(7));
  two.insertNow(a, Uint8Array.of(8));
  assert.deepEqual(two.getNow(a), Uint8Array.of(8));
  assert.deepEqual(two.getNow(b), Uint8Array.of(7));
  assert.equal(one.getNow(a), null);
  assert.deepEqual(one.getNow(b), Uint8Array.of(3));
});

test('CompactTree: new keys inserted after reads of other keys are each indexed under their own hash', async () => {
  const ref = new Tree();
  const ct = new CompactTree();
  const r = new Rng(5);
  const keys = Array.from({ length: 3000 }, () =>
    Uint8Array.from({ length: 1 + r.int(40) }, () => r.int(256)),
  );
  for (const [i, k] of keys.entries()) {
    // A read of another key (mostly a miss) just before this key's insert.
    ct.getNow(keys[(i + 7) % keys.length]!);
    await put(ref, ct, k, Uint8Array.of(i & 0xff));
  }
  await agree(ref, ct, keys, 'inserted');
});
