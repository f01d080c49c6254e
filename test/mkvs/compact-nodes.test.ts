// The compact tree's node layout and deferred marking: internal labels held inline (up to 32 bits)
// or in the arena, across every length from 1 to 40 bits, through splits, merges and arena
// compaction; updated leaves whose paths are marked only before hashing, mixed with removals,
// splits and reinsertions that move or free them first; internal nodes' copies of their
// children's hashes. Roots are compared with the node tree.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { toHex } from '../../src/common/index.js';
import {
  CACHE,
  CACHED_LEFT,
  HASHED,
  INLINE_BITS,
  INTERNAL,
  KIND,
  LEN,
  NodeStore,
  OFF,
  W,
} from '../../src/mkvs/compact/nodes.js';
import { CompactTree, Tree } from '../../src/mkvs/index.js';
import { Rng } from '../helpers/rng.js';

const NS = new Uint8Array(32).fill(5);

/** `base` with bit `bit` (0 = the first byte's top bit) flipped. */
function flip(base: Uint8Array, bit: number): Uint8Array {
  const k = base.slice();
  k[bit >> 3]! ^= 0x80 >> (bit & 7);
  return k;
}

/** Both trees given the same inserts and removals; their roots must agree after each step. */
async function same(ref: Tree, ct: CompactTree, what: string): Promise<void> {
  assert.equal(ct.selfCheck(), undefined, what);
  assert.equal(toHex(ct.rootHash()), toHex(ref.rootHash()), what);
}

test('NodeStore: labels of 1..40 bits read back byte for byte, inline up to 32 bits', () => {
  const s = new NodeStore();
  const r = new Rng(11);
  for (let bits = 0; bits <= 40; bits++) {
    const label = Uint8Array.from({ length: (bits + 7) >> 3 }, () => r.int(256));
    if (bits & 7) label[label.length - 1]! &= (0xff << (8 - (bits & 7))) & 0xff;
    const used = s.used;
    const i = s.newInternal(label, bits, -1, -1, -1);
    assert.equal(s.m[i * W + LEN], bits);
    assert.deepEqual(s.label(i), label, `${bits} bits`);
    for (let j = 0; j < label.length; j++)
      assert.equal(s.labelByte(i, j), label[j], `${bits} bits byte ${j}`);
    // Only labels past the inline limit take arena bytes.
    assert.equal(s.used - used, bits > INLINE_BITS ? label.length : 0, `${bits} bits arena`);
    // Relabelling across the limit both ways: the old arena bytes (if any) become waste.
    const waste = s.waste;
    const long = Uint8Array.of(1, 2, 3, 4, 5);
    s.setLabel(i, long, 40);
    assert.deepEqual(s.label(i), long);
    s.setLabel(i, Uint8Array.of(0xab), 8);
    assert.equal(s.m[i * W + OFF], 0xab << 24);
    assert.deepEqual(s.label(i), Uint8Array.of(0xab));
    assert.equal(s.waste - waste, (bits > INLINE_BITS ? label.length : 0) + 5);
    s.release(i);
  }
});

test('CompactTree: roots with internal labels of every length 1..40 bits, split and merged', async () => {
  const base = new Uint8Array(8);
  for (let bits = 1; bits <= 40; bits++) {
    const ref = new Tree();
    const ct = new CompactTree();
    // Two keys first differing at bit `bits`: the root's label is their `bits`-bit common prefix.
    const a = flip(base, 0);
    const b = flip(a, bits);
    for (const k of [a, b]) {
      await ref.insert(k, k);
      ct.insertNow(k, k);
    }
    await same(ref, ct, `${bits}: two keys`);
    // A third key splits that label in the middle; removing it merges the halves again.
    const c = flip(a, bits >> 1);
    await ref.insert(c, c);
    ct.insertNow(c, c);
    await same(ref, ct, `${bits}: split`);
    await ref.remove(c);
    await ct.remove(c);
    await same(ref, ct, `${bits}: merged`);
    // Removing a leaf merges its parent's label into the sibling's (lengths add up past 32).
    const d = flip(b, 39 + (bits % 8));
    await ref.insert(d, d);
    ct.insertNow(d, d);
    await ref.remove(a);
    await ct.remove(a);
    await same(ref, ct, `${bits}: collapsed`);
    assert.equal(toHex(await ct.commit(NS, 1n)), toHex(await ref.commit(NS, 1n)));
  }
});

test('CompactTree: long and inline labels survive arena compaction', async () => {
  const r = new Rng(5);
  const ref = new Tree();
  const ct = new CompactTree();
  // Keys sharing long prefixes in groups give internal labels of up to dozens of bits.
  const keys: Uint8Array[] = [];
  for (let g = 0; g < 40; g++) {
    const prefix = Uint8Array.from({ length: 12 }, () => r.int(256));
    for (let j = 0; j < 5; j++) keys.push(flip(prefix, 20 + r.int(70)));
  }
  for (const k of keys) {
    await ref.insert(k, k);
    ct.insertNow(k, k);
  }
  await same(ref, ct, 'loaded');
  // Rewrite values until at least half of the arena (past 1 MiB) is waste: the commit compacts.
  for (let round = 0; round < 60; round++)
    for (const k of keys) ct.insertNow(k, new Uint8Array(100).fill(round));
  for (const k of keys) await ref.insert(k, new Uint8Array(100).fill(59));
  const usedBefore = ct.nodes.used;
  assert.equal(toHex(await ct.commit(NS, 1n)), toHex(await ref.commit(NS, 1n)));
  assert.ok(ct.nodes.used < usedBefore / 10, `compacted: ${ct.nodes.used} of ${usedBefore}`);
  // Splits and merges after compaction read the moved labels.
  for (let i = 0; i < keys.length; i += 3) {
    await ref.remove(keys[i]!);
    await ct.remove(keys[i]!);
  }
  const extra = flip(keys[1]!, 95);
  await ref.insert(extra, extra);
  ct.insertNow(extra, extra);
  await same(ref, ct, 'after compaction');
  assert.equal(toHex(await ct.commit(NS, 2n)), toHex(await ref.commit(NS, 2n)));
});

test('CompactTree: updated leaves removed, moved or reused before hashing still give the right root', async () => {
  for (let seed = 1; seed <= 20; seed++) {
    const r = new Rng(seed);
    const ref = new Tree();
    const ct = new CompactTree();
    const keys = Array.from({ length: 300 }, () =>
      Uint8Array.from({ length: 1 + r.int(3) }, () => r.int(256)),
    );
    for (const k of keys) {
      await ref.insert(k, k);
      ct.insertNow(k, k);
    }
    assert.equal(toHex(await ct.commit(NS, 1n)), toHex(await ref.commit(NS, 1n)));
    for (let version = 2n; version <= 6n; version++) {
      // In-place updates (paths not marked yet), then removals and inserts around those leaves.
      for (let op = 0; op < 120; op++) {
        const k = r.pick(keys);
        const v = Uint8Array.of(r.int(256), Number(version));
        const kind = r.int(5);
        if (kind === 0) {
          await ref.remove(k);
          await ct.remove(k);
        } else if (kind === 1) {
          const n = flip(k, r.int(k.length * 8));
          await ref.insert(n, v);
          ct.insertNow(n, v);
        } else {
          await ref.insert(k, v);
          ct.insertNow(k, v);
        }
      }
      assert.equal(toHex(await ct.commit(NS, version)), toHex(await ref.commit(NS, version)), `seed ${seed}`);
      assert.equal(ct.selfCheck(), undefined, `seed ${seed} v${version}`);
    }
  }
});

test('CompactTree: copies of child hashes stay exact, and selfCheck catches a stale one', async () => {
  const r = new Rng(3);
  const ref = new Tree();
  const ct = new CompactTree();
  const keys = Array.from({ length: 400 }, () => Uint8Array.from({ length: 4 }, () => r.int(256)));
  for (const k of keys) {
    await ref.insert(k, k);
    ct.insertNow(k, k);
  }
  await same(ref, ct, 'loaded');
  // Updates (copies dropped on the marked paths), then a root, then deletes that merge labels.
  for (let i = 0; i < keys.length; i += 2) {
    await ref.insert(keys[i]!, Uint8Array.of(i & 0xff));
    ct.insertNow(keys[i]!, Uint8Array.of(i & 0xff));
  }
  await same(ref, ct, 'updated');
  for (let i = 1; i < keys.length; i += 4) {
    await ref.remove(keys[i]!);
    await ct.remove(keys[i]!);
  }
  await same(ref, ct, 'removed');
  // Corrupt one valid copy: the check names it.
  const s = ct.nodes;
  let n = 0;
  while (s.m[n * W + KIND] !== INTERNAL || (s.m[n * W + HASHED]! & CACHED_LEFT) === 0) n++;
  s.m[n * W + CACHE]! ^= 1;
  assert.match(ct.selfCheck() ?? '', /copy of .* hash is stale/);
});
