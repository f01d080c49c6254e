/**
 * The consensus app's resume record: an app re-created over the same node databases and record
 * store continues exactly like one that never stopped (across epoch boundaries, where the carry
 * matters), and a malformed, foreign or dangling record is refused with a coded error.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TandemError, toHex } from '../../src/common/index.js';
import { MemorySignStateStore } from '../../src/consensus/bft/index.js';
import { accountKey, decodeAccount } from '../../src/consensus/index.js';
import { ChainApp, DomainsError, decodeAppRecord, encodeAppRecord } from '../../src/domains/index.js';
import { MemoryNodeDB } from '../../src/mkvs/index.js';
import { addrOf, step, testGenesis, transferTx, user, validatorKeys } from '../helpers/chain-app.js';

const genesis = testGenesis(2, { epochInterval: 3n, users: 2 });

function disk() {
  const dbs = { ved: new MemoryNodeDB(), ued: new MemoryNodeDB() };
  return { dbs, store: new MemorySignStateStore(), nodeDb: (d: 'ved' | 'ued') => dbs[d] };
}

async function open(d: ReturnType<typeof disk>, seen: string[], g = genesis): Promise<ChainApp> {
  return ChainApp.create({
    genesis: g,
    nodeDb: d.nodeDb,
    store: d.store,
    onCommitted: (c) => seen.push(`${c.height}:${toHex(c.vedHash)}:${toHex(c.uedHash)}:${c.txs}`),
  });
}

async function blocks(app: ChainApp, from: number, to: number): Promise<void> {
  const v0 = validatorKeys(0);
  for (let h = from; h <= to; h++) {
    await step(app, [
      transferTx(app, user(0), BigInt(h - 1), addrOf(user(1)), 5n),
      transferTx(app, v0.authority, BigInt(h - 1), addrOf(v0.feePayer), 7n),
    ]);
  }
}

const isRecordError = (e: unknown) => TandemError.is(e, DomainsError.MODULE, DomainsError.APP_RECORD);

test('ChainApp resumes from its record: same hashes as an app that never stopped, across epochs', async () => {
  const straight: string[] = [];
  const ref = await open(disk(), straight);
  await blocks(ref, 1, 11);

  const d = disk();
  const resumed: string[] = [];
  const first = await open(d, resumed);
  await blocks(first, 1, 4);
  const again = await open(d, resumed);
  assert.equal(again.committed.height, 4n);
  assert.deepEqual(again.committed.vedHash, first.committed.vedHash);
  await blocks(again, 5, 8);
  const third = await open(d, resumed);
  await blocks(third, 9, 11);
  assert.deepEqual(resumed, straight, 'a resumed app continues the same chain');
  const ued = await third.ued.get(accountKey(addrOf(user(1))));
  assert.equal(decodeAccount(ued!).balance, 1_000_000n + 11n * 5n);
  assert.equal(third.ued.latest().height, 11n);
});

test('ChainApp with a store saves the record of height 0 at genesis', async () => {
  const d = disk();
  await open(d, []);
  const r = decodeAppRecord(d.store.load()!);
  assert.equal(r.height, 0n);
  assert.equal(r.ued.forVed.size, 0);
  assert.equal(r.ued.height, 0n);
  const again = await open(d, []);
  assert.equal(again.committed.height, 0n);
});

test('a malformed app record is refused with a coded error and nothing is written', async () => {
  const d = disk();
  await blocks(await open(d, []), 1, 4);
  const good = d.store.load()!;
  assert.deepEqual(encodeAppRecord(decodeAppRecord(good)), good, 'canonical round trip');
  const bad = [
    Uint8Array.of(1, 2, 3),
    good.subarray(0, good.length - 1),
    Uint8Array.of(...good, 0),
    new Uint8Array(2 * 1024 * 1024),
  ];
  for (const b of bad) {
    assert.throws(() => decodeAppRecord(b), isRecordError);
    const s = new MemorySignStateStore();
    if (b.length < 1024 * 1024) {
      s.save(b);
      const before = await d.dbs.ved.latestVersion();
      await assert.rejects(ChainApp.create({ genesis, nodeDb: d.nodeDb, store: s }), isRecordError);
      assert.equal(await d.dbs.ved.latestVersion(), before);
    }
  }
});

test('an app record of another chain, or naming roots the databases lack, is refused', async () => {
  const d = disk();
  await blocks(await open(d, []), 1, 2);
  const other = testGenesis(3, { epochInterval: 3n });
  await assert.rejects(open(d, [], other), isRecordError);
  const empty = { ...disk(), store: d.store };
  await assert.rejects(open(empty, []), isRecordError);
});

test('a crash after the trees committed a height but before its record: the replayed block gives the same chain', async () => {
  const straight: string[] = [];
  await blocks(await open(disk(), straight), 1, 8);
  const d = disk();
  const seen: string[] = [];
  const app = await open(d, seen);
  await blocks(app, 1, 4);
  const at4 = d.store.load()!;
  await blocks(app, 5, 5);
  // Both trees now hold height 5, the record still says 4: what the BFT handshake then replays.
  d.store.save(at4);
  seen.pop();
  const again = await open(d, seen);
  assert.equal(again.committed.height, 4n);
  await blocks(again, 5, 8);
  assert.deepEqual(seen, straight);
});

test('issue 7: a record with the UED ahead of the VED, or more than an epoch behind it, is refused', async () => {
  const d = disk();
  await blocks(await open(d, []), 1, 4);
  const r = decodeAppRecord(d.store.load()!);
  assert.equal(r.ued.height, r.height, 'the inline UED keeps up');
  assert.throws(
    () => decodeAppRecord(encodeAppRecord({ ...r, ued: { ...r.ued, height: r.height + 1n } })),
    isRecordError,
  );
  // Epoch interval 3: the VED at 4 (epoch 1) with the UED at 1 (epoch 0) skipped the APE-6 wait.
  d.store.save(encodeAppRecord({ ...r, ued: { ...r.ued, height: 1n } }));
  await assert.rejects(open(d, []), (e) => isRecordError(e) && /more than an epoch/.test(String(e)));
});
