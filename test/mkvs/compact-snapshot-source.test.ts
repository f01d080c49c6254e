// A compact tree's snapshot source: its walk lists the entries in key order, and the snapshot
// written from it is byte for byte the one written from the tree's entries (so the format on disk
// is unchanged), and restores the same tree and root.
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { test } from 'node:test';
import { compareBytes, toHex } from '../../src/common/index.js';
import type { SnapshotSource } from '../../src/mkvs/compact/log-encode.js';
import { encodeSnapshot } from '../../src/mkvs/compact/log-snapshot.js';
import {
  CHUNK_MAX_ENTRIES,
  CompactTree,
  MAX_KEY_BYTES,
  MkvsError,
  StateLogStore,
} from '../../src/mkvs/index.js';
import { Rng } from '../helpers/rng.js';
import { storeDir } from '../helpers/state-log.js';

const NS = new Uint8Array(32).fill(5);

/** A tree of random keys (long ones, shared prefixes) and values, some updated and removed. */
function randomTree(r: Rng, n: number): CompactTree {
  const t = new CompactTree();
  const keys: Uint8Array[] = [];
  for (let i = 0; i < n; i++) {
    const len = r.chance(20) ? r.pick([300, 2000, MAX_KEY_BYTES]) : r.pick([0, 1, 2, 21, 22, 23, 24, 40]);
    const key =
      r.chance(300) && keys.length > 0
        ? Uint8Array.of(...r.pick(keys).subarray(0, 100), ...r.bytes(len % 5))
        : r.bytes(len);
    const vlen = r.chance(30) ? r.pick([127, 128, 255, 256, 70_000]) : r.pick([0, 3, 23, 24, 47]);
    t.insertNow(key, r.bytes(vlen));
    keys.push(key);
  }
  for (let i = 0; i < n / 4; i++) {
    const k = r.pick(keys);
    if (r.chance(500)) t.insertNow(k, r.bytes(r.pick([1, 47, 200])));
    else void t.remove(k);
  }
  return t;
}

/** Every key and value the source holds, copied out in its order. */
function readOut(src: SnapshotSource): [string, string][] {
  const out: [string, string][] = [];
  for (let i = 0; i < src.size; i++) {
    const k = new Uint8Array(src.keyLength(i));
    const v = new Uint8Array(src.valueLength(i));
    src.copyKey(i, k, 0);
    src.copyValue(i, v, 0);
    out.push([toHex(k), toHex(v)]);
  }
  return out;
}

function sameChunks(a: { chunks: Uint8Array[]; entries: number }, b: typeof a, what: string): void {
  assert.equal(a.entries, b.entries, what);
  assert.equal(a.chunks.length, b.chunks.length, what);
  for (let c = 0; c < a.chunks.length; c++)
    assert.equal(toHex(a.chunks[c]!), toHex(b.chunks[c]!), `${what}, chunk ${c}`);
}

test('compact snapshot source: the walk gives every entry in strictly increasing key order', async () => {
  const r = new Rng(11);
  for (let round = 0; round < 20; round++) {
    const t = randomTree(r, r.int(400));
    await t.commit(NS, 1n);
    const got = readOut(t.snapshotSource());
    const want = [...t.entries()]
      .map(([k, v]) => [new Uint8Array(k), new Uint8Array(v)] as const)
      .sort((a, b) => compareBytes(a[0], b[0]))
      .map(([k, v]) => [toHex(k), toHex(v)]);
    assert.deepEqual(got, want, `round ${round}`);
    // Hex text sorts as the bytes do.
    for (let i = 1; i < got.length; i++) assert.ok(got[i - 1]![0] < got[i]![0], `round ${round}, entry ${i}`);
    assert.equal(got.length, t.size);
  }
});

test('compact snapshot source: its chunks are the generic encoding’s bytes, across chunk boundaries', async () => {
  const r = new Rng(12);
  for (let round = 0; round < 12; round++) {
    const t = randomTree(r, r.int(600));
    await t.commit(NS, 1n);
    const v = r.pick([0n, 23n, 24n, 2n ** 40n]);
    sameChunks(encodeSnapshot(v, t.snapshotSource()), encodeSnapshot(v, t.entries()), `round ${round}`);
  }
  // Entry-count boundaries (CHUNK_MAX_ENTRIES) and byte boundaries (values of 1 MiB, and one
  // larger than a chunk's target, which goes alone).
  const many = new CompactTree();
  for (let i = 0; i < CHUNK_MAX_ENTRIES * 2 + 7; i++)
    many.insertNow(Uint8Array.of(i >> 16, i >> 8, i), Uint8Array.of(i));
  sameChunks(encodeSnapshot(3n, many.snapshotSource()), encodeSnapshot(3n, many.entries()), 'many');
  assert.equal(encodeSnapshot(3n, many.snapshotSource()).chunks.length, 3);
  const big = new CompactTree();
  for (let i = 0; i < 9; i++)
    big.insertNow(Uint8Array.of(i), new Uint8Array(i === 4 ? 5 << 20 : 1 << 20).fill(i));
  sameChunks(encodeSnapshot(3n, big.snapshotSource()), encodeSnapshot(3n, big.entries()), 'big');
  sameChunks(encodeSnapshot(3n, new CompactTree().snapshotSource()), encodeSnapshot(3n, []), 'empty');
});

test('compact snapshot source: bytes moved by the arena’s compaction are read where they now are', async () => {
  const t = new CompactTree();
  for (let i = 0; i < 3000; i++) t.insertNow(Uint8Array.of(i >> 8, i), new Uint8Array(300).fill(i));
  // Rewrite every value twice: most of the arena becomes waste, and a commit compacts it.
  for (let round = 1; round <= 2; round++)
    for (let i = 0; i < 3000; i++) t.insertNow(Uint8Array.of(i >> 8, i), new Uint8Array(300).fill(i + round));
  const before = t.nodes.used;
  await t.commit(NS, 1n);
  assert.ok(t.nodes.used < before, 'the arena was compacted');
  sameChunks(encodeSnapshot(1n, t.snapshotSource()), encodeSnapshot(1n, t.entries()), 'compacted');
});

test('compact snapshot source: a store snapshot from it restores the same tree and root', async () => {
  const r = new Rng(13);
  const t = randomTree(r, 500);
  const root = await t.commit(NS, 7n);
  const path = storeDir();
  try {
    const store = await StateLogStore.open(path, { namespace: NS });
    await store.snapshot(7n, root, t.snapshotSource());
    await store.close();
    const again = await StateLogStore.open(path, { namespace: NS });
    const back = new CompactTree();
    const reached = await again.restore(back);
    await again.close();
    assert.equal(reached?.version, 7n);
    assert.equal(toHex(back.rootHash()), toHex(root));
    assert.deepEqual(readOut(back.snapshotSource()), readOut(t.snapshotSource()));
  } finally {
    rmSync(dirname(path), { recursive: true, force: true });
  }
});

test('compact snapshot source: a source out of order or out of bounds is refused with WRITE_LOG', () => {
  const keys = [Uint8Array.of(1), Uint8Array.of(3), Uint8Array.of(2)];
  const source = (over: Partial<SnapshotSource>): SnapshotSource => ({
    size: keys.length,
    keyLength: (i) => keys[i]!.length,
    valueLength: () => 1,
    compareKeys: (a, b) => compareBytes(keys[a]!, keys[b]!),
    copyKey: (i, to, at) => to.set(keys[i]!, at),
    copyValue: (_i, to, at) => to.set([0], at),
    ...over,
  });
  const refused = (src: SnapshotSource, pattern: RegExp) =>
    assert.throws(
      () => encodeSnapshot(1n, src),
      (e: unknown) => e instanceof MkvsError && e.code === MkvsError.WRITE_LOG && pattern.test(e.message),
    );
  refused(source({}), /entry 2 is not after/);
  refused(source({ size: 2, keyLength: (i) => (i === 1 ? MAX_KEY_BYTES + 1 : 1) }), /entry 1: bad key/);
  refused(
    source({ size: 2, valueLength: (i) => (i === 1 ? 16 * 1024 * 1024 + 1 : 1) }),
    /entry 1: bad value/,
  );
  // Sorted, it is written; without compareKeys its order is the source's promise.
  assert.equal(encodeSnapshot(1n, source({ size: 2 })).entries, 2);
  assert.equal(encodeSnapshot(1n, source({ compareKeys: undefined })).entries, 3);
});
