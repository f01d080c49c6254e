// Execution status with a stake threshold and waiters (APE-19, APE-20), halted by divergence (APE-18).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { hash, utf8 } from '../../src/common/index.js';
import { DomainsError, ExecutionStatusTracker, ReportBook } from '../../src/domains/index.js';

const h = (s: string) => hash(utf8(s));
const stakes = new Map<string, bigint>([
  ['a', 50n],
  ['b', 30n],
  ['c', 20n],
]);

test('APE-19 pending until executed, then confirmed once the agreeing stake reaches minStake', async () => {
  const book = new ReportBook(stakes);
  const t = new ExecutionStatusTracker<string>(book);
  const tx = h('tx1');
  assert.deepEqual(t.status(tx, 0n), { state: 'pending' });
  const waiter = t.wait(tx, 40n);
  book.recordLocal(7, h('ued7'));
  t.recordExecuted(7, [{ txHash: tx, receipt: 'ok' }]);
  const s0 = t.status(tx, 0n);
  assert.equal(s0.state === 'executed' && s0.confirmed, true, 'X = 0 confirms on local execution (APE-19)');
  const s1 = t.status(tx, 40n);
  assert.equal(s1.state === 'executed' && s1.confirmed, false);
  assert.equal(t.pendingWaiters(), 1);
  book.recordReport({ validator: 'b', height: 7, hash: h('ued7') });
  t.wake();
  assert.equal(t.pendingWaiters(), 1, '30 < 40');
  book.recordReport({ validator: 'c', height: 8, hash: h('ued8') });
  book.recordLocal(8, h('ued8'));
  t.wake();
  const done = await waiter;
  assert.equal(done.state, 'executed');
  if (done.state === 'executed') {
    assert.equal(done.height, 7);
    assert.equal(done.receipt, 'ok');
    assert.equal(done.agreeingStake, 50n);
  }
});

test('APE-18 a halt rejects waiters and every later query with the divergence error', async () => {
  const book = new ReportBook(stakes);
  const t = new ExecutionStatusTracker<string>(book);
  const w = t.wait(h('tx'), 10n);
  const err = new DomainsError(DomainsError.DIVERGENCE_HALT, 'halted');
  t.halt(err);
  await assert.rejects(w, (e: unknown) => e === err);
  assert.throws(
    () => t.status(h('tx'), 0n),
    (e: unknown) => e === err,
  );
  await assert.rejects(t.wait(h('tx'), 0n));
});

test('an aborted wait rejects with a timeout error and is removed', async () => {
  const t = new ExecutionStatusTracker<string>(new ReportBook(stakes));
  const ac = new AbortController();
  const w = t.wait(h('tx'), 1n, ac.signal);
  ac.abort();
  await assert.rejects(w, (e: unknown) => e instanceof DomainsError && e.code === DomainsError.TIMEOUT);
  assert.equal(t.pendingWaiters(), 0);
});
