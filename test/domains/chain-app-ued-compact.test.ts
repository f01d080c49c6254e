/**
 * The consensus app with its UED worker on the compact store: a restart whose resume record is
 * older than the UED's state log (the record lagged the outcomes when the node died) takes the
 * heights in between from the stored outcomes and goes on executing, with the hashes of an
 * uninterrupted run; a restart with the record at the log's height simply continues.
 */
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { toHex } from '../../src/common/index.js';
import { type Block, MemorySignStateStore } from '../../src/consensus/bft/index.js';
import { ChainApp, type ChainAppOptions, decodeAppRecord, encodeAppRecord } from '../../src/domains/index.js';
import { MemoryNodeDB } from '../../src/mkvs/index.js';
import { addrOf, step, testGenesis, transferTx, user } from '../helpers/chain-app.js';
import { track } from '../helpers/ued-worker.js';

const genesis = testGenesis(2, { epochInterval: 16n, users: 2 });
const txsOf = (app: ChainApp, h: number) => [transferTx(app, user(0), BigInt(h - 1), addrOf(user(1)), 5n)];
type Committed = { height: bigint; vedHash: Uint8Array; uedHash: Uint8Array };
const line = (c: Committed) => `${c.height}:${toHex(c.vedHash)}/${toHex(c.uedHash)}`;

test('ued compact store: an app restarted from a record behind the UED log answers the stored heights, then executes on (same hashes)', async () => {
  const straight: string[] = [];
  const ref = track(await ChainApp.create({ genesis, onCommitted: (c) => straight.push(line(c)) }));
  for (let h = 1; h <= 9; h++) await step(ref, txsOf(ref, h));
  await ref.ued.waitFor(9n);

  const seen = new Map<bigint, string>();
  const dbs = { ved: new MemoryNodeDB(), ued: new MemoryNodeDB() };
  const dbPath = mkdtempSync(join(tmpdir(), 'tandem-ued-compact-app-'));
  const o = (store: MemorySignStateStore): ChainAppOptions => ({
    genesis,
    store,
    nodeDb: (d) => dbs[d],
    uedWorker: { dbPath, store: 'compact' },
    onCommitted: (c) => seen.set(c.height, line(c)),
  });
  const store = new MemorySignStateStore();
  const first = track(await ChainApp.create(o(store)));
  const blocks = new Map<bigint, Block>();
  const fin = first.finalizeBlock.bind(first);
  first.finalizeBlock = (b) => {
    blocks.set(b.header.height, b);
    return fin(b);
  };
  for (let h = 1; h <= 3; h++) await step(first, txsOf(first, h));
  await first.ued.waitFor(3n);
  const uedAt3 = decodeAppRecord(store.load()!).ued;
  for (let h = 4; h <= 6; h++) await step(first, txsOf(first, h));
  await first.ued.waitFor(6n);
  await first.close(); // the UED log is at 6
  // The node died with its record at VED 6 but UED 3 (the outcomes 4-6 never reached it).
  const behind = new MemorySignStateStore();
  behind.save(encodeAppRecord({ ...decodeAppRecord(store.load()!), ued: uedAt3 }));
  const again = track(await ChainApp.create({ ...o(behind), blocks: async (h) => blocks.get(h) }));
  await again.ued.waitFor(6n);
  for (let h = 7; h <= 9; h++) await step(again, txsOf(again, h));
  await again.ued.waitFor(9n);
  assert.deepEqual([...seen.values()].sort(), [...straight].sort(), 'same VED and UED hash at every height');
  assert.equal(decodeAppRecord(behind.load()!).ued.height, 9n);
  await again.close();

  const third = track(await ChainApp.create(o(behind)));
  assert.equal(third.uedLatest().height, 9n, 'the record at the log height: resumed there');
  await step(third, txsOf(third, 10));
  await third.ued.waitFor(10n);
  await ref.close();
});
