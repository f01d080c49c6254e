// Seeded property tests over 1,000 random insert/remove sequences (memory) and a LevelDB run:
// canonical roots, Map agreement, sorted iteration, write-log replay, proofs for every key.
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { compareBytes, toHex } from '../../src/common/index.js';
import {
  buildGetProof,
  diff,
  LevelNodeDB,
  LocalReadSyncer,
  MemoryNodeDB,
  type NodeDB,
  RootType,
  remoteTree,
  Tree,
  verifyProof,
} from '../../src/mkvs/index.js';
import { Rng } from '../helpers/rng.js';

const NS = new Uint8Array(32).fill(7);
// A small alphabet makes shared prefixes, keys that are prefixes of others and the empty key common.
const ALPHABET = [0x00, 0x01, 0x7f, 0x80, 0xfe, 0xff];

function randomKey(r: Rng): Uint8Array {
  const len = r.int(5);
  const k = new Uint8Array(len);
  for (let i = 0; i < len; i++) k[i] = r.pick(ALPHABET);
  return k;
}

async function check(
  tree: Tree,
  model: Map<string, Uint8Array>,
  universe: Uint8Array[],
  r: Rng,
): Promise<void> {
  for (const k of universe) {
    const v = await tree.get(k);
    const m = model.get(toHex(k));
    assert.equal(v === null ? null : toHex(v), m === undefined ? null : toHex(m), `get ${toHex(k)}`);
  }
  const it = tree.iterator();
  await it.seek(new Uint8Array(0));
  const seen: string[] = [];
  for (; it.valid; await it.next()) seen.push(toHex(it.key!));
  const expected = [...model.keys()]
    .map((h) => Buffer.from(h, 'hex'))
    .sort(compareBytes)
    .map((b) => b.toString('hex'));
  assert.deepEqual(seen, expected, 'iteration order is sorted key order');
  // The root depends only on the final key set.
  const fresh = new Tree();
  for (const k of r.shuffle([...model.keys()])) await fresh.insert(Buffer.from(k, 'hex'), model.get(k)!);
  assert.equal(toHex(tree.rootHash()), toHex(fresh.rootHash()), 'canonical root');
  // A proof for every probed key, present or absent, verifies (both versions).
  const root = tree.rootHash();
  for (const k of universe.slice(0, 8)) {
    for (const v of [0, 1] as const) verifyProof(root, await buildGetProof(tree, k, v));
  }
}

async function runSequence(seed: number, db: NodeDB, commits: boolean): Promise<void> {
  const r = new Rng(seed);
  const tree = new Tree({ db });
  const model = new Map<string, Uint8Array>();
  const universe = Array.from({ length: 12 }, () => randomKey(r));
  const ops = 1 + r.int(30);
  let version = 0n;
  let committedRoot = tree.rootHash();
  for (let i = 0; i < ops; i++) {
    const k = r.pick(universe);
    if (r.int(3) === 0) {
      await tree.remove(k);
      model.delete(toHex(k));
    } else {
      const v = r.bytes(r.int(4));
      await tree.insert(k, v);
      model.set(toHex(k), v);
    }
    if (commits && r.int(6) === 0) {
      const before = committedRoot;
      committedRoot = await tree.commit(NS, ++version);
      // Replaying the commit's write log on the previous root reproduces the new root.
      const replay = new Tree({ db, rootHash: before });
      await replay.applyWriteLog(tree.writeLog());
      assert.equal(toHex(replay.rootHash()), toHex(committedRoot), `seed ${seed}: write log replay`);
      // diff between the two committed roots is the same change set.
      const d = await diff(db, before, committedRoot);
      assert.equal(d.length, tree.writeLog().length, `seed ${seed}: diff size`);
    }
  }
  await check(tree, model, universe, r);
}

test('§1.4-1.7 property: 1,000 random sequences in memory (seeded)', async () => {
  for (let seed = 1; seed <= 1000; seed++) await runSequence(seed, new MemoryNodeDB(), seed % 2 === 0);
});

test('§1.7 property: the LevelDB backend passes the same checks, across reopen', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tandem-mkvs-prop-'));
  for (let seed = 2001; seed <= 2060; seed++) {
    const db = await LevelNodeDB.open(join(dir, String(seed)), { cacheNodes: 64 });
    await runSequence(seed, db, true);
    await db.close();
  }
  // Reopen: the latest committed root is readable and verifies by rebuilding.
  const path = join(dir, 'reopen');
  const db = await LevelNodeDB.open(path, { cacheNodes: 16 });
  const t = new Tree({ db });
  const r = new Rng(99);
  const model = new Map<string, Uint8Array>();
  for (let i = 0; i < 500; i++) {
    const k = r.bytes(1 + r.int(6));
    const v = r.bytes(r.int(8));
    await t.insert(k, v);
    model.set(toHex(k), v);
  }
  const root = await t.commit(NS, 5n);
  await db.close();
  const db2 = await LevelNodeDB.open(path, { cacheNodes: 16 });
  assert.equal(await db2.latestVersion(), 5n);
  assert.ok(await db2.hasRoot({ ns: NS, version: 5n, root_type: RootType.State, hash: root }));
  const t2 = new Tree({ db: db2, rootHash: root });
  for (const [k, v] of model) assert.equal(toHex((await t2.get(Buffer.from(k, 'hex')))!), toHex(v));
  await db2.close();
});

test('§1.10 a tree backed by a read syncer reads through verified proofs', async () => {
  const db = new MemoryNodeDB();
  const src = new Tree({ db });
  const r = new Rng(5);
  const model = new Map<string, Uint8Array>();
  for (let i = 0; i < 300; i++) {
    const k = r.bytes(1 + r.int(5));
    const v = r.bytes(1 + r.int(6));
    await src.insert(k, v);
    model.set(toHex(k), v);
  }
  const hash = await src.commit(NS, 1n);
  const root = { ns: NS, version: 1n, root_type: RootType.State, hash };
  const syncer = new LocalReadSyncer(async (id) => new Tree({ db, rootHash: id.root.hash }));
  for (const v of [0, 1] as const) {
    const remote = remoteTree(syncer, root, { proofVersion: v });
    for (const [k, val] of model) assert.equal(toHex((await remote.get(Buffer.from(k, 'hex')))!), toHex(val));
    assert.equal(await remote.get(Uint8Array.of(1, 2, 3, 4, 5, 6, 7)), null);
    const it = remote.iterator();
    await it.seek(new Uint8Array(0));
    let n = 0;
    for (; it.valid; await it.next()) n++;
    assert.equal(n, model.size);
  }
  // A lying syncer (proofs for another tree) is caught by verification.
  const other = new Tree();
  await other.insert(Uint8Array.of(1), Uint8Array.of(2));
  const otherDb = other.db;
  await other.commit(NS, 1n);
  const liar = new LocalReadSyncer(async () => new Tree({ db: otherDb, rootHash: other.rootHash() }));
  const lied = remoteTree(
    {
      syncGet: (q) =>
        liar.syncGet({ ...q, tree: { ...q.tree, root: { ...q.tree.root, hash: other.rootHash() } } }),
      syncGetPrefixes: (q) => liar.syncGetPrefixes(q),
      syncIterate: (q) => liar.syncIterate(q),
    },
    root,
  );
  await assert.rejects(lied.get(Uint8Array.of(1)));
});

test('§1.10 a removal on a syncer-backed tree fetches the sibling it collapses into, verified', async () => {
  const db = new MemoryNodeDB();
  const src = new Tree({ db });
  const r = new Rng(9);
  const keys: Uint8Array[] = [];
  for (let i = 0; i < 200; i++) {
    const k = r.bytes(1 + r.int(6));
    keys.push(k);
    await src.insert(k, r.bytes(4));
  }
  const hash = await src.commit(NS, 1n);
  const root = { ns: NS, version: 1n, root_type: RootType.State, hash };
  const syncer = new LocalReadSyncer(async (id) => new Tree({ db, rootHash: id.root.hash }));
  for (let trial = 0; trial < 40; trial++) {
    const remote = remoteTree(syncer, root, { proofVersion: trial % 2 === 0 ? 0 : 1 });
    const local = new Tree({ db, rootHash: hash });
    // Several removals (leaf slots and leaves alike) and an insert on the same overlay.
    for (let j = 0; j < 5; j++) {
      const k = keys[(trial * 7 + j * 13) % keys.length]!;
      await remote.remove(k);
      await local.remove(k);
    }
    const extra = r.bytes(1 + r.int(6));
    await remote.insert(extra, Uint8Array.of(1));
    await local.insert(extra, Uint8Array.of(1));
    assert.equal(toHex(remote.rootHash()), toHex(local.rootHash()));
  }
});
