// The synchronous insert path (nodes in memory or handed over at once by the node database or a
// fetcher) gives exactly the roots and write logs of the async path, and falls back to it,
// changing nothing, when a node on the path must be waited for.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { toHex } from '../../src/common/index.js';
import { hashRef, MemoryNodeDB, type Node, type NodeDB, Tree, type WriteLog } from '../../src/mkvs/index.js';
import { insertResident, NOT_RESIDENT } from '../../src/mkvs/tree/insert.js';
import { Rng } from '../helpers/rng.js';

const NS = new Uint8Array(32).fill(5);

/** The same database without its synchronous lookup: every hash reference is awaited. */
function asyncOnly(db: MemoryNodeDB): NodeDB {
  return {
    dropResidentAfterCommit: db.dropResidentAfterCommit,
    getNode: (h) => db.getNode(h),
    commit: (b) => db.commit(b),
    hasRoot: (r) => db.hasRoot(r),
    rootsAt: (v) => db.rootsAt(v),
    latestVersion: () => db.latestVersion(),
    earliestVersion: () => db.earliestVersion(),
    prune: (v) => db.prune(v),
    close: () => db.close(),
  };
}

const logHex = (l: WriteLog) => l.map((e) => [toHex(e.key), e.value === null ? null : toHex(e.value)]);

test('mkvs: inserts over a committed tree give the same root and write log with and without peeking', async () => {
  const r = new Rng(7);
  const db = new MemoryNodeDB();
  const base = new Tree({ db });
  for (let i = 0; i < 300; i++) await base.insert(r.bytes(1 + r.int(6)), r.bytes(1 + r.int(9)));
  const root = await base.commit(NS, 1n);
  const peeking = new Tree({ db, rootHash: root });
  const waiting = new Tree({ db: asyncOnly(db), rootHash: root });
  for (let i = 0; i < 400; i++) {
    const k = r.bytes(1 + r.int(6));
    const v = r.int(5) === 0 ? new Uint8Array(0) : r.bytes(1 + r.int(9));
    await peeking.insert(k, v);
    await waiting.insert(k, v);
    if (i % 50 === 0) assert.deepEqual(peeking.rootHash(), waiting.rootHash(), `after ${i + 1} inserts`);
  }
  assert.deepEqual(peeking.rootHash(), waiting.rootHash());
  assert.deepEqual(logHex(peeking.pendingWriteLog()), logHex(waiting.pendingWriteLog()));
});

test('mkvs: a fresh tree built by the resident path matches a rebuild from its sorted write log', async () => {
  const r = new Rng(9);
  const a = new Tree();
  for (let i = 0; i < 500; i++) await a.insert(r.bytes(1 + r.int(4)), r.bytes(1 + r.int(4)));
  const log = a.pendingWriteLog();
  for (let i = 1; i < log.length; i++) assert.ok(toHex(log[i - 1]!.key) < toHex(log[i]!.key), 'sorted keys');
  const b = new Tree();
  await b.applyWriteLog([...log].reverse());
  assert.deepEqual(a.rootHash(), b.rootHash());
  const root = await a.commit(NS, 1n);
  assert.deepEqual(root, b.rootHash());
  assert.deepEqual(logHex(a.writeLog()), logHex(log), 'the commit write log is the pending one');
  assert.deepEqual(a.pendingWriteLog(), [], 'nothing pending after commit');
});

test('mkvs: the resident insert refuses, changing nothing, when a node on the path is not at hand', async () => {
  const t = new Tree();
  await t.insert(Uint8Array.of(1), Uint8Array.of(1));
  await t.insert(Uint8Array.of(2), Uint8Array.of(2));
  t.rootHash();
  const root = t.rootPtr() as Extract<Node, { type: 1 }>;
  // Replace one child by a reference nobody can resolve synchronously.
  const missing = hashRef(new Uint8Array(32).fill(9));
  const withRef = { ...root, left: missing, dirty: false };
  const before = JSON.stringify(withRef, (_k, v) => (v instanceof Uint8Array ? toHex(v) : v));
  const out = { old: null };
  const res = insertResident(
    { resolve: async () => assert.fail('no waiting') },
    withRef,
    0,
    Uint8Array.of(1, 5),
    Uint8Array.of(7),
    out,
  );
  assert.equal(res, NOT_RESIDENT);
  assert.equal(
    JSON.stringify(withRef, (_k, v) => (v instanceof Uint8Array ? toHex(v) : v)),
    before,
  );
});

test('mkvs: getNow and insertNow answer at once when the path is at hand, and defer (changing nothing) when not', async () => {
  const r = new Rng(31);
  const db = new MemoryNodeDB();
  const base = new Tree({ db });
  const keys: Uint8Array[] = [];
  for (let i = 0; i < 200; i++) {
    const k = r.bytes(1 + r.int(5));
    keys.push(k);
    await base.insert(k, r.bytes(r.int(8)));
  }
  const root = await base.commit(NS, 1n);
  const now = new Tree({ db, rootHash: root });
  const waiting = new Tree({ db: asyncOnly(db), rootHash: root });
  const absent = [Uint8Array.of(), ...Array.from({ length: 50 }, () => r.bytes(1 + r.int(7)))];
  for (const k of [...keys, ...absent]) {
    const v = await base.get(k);
    const got = now.getNow(k);
    assert.notEqual(got, undefined, 'a database that reads synchronously never defers');
    assert.deepEqual(got, v);
    assert.equal(waiting.getNow(k), undefined, 'the root is only a hash reference here');
    assert.deepEqual(await waiting.get(k), v);
  }
  const fresh = new Tree({ db: asyncOnly(db), rootHash: root });
  const before = fresh.rootPtr();
  assert.equal(fresh.insertNow(keys[0]!, Uint8Array.of(1)), false);
  assert.equal(fresh.rootPtr(), before, 'a deferred insert changes nothing');
  assert.deepEqual(fresh.pendingWriteLog(), []);
  const viaNow = new Tree({ db, rootHash: root });
  for (let i = 0; i < 100; i++) {
    const k = i % 2 === 0 ? keys[i]! : r.bytes(1 + r.int(5));
    const v = r.bytes(r.int(6));
    assert.equal(viaNow.insertNow(k, v), true);
    await fresh.insert(k, v);
  }
  assert.deepEqual(viaNow.rootHash(), fresh.rootHash());
  assert.deepEqual(logHex(viaNow.pendingWriteLog()), logHex(fresh.pendingWriteLog()));
  assert.throws(() => viaNow.insertNow(new Uint8Array(70_000), Uint8Array.of(1)));
});
