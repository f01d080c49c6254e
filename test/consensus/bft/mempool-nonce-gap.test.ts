// A sender's transactions above its account's next nonce wait in the pool until the ones in
// between arrive: a block could not execute them, and a proposal that took them alone would
// waste them (the executor skips a nonce that is not the account's, so they would never run).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BftError, Mempool } from '../../../src/consensus/bft/index.js';
import { FakeApp, labels, mkTx, opts } from './mempool-helpers.js';

test('a nonce ahead of the account is admitted but not reaped until the gap is filled', async () => {
  const app = new FakeApp();
  app.accountNonce.set('a', 0n);
  const mp = new Mempool(opts(app));
  assert.equal((await mp.add(mkTx('a', 1, 100))).added, true);
  assert.equal((await mp.add(mkTx('b', 0, 50))).added, true);
  assert.deepEqual(labels(mp.reap(10_000, 10)), ['b:0'], 'a:1 waits for a:0');
  assert.equal((await mp.add(mkTx('a', 0, 100))).added, true);
  assert.deepEqual(labels(mp.reap(10_000, 10)), ['a:0', 'a:1', 'b:0']);
});

test('a committed transaction raises the sender next nonce even when the check view lags', async () => {
  // The UED's committed state may lag the chain (APE-21): the check still says 0 after a:0 commits.
  const app = new FakeApp();
  app.accountNonce.set('a', 0n);
  const mp = new Mempool(opts(app));
  const t0 = mkTx('a', 0, 100);
  await mp.add(t0);
  await mp.update([t0]);
  assert.equal(mp.size, 0);
  assert.equal((await mp.add(mkTx('a', 1, 100))).added, true);
  assert.deepEqual(labels(mp.reap(10_000, 10)), ['a:1'], 'the pool saw a:0 commit, so a:1 is next');
});

test('a re-check that reports a higher account nonce releases the waiting transactions', async () => {
  const app = new FakeApp();
  app.accountNonce.set('a', 0n);
  const mp = new Mempool(opts(app));
  await mp.add(mkTx('a', 2, 100));
  await mp.add(mkTx('a', 3, 100));
  assert.deepEqual(mp.reap(10_000, 10), []);
  // Nonces 0 and 1 ran through another node's pool: the state moved without this pool seeing them.
  app.accountNonce.set('a', 2n);
  await mp.update([]);
  assert.deepEqual(labels(mp.reap(10_000, 10)), ['a:2', 'a:3']);
});

test('the known next nonce never goes down (a stale check cannot hold back a released sender)', async () => {
  const app = new FakeApp();
  app.accountNonce.set('a', 0n);
  const mp = new Mempool(opts(app));
  const t0 = mkTx('a', 0, 100);
  await mp.add(t0);
  await mp.update([t0]);
  await mp.add(mkTx('a', 1, 100));
  await mp.update([]);
  assert.deepEqual(labels(mp.reap(10_000, 10)), ['a:1']);
});

test('a check result with an invalid next nonce is refused with TX_CHECK_INVALID', async () => {
  for (const next of [-1n, 5n, 1, 'x']) {
    const mp = new Mempool(
      opts(new FakeApp(), {
        checkTx: () => ({ ok: true, sender: 'a', nonce: 2n, fee: 1n, next: next as bigint }),
      }),
    );
    const r = await mp.add(mkTx('a', 2, 1));
    assert.equal(r.added, false);
    if (!r.added) assert.equal(r.code, BftError.TX_CHECK_INVALID, String(next));
    assert.equal(mp.size, 0);
  }
});

test('senders without a reported next nonce keep the old behaviour (lowest nonce is reaped)', async () => {
  const mp = new Mempool(opts(new FakeApp()));
  await mp.add(mkTx('a', 5, 100));
  assert.deepEqual(labels(mp.reap(10_000, 10)), ['a:5']);
});
