// Issue 8 defect: a transfer whose nonce is ahead of its account's (nonce 1 submitted before
// nonce 0) must not be proposed alone: the executor would skip it without a receipt and the
// mempool would then forget it as committed. The pool now holds it until nonce 0 arrives, then
// both go into one block and both execute, and a sender's next transaction after a committed one
// is proposed at once (the lagging-view case, APE-21, is in mempool-nonce-gap.test.ts).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { hash } from '../../src/common/index.js';
import { addrOf, transferTx, user } from '../helpers/chain-app.js';
import { backendChain } from '../helpers/chain-backend.js';

test('issue 8: nonce 1 before nonce 0 waits in the mempool, then both are proposed and execute', async () => {
  const c = await backendChain();
  const b = c.feeds.backend;
  const to = addrOf(user(1));
  const t1 = transferTx(c.app, user(0), 1n, to, 7n);
  const t0 = transferTx(c.app, user(0), 0n, to, 5n);
  await b.submitTx(t1);
  assert.equal(c.admission.mempool.size, 1, 'admitted (within the nonce window)');
  assert.deepEqual(c.admission.mempool.reap(1 << 20, 100), [], 'not proposable alone');
  await c.step(c.admission.mempool.reap(1 << 20, 100));
  assert.equal(c.admission.mempool.size, 1, 'still waiting after an empty block');
  await b.submitTx(t0);
  const block = c.admission.mempool.reap(1 << 20, 100);
  assert.deepEqual(block, [t0, t1]);
  await c.step(block);
  for (const t of [t0, t1]) assert.equal((await b.getTx(hash(t)))?.receipt?.success, true);
  assert.equal(c.admission.mempool.size, 0);
});

test('issue 8: after a committed transaction the sender next nonce is proposed in the next block', async () => {
  const c = await backendChain();
  const b = c.feeds.backend;
  const to = addrOf(user(1));
  const t0 = transferTx(c.app, user(0), 0n, to, 5n);
  await b.submitTx(t0);
  await c.step(c.admission.mempool.reap(1 << 20, 100));
  const t1 = transferTx(c.app, user(0), 1n, to, 7n);
  await b.submitTx(t1);
  assert.deepEqual(c.admission.mempool.reap(1 << 20, 100), [t1], 'the pool saw nonce 0 commit');
  await c.step([t1]);
  assert.equal((await b.getTx(hash(t1)))?.receipt?.success, true);
});
