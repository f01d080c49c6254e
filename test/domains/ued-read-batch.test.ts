/**
 * Batched UED reads (mempool admission): reads asked in one event-loop turn go out as one message,
 * results come back in order, a read that failed in the worker fails only its callers, and the
 * worker runner answers many concurrent reads like the inline runner.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { hash } from '../../src/common/index.js';
import { accountKey } from '../../src/consensus/index.js';
import { ChainApp, DomainsError, WorkerUedRunner } from '../../src/domains/index.js';
import { UedReadBatcher, type UedReadOutcome } from '../../src/domains/ued-read-batch.js';
import { addrOf, testGenesis, user } from '../helpers/chain-app.js';
import { track } from '../helpers/ued-worker.js';

const k = (i: number) => Uint8Array.of(i);

test('reads of one turn go out as one message; outcomes arrive in order', async () => {
  const sends: number[][] = [];
  const b = new UedReadBatcher(async (keys) => {
    sends.push(keys.map((x) => x[0]!));
    return keys.map((x): UedReadOutcome => (x[0]! % 2 === 0 ? null : Uint8Array.of(x[0]! * 10)));
  });
  const got = await Promise.all([1, 2, 3, 4, 5].map((i) => b.get(k(i))));
  assert.deepEqual(sends, [[1, 2, 3, 4, 5]]);
  assert.deepEqual(got, [Uint8Array.of(10), null, Uint8Array.of(30), null, Uint8Array.of(50)]);
  assert.deepEqual(await b.get(k(7)), Uint8Array.of(70));
  assert.deepEqual(sends, [[1, 2, 3, 4, 5], [7]], 'a later turn sends its own message');
});

test('a read that failed in the worker fails only its callers; flush sends at once', async () => {
  const b = new UedReadBatcher(async (keys) =>
    keys.map((x): UedReadOutcome => (x[0] === 2 ? 'disk gone' : null)),
  );
  const ps = [1, 2, 3].map((i) => b.get(k(i)));
  b.flush();
  const out = await Promise.allSettled(ps);
  assert.equal(out[0]!.status, 'fulfilled');
  assert.equal(out[2]!.status, 'fulfilled');
  assert.equal(out[1]!.status, 'rejected');
  const e = (out[1] as PromiseRejectedResult).reason;
  assert.ok(e instanceof DomainsError && e.code === DomainsError.READ_FAILED);
  assert.match(e.message, /disk gone/);
});

test('a failed message rejects every read of it, and later reads still go out', async () => {
  let fail = true;
  const b = new UedReadBatcher(async (keys) => {
    if (fail) throw new DomainsError(DomainsError.WORKER_FAILED, 'gone');
    return keys.map(() => null);
  });
  const out = await Promise.allSettled([b.get(k(1)), b.get(k(2))]);
  assert.ok(out.every((o) => o.status === 'rejected' && o.reason instanceof DomainsError));
  fail = false;
  assert.equal(await b.get(k(3)), null);
  const thrower = new UedReadBatcher(() => {
    throw new DomainsError(DomainsError.CLOSED, 'closed');
  });
  await assert.rejects(thrower.get(k(1)), (e) => e instanceof DomainsError && e.code === DomainsError.CLOSED);
});

test('the worker runner answers many concurrent reads like the inline runner, in order', async () => {
  const genesis = testGenesis(2, { users: 6 });
  const inline = track(await ChainApp.create({ genesis }));
  const w = track(await WorkerUedRunner.start({ genesis }));
  const keys = [
    ...Array.from({ length: 6 }, (_, i) => accountKey(addrOf(user(i)))),
    accountKey(hash(Uint8Array.of(1)).subarray(0, 21)),
    accountKey(addrOf(user(2))),
  ];
  const [a, b] = await Promise.all([
    Promise.all(keys.map((x) => inline.ued.get(x))),
    Promise.all(keys.map((x) => w.get(x))),
  ]);
  assert.deepEqual(b, a);
  assert.ok(b[0] instanceof Uint8Array && b[6] === null);
  await w.close();
  await assert.rejects(w.get(keys[0]!), (e) => e instanceof DomainsError && e.code === DomainsError.CLOSED);
  await inline.close();
});
