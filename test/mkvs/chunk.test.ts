// State-sync chunks: chained from the empty key they carry a tree's entries exactly and rebuild
// the same root; a tampered value, a missing key, reordered entries, an oversized or malformed
// chunk and a proof that stops short each give a coded error before anything is written.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  buildChunk,
  type ChunkLimits,
  chunkStarts,
  decodeChunk,
  encodeChunk,
  MemoryNodeDB,
  MkvsError,
  type StateChunk,
  Tree,
  verifyChunk,
} from '../../src/mkvs/index.js';
import { Rng } from '../helpers/rng.js';

const NS = new Uint8Array(32).fill(7);
const SMALL: ChunkLimits = { maxEntries: 16, maxBytes: 400 };

async function sampleTree(n: number, seed = 5): Promise<Tree> {
  const r = new Rng(seed);
  const t = new Tree({ db: new MemoryNodeDB() });
  for (let i = 0; i < n; i++) await t.insert(r.bytes(1 + r.int(6)), r.bytes(1 + r.int(40)));
  await t.commit(NS, 1n);
  return t;
}

/** Fetch and verify every chunk of `src` into a fresh tree; returns its root and the chunk count. */
async function copyTree(src: Tree, limits: ChunkLimits): Promise<{ root: Uint8Array; chunks: number }> {
  const root = src.rootHash();
  const starts = await chunkStarts(src, limits);
  const dst = new Tree({ db: new MemoryNodeDB() });
  let expected: Uint8Array | null = new Uint8Array(0);
  for (const [i, s] of starts.entries()) {
    assert.ok(expected !== null, `chunk ${i} after the end`);
    assert.deepEqual(s, expected);
    const wire = encodeChunk(await buildChunk(src, s, limits));
    const chunk = decodeChunk(wire);
    expected = await verifyChunk(root, chunk, expected, limits);
    for (const e of chunk.entries) await dst.insert(e.key, e.value);
  }
  assert.equal(expected, null, 'the last chunk ends the tree');
  return { root: await dst.commit(NS, 1n), chunks: starts.length };
}

function code(c: number) {
  return (e: unknown) => MkvsError.is(e, 'mkvs', c);
}

test('chunks chained from the empty key rebuild the same root (many chunks, one chunk, empty tree)', async () => {
  const big = await sampleTree(300);
  const many = await copyTree(big, SMALL);
  assert.ok(many.chunks > 10);
  assert.deepEqual(many.root, big.rootHash());
  const one = await copyTree(big, { maxEntries: 1024, maxBytes: 1 << 20 });
  assert.equal(one.chunks, 1);
  assert.deepEqual(one.root, big.rootHash());
  const empty = new Tree({ db: new MemoryNodeDB() });
  const e = await copyTree(empty, SMALL);
  assert.equal(e.chunks, 1);
  assert.deepEqual(e.root, empty.rootHash());
});

async function secondChunk(): Promise<{ root: Uint8Array; chunk: StateChunk; start: Uint8Array }> {
  const t = await sampleTree(200);
  const starts = await chunkStarts(t, SMALL);
  const chunk = await buildChunk(t, starts[1]!, SMALL);
  return { root: t.rootHash(), chunk, start: starts[1]! };
}

test('a tampered value (in the entries or in the proof) is CHUNK_MISMATCH', async () => {
  const { root, chunk, start } = await secondChunk();
  const e0 = chunk.entries[3]!;
  const bad = {
    ...chunk,
    entries: chunk.entries.map((e) => (e === e0 ? { ...e, value: Uint8Array.of(9) } : e)),
  };
  await assert.rejects(verifyChunk(root, bad, start, SMALL), code(MkvsError.CHUNK_MISMATCH));
  const entries = chunk.proof.entries.map((x) => (x === null ? null : x.slice()));
  const i = entries.findIndex((x) => x !== null && x[0] === 1 && x.length > 40);
  entries[i]![entries[i]!.length - 1]! ^= 1;
  const badProof = { ...chunk, proof: { ...chunk.proof, entries } };
  await assert.rejects(verifyChunk(root, badProof, start, SMALL), code(MkvsError.CHUNK_MISMATCH));
});

test('a missing key, reordered entries or a wrong start are refused', async () => {
  const { root, chunk, start } = await secondChunk();
  const missing = { ...chunk, entries: chunk.entries.filter((_, i) => i !== 2) };
  await assert.rejects(verifyChunk(root, missing, start, SMALL), code(MkvsError.CHUNK_MISMATCH));
  const swapped = [...chunk.entries];
  [swapped[0], swapped[1]] = [swapped[1]!, swapped[0]!];
  await assert.rejects(
    verifyChunk(root, { ...chunk, entries: swapped }, start, SMALL),
    code(MkvsError.CHUNK_MISMATCH),
  );
  await assert.rejects(verifyChunk(root, chunk, new Uint8Array(0), SMALL), code(MkvsError.CHUNK_MALFORMED));
});

test('a proof that stops short of the entries it lists is CHUNK_INCOMPLETE', async () => {
  const t = await sampleTree(200);
  const starts = await chunkStarts(t, SMALL);
  const short = await buildChunk(t, starts[1]!, { maxEntries: 2, maxBytes: 400 });
  const full = await buildChunk(t, starts[1]!, SMALL);
  const claimed = { ...short, entries: full.entries };
  await assert.rejects(
    verifyChunk(t.rootHash(), claimed, starts[1]!, SMALL),
    code(MkvsError.CHUNK_INCOMPLETE),
  );
});

test('oversized and malformed chunks are CHUNK_MALFORMED', async () => {
  const { root, chunk, start } = await secondChunk();
  const tight: ChunkLimits = { maxEntries: 4, maxBytes: 400 };
  await assert.rejects(verifyChunk(root, chunk, start, tight), code(MkvsError.CHUNK_MALFORMED));
  const wire = encodeChunk(chunk);
  assert.throws(() => decodeChunk(wire.subarray(0, wire.length - 3)), code(MkvsError.CHUNK_MALFORMED));
  assert.throws(() => decodeChunk(Uint8Array.of(0xa0)), code(MkvsError.CHUNK_MALFORMED));
  assert.throws(() => decodeChunk(new Uint8Array(5 * (1 << 20))), code(MkvsError.CHUNK_MALFORMED));
});
