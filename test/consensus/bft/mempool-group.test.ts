// Offers made while the mempool is busy are checked together and take effect in offer order.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { hash } from '../../../src/common/index.js';
import { type AddResult, BftError, Mempool } from '../../../src/consensus/bft/index.js';
import { FakeApp, labels, mkTx, opts } from './mempool-helpers.js';

function codeOf(r: AddResult): number | 'added' {
  return r.added ? 'added' : r.code;
}

/** A mempool whose checks wait at a gate, counting how many started. */
function gated(app: FakeApp, maxPerSender = 64) {
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  const seen = { started: 0 };
  const mp = new Mempool(
    opts(app, {
      maxPerSender,
      checkTx: async (tx, mode) => {
        seen.started++;
        await gate;
        return app.check(tx, mode);
      },
    }),
  );
  return { mp, seen, release };
}

async function turns(n: number): Promise<void> {
  for (let i = 0; i < n; i++) await new Promise((r) => setImmediate(r));
}

test('offers made together are all checked before any answers; verdicts in offer order', async () => {
  const app = new FakeApp();
  const { mp, seen, release } = gated(app);
  const txs = [mkTx('a', 0, 9), mkTx('a', 1, 9), mkTx('b', 0, 5), mkTx('a', 2, 9)];
  app.rejectTx(txs[2]!);
  const results = txs.map((t) => mp.add(t));
  await turns(5);
  assert.equal(seen.started, 4, 'every check started while none had answered');
  release();
  assert.deepEqual((await Promise.all(results)).map(codeOf), [
    'added',
    'added',
    BftError.TX_REJECTED,
    'added',
  ]);
  assert.deepEqual(labels(mp.reap(10_000, 100)), ['a:0', 'a:1', 'a:2']);
});

test('the same bytes twice in one group: checked once, the second is a duplicate', async () => {
  const app = new FakeApp();
  const { mp, seen, release } = gated(app);
  const t = mkTx('a', 0, 9);
  const results = [mp.add(t), mp.add(new Uint8Array(t)), mp.add(Uint8Array.of())];
  release();
  assert.deepEqual((await Promise.all(results)).map(codeOf), [
    'added',
    BftError.TX_DUPLICATE,
    BftError.TX_MALFORMED,
  ]);
  assert.equal(seen.started, 1);
  assert.equal(mp.size, 1);
});

test('a group applies the pool bounds one offer after the other (sender cap)', async () => {
  const app = new FakeApp();
  const { mp, release } = gated(app, 2);
  const results = [0, 1, 2].map((n) => mp.add(mkTx('a', n, 9)));
  release();
  assert.deepEqual((await Promise.all(results)).map(codeOf), ['added', 'added', BftError.SENDER_FULL]);
});

test('offers made after an update are checked after it (against the state it leaves)', async () => {
  const app = new FakeApp();
  const mp = new Mempool(opts(app));
  const t0 = mkTx('a', 0, 9);
  const first = mp.add(t0);
  const update = mp.update([t0]);
  const again = mp.add(t0);
  assert.equal(codeOf(await first), 'added');
  await update;
  assert.equal(codeOf(await again), BftError.TX_DUPLICATE, 'committed by then');
  assert.equal(mp.has(hash(t0)), false);
});

test('a checkTx that throws or answers garbage rejects only its own offer in the group', async () => {
  const app = new FakeApp();
  const bad = mkTx('x', 0, 1);
  const mp = new Mempool(
    opts(app, {
      checkTx: (tx, mode) => {
        if (labels([tx])[0] === 'x:0') throw new Error('boom');
        if (labels([tx])[0] === 'y:0') return { ok: 'yes' } as never;
        return app.check(tx, mode);
      },
    }),
  );
  const results = [mp.add(mkTx('a', 0, 9)), mp.add(bad), mp.add(mkTx('y', 0, 1)), mp.add(mkTx('a', 1, 9))];
  const codes = (await Promise.all(results)).map(codeOf);
  assert.deepEqual(codes, ['added', BftError.TX_CHECK_INVALID, BftError.TX_CHECK_INVALID, 'added']);
});
