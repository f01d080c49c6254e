// The state log: a version's write log and root as one record, snapshots in chunks, and a restore
// that rebuilds the same tree (every key compared) from the latest snapshot and the logs after it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ClassicLevel } from 'classic-level';
import { toHex } from '../../src/common/index.js';
import { CHUNK_TARGET_BYTES, MkvsError, StateLogStore } from '../../src/mkvs/index.js';
import {
  account,
  Chain,
  contentOf,
  entriesOf,
  type Step,
  storeDir,
  TreeTarget,
} from '../helpers/state-log.js';

function mkvsError(code: number, pattern?: RegExp) {
  return (e: unknown) => {
    assert.ok(e instanceof MkvsError, `an MkvsError, got ${String(e)}`);
    assert.equal(e.code, code, e.message);
    if (pattern) assert.match(e.message, pattern);
    return true;
  };
}

/** Versions 0..n-1 of a chain: 20 accounts each, some changed, one removed now and then. */
async function steps(chain: Chain, n: number, from = 0): Promise<Step[]> {
  const out: Step[] = [];
  for (let i = from; i < from + n; i++) {
    const changes: [Uint8Array, Uint8Array | null][] = [];
    for (let j = 0; j < 20; j++) changes.push(account(i * 7 + j, i));
    if (i % 3 === 2) changes.push([account(i * 7 - 10)[0], null]);
    out.push(await chain.step(changes));
  }
  return out;
}

async function rawKeys(path: string): Promise<string[]> {
  const db = new ClassicLevel<Uint8Array, Uint8Array>(path, { keyEncoding: 'view', valueEncoding: 'view' });
  const keys: string[] = [];
  for await (const k of db.keys()) keys.push(toHex(k));
  await db.close();
  return keys;
}

test('state log: append, close, reopen and restore give the same root and every key', async () => {
  const path = storeDir();
  const chain = new Chain();
  const store = await StateLogStore.open(path);
  assert.equal(store.latestVersion(), undefined);
  const target = new TreeTarget();
  assert.equal(await store.restore(target), undefined, 'an empty store restores nothing');
  assert.equal(target.loads, 0);
  const written = await steps(chain, 12);
  for (const s of written) void store.append(s.version, s.root, s.log);
  assert.equal(store.latestVersion(), 11n, 'queued versions count as appended');
  await store.flush();
  await store.close();

  const again = await StateLogStore.open(path);
  assert.equal(again.latestVersion(), 11n);
  const into = new TreeTarget();
  const reached = await again.restore(into);
  assert.equal(reached?.version, 11n);
  assert.equal(toHex(reached!.root), toHex(written.at(-1)!.root));
  assert.equal(into.loads, 1, 'load([]) once: no snapshot, replay from the first log');
  assert.equal(into.loaded, 0);
  assert.equal(into.logs, 12);
  assert.deepEqual(await contentOf(into.tree), await contentOf(chain.tree));
  assert.equal(
    again.entriesSinceSnapshot,
    written.reduce((n, s) => n + s.log.length, 0),
  );
  await again.close();
});

test('state log: snapshot, more logs, reopen; logs up to the snapshot are pruned', async () => {
  const path = storeDir();
  const chain = new Chain();
  const store = await StateLogStore.open(path);
  const first = await steps(chain, 6);
  for (const s of first) void store.append(s.version, s.root, s.log);
  const snap = first.at(-1)!;
  const content = await entriesOf(chain.tree);
  const pending = store.snapshot(snap.version, snap.root, content);
  // The tree may move on at once: the snapshot read its entries in the call.
  const more = await steps(chain, 4, 6);
  for (const s of more) void store.append(s.version, s.root, s.log);
  await pending;
  assert.equal(
    store.entriesSinceSnapshot,
    more.reduce((n, s) => n + s.log.length, 0),
  );
  await store.close();

  const keys = await rawKeys(path);
  const logs = keys.filter((k) => k.startsWith('6c')).map((k) => BigInt(`0x${k.slice(2)}`));
  assert.deepEqual(logs, [6n, 7n, 8n, 9n], 'only the logs after the snapshot remain');
  assert.equal(keys.filter((k) => k.startsWith('73')).length, 1, 'one manifest');

  const again = await StateLogStore.open(path);
  const into = new TreeTarget();
  const reached = await again.restore(into);
  assert.equal(reached?.version, 9n);
  assert.equal(into.loaded, content.length, 'the snapshot is loaded whole');
  assert.equal(into.logs, 4);
  assert.deepEqual(await contentOf(into.tree), await contentOf(chain.tree));
  await again.close();
});

test('state log: a snapshot larger than a chunk is split, one oversized entry goes alone', async () => {
  const path = storeDir();
  const chain = new Chain();
  const big: [Uint8Array, Uint8Array][] = [];
  for (let i = 0; i < 30; i++) big.push([account(i)[0], new Uint8Array(300_000).fill(i)]);
  big.push([Uint8Array.of(0xff), new Uint8Array(CHUNK_TARGET_BYTES + 10).fill(7)]);
  const s = await chain.step(big);
  const store = await StateLogStore.open(path);
  void store.append(s.version, s.root, s.log);
  await store.snapshot(s.version, s.root, await entriesOf(chain.tree));
  await store.close();
  const chunks = (await rawKeys(path)).filter((k) => k.startsWith('63'));
  assert.equal(chunks.length, 4, '9 MB of entries in 4 MiB chunks, then the large one alone');
  const again = await StateLogStore.open(path);
  const into = new TreeTarget();
  assert.equal((await again.restore(into))?.version, 0n);
  assert.equal(into.logs, 0);
  assert.deepEqual(await contentOf(into.tree), await contentOf(chain.tree));
  await again.close();
});

test('state log: chunks without a manifest (crash mid-snapshot) are ignored and removed at open', async () => {
  const path = storeDir();
  const chain = new Chain();
  const store = await StateLogStore.open(path);
  const written = await steps(chain, 5);
  for (const s of written) void store.append(s.version, s.root, s.log);
  await store
    .snapshot(2n, written[2]!.root, [])
    .then(() => assert.fail('snapshot of an old version'), mkvsError(MkvsError.VERSION_ORDER));
  await store.close();
  const db = new ClassicLevel<Uint8Array, Uint8Array>(path, { keyEncoding: 'view', valueEncoding: 'view' });
  const orphan = Uint8Array.of(0x63, 0, 0, 0, 0, 0, 0, 0, 4, 0, 0, 0, 0);
  await db.put(orphan, Uint8Array.of(1, 2, 3));
  await db.put(Uint8Array.of(0x63, 0, 0, 0, 0, 0, 0, 0, 3, 0, 0, 0, 9), Uint8Array.of(4));
  await db.close();

  const again = await StateLogStore.open(path);
  assert.ok(!(await rawKeysOpen(again)).some((k) => k.startsWith('63')), 'orphan chunks removed at open');
  const into = new TreeTarget();
  assert.equal((await again.restore(into))?.version, 4n);
  assert.deepEqual(await contentOf(into.tree), await contentOf(chain.tree));
  await again.close();
});

/** Keys of an open store (read through its database; the store is left open). */
async function rawKeysOpen(store: StateLogStore): Promise<string[]> {
  const db = (store as unknown as { db: ClassicLevel<Uint8Array, Uint8Array> }).db;
  const keys: string[] = [];
  for await (const k of db.keys()) keys.push(toHex(k));
  return keys;
}

test('state log: versions must increase; snapshots only of the latest version and its root', async () => {
  const path = storeDir();
  const chain = new Chain();
  const store = await StateLogStore.open(path);
  const [a, b] = await steps(chain, 2);
  void store.append(a!.version, a!.root, a!.log);
  assert.throws(() => store.append(0n, a!.root, a!.log), mkvsError(MkvsError.VERSION_ORDER, /not after 0/));
  assert.throws(() => store.append(-1n, a!.root, a!.log), mkvsError(MkvsError.VERSION_ORDER));
  void store.append(b!.version, b!.root, b!.log);
  await assert.rejects(store.snapshot(1n, a!.root, []), mkvsError(MkvsError.COMMIT_MISMATCH));
  await assert.rejects(store.snapshot(0n, a!.root, []), mkvsError(MkvsError.VERSION_ORDER));
  // Versions may skip numbers: each record names the one before it.
  const c = await chain.step([account(500)]);
  void store.append(10n, c.root, c.log);
  await store.close();
  const again = await StateLogStore.open(path);
  assert.equal(again.latestVersion(), 10n);
  const into = new TreeTarget();
  assert.equal((await again.restore(into))?.version, 10n);
  assert.deepEqual(await contentOf(into.tree), await contentOf(chain.tree));
  await again.close();
});

test('state log: unsorted logs and snapshot entries are refused and write nothing', async () => {
  const path = storeDir();
  const store = await StateLogStore.open(path);
  const [k1, v1] = account(1);
  const [k2, v2] = account(2);
  const root = new Uint8Array(32);
  const unsorted = [
    { key: k2, value: v2 },
    { key: k1, value: v1 },
  ];
  assert.throws(() => store.append(0n, root, unsorted), mkvsError(MkvsError.WRITE_LOG, /entry 1/));
  const dup = [
    { key: k1, value: v1 },
    { key: k1, value: null },
  ];
  assert.throws(() => store.append(0n, root, dup), mkvsError(MkvsError.WRITE_LOG));
  assert.throws(() => store.append(0n, new Uint8Array(31), []), mkvsError(MkvsError.WRITE_LOG));
  assert.equal(store.latestVersion(), undefined);
  await assert.rejects(
    store.snapshot(0n, root, [
      [k2, v2],
      [k1, v1],
    ]),
    mkvsError(MkvsError.WRITE_LOG, /not after/),
  );
  await store.close();
  assert.deepEqual(await rawKeys(path), [], 'nothing was written');
});

test('state log: namespace bound on first write, checked on open and append', async () => {
  const path = storeDir();
  const nsA = new Uint8Array(32).fill(0xa);
  const nsB = new Uint8Array(32).fill(0xb);
  const chain = new Chain(nsA);
  const [s0, s1] = await steps(chain, 2);
  const store = await StateLogStore.open(path, { namespace: nsA });
  await store.append(s0!.version, s0!.root, s0!.log, nsA);
  assert.throws(
    () => store.append(s1!.version, s1!.root, s1!.log, nsB),
    mkvsError(MkvsError.NAMESPACE_MISMATCH),
  );
  await store.close();
  await assert.rejects(StateLogStore.open(path, { namespace: nsB }), mkvsError(MkvsError.NAMESPACE_MISMATCH));
  await assert.rejects(
    StateLogStore.open(path, { namespace: nsA.subarray(1) }),
    mkvsError(MkvsError.NAMESPACE_MISMATCH),
  );
  const again = await StateLogStore.open(path);
  assert.equal((await again.restore(new TreeTarget()))?.version, 0n, 'the stored namespace is used');
  await again.close();

  // A store written without a namespace cannot be claimed by one later.
  const plain = storeDir();
  const p = await StateLogStore.open(plain);
  await p.append(s0!.version, s0!.root, s0!.log);
  await p.close();
  await assert.rejects(
    StateLogStore.open(plain, { namespace: nsA }),
    mkvsError(MkvsError.NAMESPACE_MISMATCH),
  );
  // An empty store is bound by the first append that names one.
  const fresh = await StateLogStore.open(storeDir());
  await fresh.append(s0!.version, s0!.root, s0!.log, nsB);
  assert.throws(
    () => fresh.append(s1!.version, s1!.root, s1!.log, nsA),
    mkvsError(MkvsError.NAMESPACE_MISMATCH),
  );
  await fresh.close();
});

test('state log: a failed write surfaces on the next append and flush; a closed store refuses', async () => {
  const chain = new Chain();
  const [s0, s1, s2] = await steps(chain, 3);
  const store = await StateLogStore.open(storeDir());
  await store.append(s0!.version, s0!.root, s0!.log);
  // The database goes away under the store: the queued write fails.
  await (store as unknown as { db: ClassicLevel<Uint8Array, Uint8Array> }).db.close();
  const failed = store.append(s1!.version, s1!.root, s1!.log);
  await assert.rejects(failed, mkvsError(MkvsError.STATE_LOG_WRITE));
  assert.throws(() => store.append(s2!.version, s2!.root, s2!.log), mkvsError(MkvsError.STATE_LOG_WRITE));
  await assert.rejects(store.flush(), mkvsError(MkvsError.STATE_LOG_WRITE));
  await assert.rejects(store.snapshot(s1!.version, s1!.root, []), mkvsError(MkvsError.STATE_LOG_WRITE));

  const other = await StateLogStore.open(storeDir());
  await other.close();
  assert.throws(() => other.append(s0!.version, s0!.root, s0!.log), mkvsError(MkvsError.CLOSED));
  await assert.rejects(other.restore(new TreeTarget()), mkvsError(MkvsError.CLOSED));
});

test('state log: a snapshot read from an iterator that reuses one pair object', async () => {
  const path = storeDir();
  const chain = new Chain();
  const s = await chain.step(Array.from({ length: 50 }, (_, i) => account(i)));
  const content = await entriesOf(chain.tree);
  function* reusing(): Generator<[Uint8Array, Uint8Array]> {
    const pair: [Uint8Array, Uint8Array] = [new Uint8Array(0), new Uint8Array(0)];
    for (const [k, v] of content) {
      pair[0] = k;
      pair[1] = v;
      yield pair;
    }
  }
  const store = await StateLogStore.open(path);
  void store.append(s.version, s.root, s.log);
  await store.snapshot(s.version, s.root, reusing());
  await store.close();
  const again = await StateLogStore.open(path);
  const into = new TreeTarget();
  await again.restore(into);
  assert.equal(into.loaded, 50);
  assert.deepEqual(await contentOf(into.tree), await contentOf(chain.tree));
  await again.close();
});

test('state log: a genesis-sized state goes straight into a snapshot of an empty store', async () => {
  const path = storeDir();
  const chain = new Chain();
  const changes: [Uint8Array, Uint8Array][] = [];
  for (let i = 0; i < 2000; i++) changes.push(account(i));
  const g = await chain.step(changes);
  const store = await StateLogStore.open(path);
  await store.snapshot(g.version, g.root, await entriesOf(chain.tree));
  assert.equal(store.latestVersion(), 0n);
  assert.equal(store.entriesSinceSnapshot, 0);
  const [n] = await steps(chain, 1, 1);
  await store.append(1n, n!.root, n!.log);
  await store.close();
  const again = await StateLogStore.open(path);
  const into = new TreeTarget();
  assert.equal((await again.restore(into))?.version, 1n);
  assert.equal(into.loaded, 2000);
  assert.deepEqual(await contentOf(into.tree), await contentOf(chain.tree));
  await again.close();
});
