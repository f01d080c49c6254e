// The root computed straight from sorted keys equals the root of a tree built by inserts.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compareBytes, EMPTY_HASH, toHex } from '../../src/common/index.js';
import { type KeyValue, sortedRoot, Tree } from '../../src/mkvs/index.js';
import { Rng } from '../helpers/rng.js';

async function treeRoot(entries: readonly KeyValue[]): Promise<string> {
  const t = new Tree();
  for (const e of entries) await t.insert(e.key, e.value);
  return toHex(t.rootHash());
}

function sorted(entries: KeyValue[]): KeyValue[] {
  const seen = new Set<string>();
  return entries
    .filter((e) => !seen.has(toHex(e.key)) && seen.add(toHex(e.key)))
    .sort((a, b) => compareBytes(a.key, b.key));
}

test('sortedRoot equals the tree root for sets of equal-length keys (random, shared prefixes)', async () => {
  const r = new Rng(5);
  assert.deepEqual(sortedRoot([]), EMPTY_HASH);
  for (let round = 0; round < 60; round++) {
    const n = round < 4 ? round + 1 : r.int(300) + 1;
    const len = r.pick([1, 2, 8, 32]);
    const prefix = r.bytes(len);
    const entries = sorted(
      Array.from({ length: n }, () => {
        const key = r.bytes(len);
        // Many keys share a long prefix with each other, so labels cross byte boundaries.
        key.set(prefix.subarray(0, r.int(len)));
        return { key, value: r.bytes(r.int(40)) };
      }),
    );
    const direct = sortedRoot(entries);
    assert.ok(direct !== undefined);
    assert.equal(
      toHex(direct),
      await treeRoot(entries),
      `round ${round}, ${entries.length} keys of ${len} bytes`,
    );
  }
});

test('sortedRoot refuses unsorted, repeated and prefix keys (the caller builds a tree)', () => {
  const k = (...b: number[]) => ({ key: Uint8Array.from(b), value: Uint8Array.of(1) });
  assert.equal(sortedRoot([k(2), k(1)]), undefined);
  assert.equal(sortedRoot([k(1), k(1)]), undefined);
  assert.equal(sortedRoot([k(1), k(1, 5)]), undefined);
  assert.equal(sortedRoot([k(), k(1)]), undefined);
  assert.ok(sortedRoot([k(1, 5), k(2)]) !== undefined, 'keys of different lengths, none a prefix');
});

test('sortedRoot equals the tree root for prefix-free keys of different lengths', async () => {
  const entries = [
    { key: Uint8Array.of(0x10, 0x20), value: Uint8Array.of(1) },
    { key: Uint8Array.of(0x10, 0x21, 0x00), value: Uint8Array.of(2) },
    { key: Uint8Array.of(0x80), value: Uint8Array.of(3) },
  ];
  assert.equal(toHex(sortedRoot(entries)!), await treeRoot(entries));
});
