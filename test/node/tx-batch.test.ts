// Transaction gossip in batches: strict round trip; oversized, overfull, malformed and
// non-canonical batches refused with no mempool change; one bad transaction in a batch refused
// alone; the batcher sends on count, bytes or its delay.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { encodeCanonical, hash } from '../../src/common/index.js';
import { Mempool } from '../../src/consensus/bft/index.js';
import type { Admission } from '../../src/node/admission.js';
import { NodeError } from '../../src/node/errors.js';
import {
  decodeTxBatch,
  encodeTxBatch,
  MAX_BATCH_TXS,
  maxBatchBytes,
  TxBatcher,
} from '../../src/node/tx-batch.js';
import { TxGossip } from '../../src/node/tx-gossip.js';
import type { GossipHandler, Network } from '../../src/p2p/index.js';
import { FakeApp, labels, mkTx, opts } from '../consensus/bft/mempool-helpers.js';

const MAX_TX = 1000;
const isBatchError = (e: unknown) => e instanceof NodeError && e.code === NodeError.TX_BATCH;

test('tx batch: round trip keeps order and bytes', () => {
  const txs = [mkTx('a', 0, 1), mkTx('a', 1, 1, 300), mkTx('b', 0, 2, 10)];
  const back = decodeTxBatch(encodeTxBatch(txs), MAX_TX);
  assert.deepEqual(back, txs);
  assert.ok(encodeTxBatch(txs).length <= maxBatchBytes(MAX_TX));
});

test('tx batch: empty, overfull, oversized, malformed and non-canonical batches are TX_BATCH', () => {
  assert.throws(() => encodeTxBatch([]), isBatchError);
  assert.throws(
    () => encodeTxBatch(Array.from({ length: MAX_BATCH_TXS + 1 }, () => mkTx('a', 0, 1))),
    isBatchError,
  );
  const refused = (b: unknown, why: string) =>
    assert.throws(() => decodeTxBatch(b as Uint8Array, MAX_TX), isBatchError, why);
  refused(encodeCanonical([]), 'no transaction');
  refused(encodeCanonical([new Uint8Array(0)]), 'an empty transaction');
  refused(encodeCanonical(Array.from({ length: MAX_BATCH_TXS + 1 }, () => Uint8Array.of(1))), 'too many');
  refused(encodeCanonical([new Uint8Array(MAX_TX + 1)]), 'a transaction over the size limit');
  refused(new Uint8Array(maxBatchBytes(MAX_TX) + 1), 'over the batch limit');
  refused(encodeCanonical([[Uint8Array.of(1)]]), 'nested');
  refused(encodeCanonical(['text']), 'not bytes');
  refused(Uint8Array.of(0x9f, 0x41, 0x01, 0xff), 'indefinite length');
  refused(Uint8Array.of(0x81, 0x58, 0x01, 0x01), 'non-minimal length');
  refused(Uint8Array.of(0x81, 0x41), 'truncated');
  refused(mkTx('a', 0, 1), 'a bare transaction (the old topic format)');
  refused('x', 'not bytes at all');
});

test('tx batcher: sends on the count bound, the byte bound and after its delay', async () => {
  const sent: number[][] = [];
  const b = new TxBatcher((txs) => sent.push(txs.map((t) => t.length)), 20, 3, 100);
  b.add(new Uint8Array(10));
  b.add(new Uint8Array(10));
  b.add(new Uint8Array(10));
  assert.deepEqual(sent, [[10, 10, 10]], 'full by count');
  b.add(new Uint8Array(60));
  b.add(new Uint8Array(60)); // would pass 100 bytes: the first goes alone
  assert.deepEqual(sent, [[10, 10, 10], [60]]);
  b.add(new Uint8Array(50)); // again: 110 bytes would pass the bound
  assert.deepEqual(sent, [[10, 10, 10], [60], [60]]);
  b.add(new Uint8Array(50)); // exactly 100 bytes: sent at once
  assert.deepEqual(sent.at(-1), [50, 50]);
  b.add(new Uint8Array(1));
  assert.equal(sent.length, 4, 'waits for its delay');
  await new Promise((r) => setTimeout(r, 60));
  assert.deepEqual(sent.at(-1), [1]);
  b.flush();
  assert.equal(sent.length, 5, 'nothing to flush');
});

/** A TxGossip over a recording network and a real mempool checked by a fake app. */
function gossip() {
  const app = new FakeApp();
  const mempool = new Mempool(opts(app, { maxTxBytes: MAX_TX }));
  const admission: Admission = {
    mempool,
    submit: async (tx) => {
      const r = await mempool.add(tx);
      return r.added
        ? { added: true, hash: r.hash }
        : { added: false, error: { module: 'bft', code: r.code, message: r.reason } };
    },
  };
  const published: Uint8Array[] = [];
  let handler: GossipHandler | undefined;
  const net = {
    peerId: 'me',
    publish: async (_t: string, d: Uint8Array) => void published.push(d),
    subscribe: (_t: string, h: GossipHandler) => void (handler = h),
  } as unknown as Network;
  const g = new TxGossip(net, 'chain-1', admission, MAX_TX, undefined, 1000);
  g.attach();
  return { app, mempool, g, published, deliver: (d: Uint8Array) => handler!('peer', d) };
}

test('tx gossip: a batch is admitted one by one; a bad transaction is refused alone; a malformed batch changes nothing', async () => {
  const { app, mempool, deliver } = gossip();
  const good = [mkTx('a', 0, 5), mkTx('a', 1, 5), mkTx('b', 0, 5)];
  const bad = mkTx('c', 0, 5);
  app.rejectTx(bad);
  assert.equal(await deliver(encodeTxBatch([good[0]!, bad, good[1]!, good[2]!])), 'accept');
  assert.equal(mempool.size, 3);
  assert.equal(mempool.has(hash(bad)), false);
  assert.deepEqual(labels(mempool.reap(100_000, 100)).sort(), ['a:0', 'a:1', 'b:0']);
  // Nothing new: ignored (not forwarded), no penalty.
  assert.equal(await deliver(encodeTxBatch([good[0]!, bad])), 'ignore');
  // Malformed: rejected before any admission.
  app.calls.length = 0;
  assert.equal(await deliver(encodeCanonical([mkTx('d', 0, 5), 7])), 'reject');
  assert.equal(await deliver(mkTx('d', 0, 5)), 'reject');
  assert.equal(app.calls.length, 0, 'no transaction of a malformed batch was checked');
  assert.equal(mempool.size, 3);
});

test('tx gossip: submissions admitted close together leave as one batch; refused ones are not gossiped', async () => {
  const { app, g, published } = gossip();
  const bad = mkTx('c', 0, 5);
  app.rejectTx(bad);
  assert.equal((await g.submit(mkTx('a', 0, 5))).added, true);
  assert.equal((await g.submit(bad)).added, false);
  assert.equal((await g.submit(mkTx('a', 1, 5))).added, true);
  assert.equal(published.length, 0, 'held for the batch delay');
  g.flush();
  assert.equal(published.length, 1);
  assert.deepEqual(labels(decodeTxBatch(published[0]!, MAX_TX)), ['a:0', 'a:1']);
});
