// Issue 8: the node's persistent transaction index. After a restart (a new backend with an empty
// memory index over the same block store and archive) getTx still returns old transactions with
// their receipts, getBlockByHash finds old blocks, and execution status answers from the archived
// receipt. Malformed records are refused with NodeError CORRUPT, missing ones are unknown.
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { ClassicLevel } from 'classic-level';
import { concatBytes, hash, TandemError } from '../../src/common/index.js';
import { blockHash } from '../../src/consensus/bft/index.js';
import { createChainFeeds, LevelTxArchive, NodeError, type TxArchive } from '../../src/node/index.js';
import { addrOf, transferTx, user } from '../helpers/chain-app.js';
import { backendChain } from '../helpers/chain-backend.js';

const corrupt = (e: unknown) => TandemError.is(e, NodeError.MODULE, NodeError.CORRUPT);

test('issue 8: transactions, receipts and block hashes are found again after a restart', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tandem-txa-'));
  const archive = await LevelTxArchive.open(dir);
  const c = await backendChain({ archive });
  const tx = transferTx(c.app, user(0), 0n, addrOf(user(1)), 9n);
  await c.feeds.backend.submitTx(tx);
  const b1 = await c.step([tx]);
  await c.step([]);
  await c.feeds.drain();
  await archive.flush();
  const before = await c.feeds.backend.getTx(hash(tx));
  assert.equal(before?.receipt?.success, true);
  // The restarted node: a new backend (empty memory index, one entry kept) over the same stores.
  const restarted = (a?: TxArchive) =>
    createChainFeeds({
      chainId: c.genesis.chain_id,
      genesis: c.genesis,
      app: c.app,
      blocks: c.blocks,
      submit: async () => ({ added: false, error: { module: 'x', code: 1, message: 'unused' } }),
      peers: () => 0,
      syncing: () => false,
      indexLimit: 1,
      ...(a ? { archive: a } : {}),
    }).backend;
  assert.equal(
    (await restarted().getTx(hash(tx)))?.receipt ?? null,
    null,
    'the memory index alone forgot it',
  );
  const again = restarted(archive);
  const after = await again.getTx(hash(tx));
  assert.deepEqual(after, before);
  assert.equal((await again.getBlockByHash(blockHash(b1)))?.height, 1);
  const st = await again.executionStatus(hash(tx));
  assert.notEqual(st.state, 'pending');
  assert.equal(st.receipt?.success, true);
  assert.equal(await again.getTx(new Uint8Array(32)), null, 'unknown stays unknown');
  await archive.close();
});

test('issue 8: malformed archive records are refused as CORRUPT; missing ones are undefined', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tandem-txa-'));
  const db = new ClassicLevel<Uint8Array, Uint8Array>(dir, { keyEncoding: 'view', valueEncoding: 'view' });
  const h = new Uint8Array(32).fill(5);
  await db.put(concatBytes(Uint8Array.of(0x6c), h), new Uint8Array(11));
  await db.put(concatBytes(Uint8Array.of(0x72), h), Uint8Array.of(0xa1, 0x61, 0x78, 0x01));
  await db.put(concatBytes(Uint8Array.of(0x62), h), new Uint8Array(9));
  await db.close();
  const a = await LevelTxArchive.open(dir);
  await assert.rejects(a.location(h), corrupt);
  await assert.rejects(a.receipt(h), corrupt);
  await assert.rejects(a.blockHeight(h), corrupt);
  const other = new Uint8Array(32).fill(6);
  assert.equal(await a.location(other), undefined);
  assert.equal(await a.receipt(other), undefined);
  assert.equal(await a.blockHeight(other), undefined);
  await a.close();
});
