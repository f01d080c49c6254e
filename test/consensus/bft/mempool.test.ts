// Mempool behaviour: bounds, admission checks, deduplication, nonce-ordered reaping, replace-by-fee,
// eviction that cannot be abused, and post-block update with re-check.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { hash } from '../../../src/common/index.js';
import { type AddResult, BftError, Mempool } from '../../../src/consensus/bft/index.js';
import { FakeApp, labels, mkTx, opts } from './mempool-helpers.js';

function assertAdded(r: AddResult): asserts r is AddResult & { added: true } {
  assert.equal(r.added, true, r.added ? '' : `rejected: ${r.reason}`);
}
function assertRejected(r: AddResult, code: number): void {
  assert.equal(r.added, false);
  if (!r.added) assert.equal(r.code, code, r.reason);
}

test('bounded by count: a tx that does not outbid anyone is refused when full', async () => {
  const app = new FakeApp();
  const mp = new Mempool(opts(app, { maxTxs: 3 }));
  for (const s of ['a', 'b', 'c']) assertAdded(await mp.add(mkTx(s, 0, 100)));
  assertRejected(await mp.add(mkTx('d', 0, 100)), BftError.POOL_FULL);
  assert.equal(mp.size, 3);
  assert.equal(mp.bytes, 300);
});

test('bounded by bytes', async () => {
  const app = new FakeApp();
  const mp = new Mempool(opts(app, { maxBytes: 250 }));
  assertAdded(await mp.add(mkTx('a', 0, 100)));
  assertAdded(await mp.add(mkTx('b', 0, 100)));
  assertRejected(await mp.add(mkTx('c', 0, 100)), BftError.POOL_FULL);
  assertAdded(await mp.add(mkTx('c', 0, 50, 50)));
  assert.equal(mp.bytes, 250);
  assert.equal(mp.size, 3);
});

test('oversized tx is refused before checkTx runs', async () => {
  const app = new FakeApp();
  const mp = new Mempool(opts(app, { maxTxBytes: 100 }));
  assertRejected(await mp.add(mkTx('a', 0, 1000, 101)), BftError.TX_TOO_LARGE);
  assert.equal(app.calls.length, 0);
  assertAdded(await mp.add(mkTx('a', 0, 1000, 100)));
});

test('malformed input gives a coded rejection, never a throw', async () => {
  const app = new FakeApp();
  const mp = new Mempool(opts(app));
  assertRejected(await mp.add(new Uint8Array(0)), BftError.TX_MALFORMED);
  assertRejected(await mp.add('tx' as unknown as Uint8Array), BftError.TX_MALFORMED);
  assertRejected(await mp.add(null as unknown as Uint8Array), BftError.TX_MALFORMED);
  assert.equal(mp.size, 0);
  assert.equal(mp.has('x' as unknown as Uint8Array), false);
});

test('invalid options throw a coded BftError', () => {
  const app = new FakeApp();
  for (const bad of [{ maxTxs: 0 }, { maxBytes: -1 }, { maxTxBytes: 1.5 }, { maxPerSender: Number.NaN }]) {
    assert.throws(
      () => new Mempool(opts(app, bad)),
      (e: unknown) => BftError.is(e, 'bft', BftError.MEMPOOL_OPTIONS),
    );
  }
  assert.throws(() => new Mempool(opts(app, { checkTx: 1 as never })), BftError);
});

test('duplicates are refused, in the pool and after commit', async () => {
  const app = new FakeApp();
  const mp = new Mempool(opts(app));
  const tx = mkTx('a', 0, 100);
  const r = await mp.add(tx);
  assertAdded(r);
  assert.deepEqual(r.hash, hash(tx));
  assert.ok(mp.has(hash(tx)));
  assertRejected(await mp.add(tx), BftError.TX_DUPLICATE);
  await mp.update([tx]);
  assert.equal(mp.has(hash(tx)), false);
  assert.equal(mp.size, 0);
  const calls = app.calls.length;
  assertRejected(await mp.add(tx), BftError.TX_DUPLICATE);
  assert.equal(app.calls.length, calls, 'a replay is refused without asking the application');
  // Committed by someone else, never in our pool: refused too.
  const foreign = mkTx('z', 0, 1);
  await mp.update([foreign]);
  assertRejected(await mp.add(foreign), BftError.TX_DUPLICATE);
});

test('the committed-hash cache is bounded and forgets the oldest', async () => {
  const app = new FakeApp();
  const mp = new Mempool(opts(app, { seenCacheSize: 2 }));
  const [t1, t2, t3] = [mkTx('a', 0, 1), mkTx('a', 1, 1), mkTx('a', 2, 1)];
  await mp.update([t1!, t2!, t3!]);
  assertRejected(await mp.add(t3!), BftError.TX_DUPLICATE);
  assertRejected(await mp.add(t2!), BftError.TX_DUPLICATE);
  assertAdded(await mp.add(t1!));
});

test('concurrent adds of one tx admit it once', async () => {
  const app = new FakeApp();
  const slow = new Mempool(opts(app, { checkTx: async (tx, m) => app.check(tx, m) }));
  const tx = mkTx('a', 0, 5);
  const [r1, r2] = await Promise.all([slow.add(tx), slow.add(tx)]);
  assertAdded(r1);
  assertRejected(r2, BftError.TX_DUPLICATE);
  assert.equal(slow.size, 1);
});

test('checkTx rejection, throw and malformed results are coded rejections', async () => {
  const app = new FakeApp();
  const bad = mkTx('a', 0, 1);
  app.rejectTx(bad);
  const mp = new Mempool(opts(app));
  const r = await mp.add(bad);
  assertRejected(r, BftError.TX_REJECTED);
  assert.equal(!r.added && r.reason, 'invalid in current state');
  const results: unknown[] = [
    { ok: true, sender: 'a', nonce: -1n, fee: 1n },
    { ok: true, sender: 'a', nonce: 0n, fee: 1 },
    { ok: true, sender: '', nonce: 0n, fee: 1n },
    { ok: 'yes' },
    undefined,
  ];
  for (const res of results) {
    const m = new Mempool(opts(app, { checkTx: () => res as never }));
    assertRejected(await m.add(mkTx('a', 0, 1)), BftError.TX_CHECK_INVALID);
    assert.equal(m.size, 0);
  }
  const throwing = new Mempool(
    opts(app, {
      checkTx: () => {
        throw new TypeError('boom');
      },
    }),
  );
  const t = await throwing.add(mkTx('a', 0, 1));
  assertRejected(t, BftError.TX_CHECK_INVALID);
  assert.match(!t.added ? t.reason : '', /boom/);
});

test('per-sender cap', async () => {
  const app = new FakeApp();
  const mp = new Mempool(opts(app, { maxPerSender: 2 }));
  assertAdded(await mp.add(mkTx('a', 0, 1)));
  assertAdded(await mp.add(mkTx('a', 1, 1)));
  assertRejected(await mp.add(mkTx('a', 2, 1000)), BftError.SENDER_FULL);
  assertAdded(await mp.add(mkTx('b', 0, 1)));
});

test('reap: fee per byte across senders, nonce order within a sender, stop at gaps', async () => {
  const app = new FakeApp();
  const mp = new Mempool(opts(app));
  // a: cheap nonce 0 holds back its rich nonce 1; nonce 3 sits behind a gap.
  for (const [s, n, fee] of [
    ['a', 1, 900],
    ['a', 0, 10],
    ['a', 3, 5000],
    ['b', 0, 500],
    ['b', 1, 400],
    ['c', 5, 50],
  ] as const)
    assertAdded(await mp.add(mkTx(s, n, fee)));
  assert.deepEqual(labels(mp.reap(10_000, 100)), ['b:0', 'b:1', 'c:5', 'a:0', 'a:1']);
  assert.deepEqual(labels(mp.reap(10_000, 2)), ['b:0', 'b:1']);
  assert.deepEqual(labels(mp.reap(250, 100)), ['b:0', 'b:1']);
  assert.deepEqual(mp.reap(-1, 10), []);
  assert.equal(mp.size, 6, 'reap removes nothing');
  // A tx that does not fit ends its sender, but smaller ones of others still fit.
  const mp2 = new Mempool(opts(app));
  assertAdded(await mp2.add(mkTx('x', 0, 10_000, 300)));
  assertAdded(await mp2.add(mkTx('y', 0, 10, 100)));
  assert.deepEqual(labels(mp2.reap(200, 10)), ['y:0']);
});

test('reap breaks fee-per-byte ties by hash', async () => {
  const app = new FakeApp();
  const mp = new Mempool(opts(app));
  const txs = ['p', 'q', 'r', 's'].map((s) => mkTx(s, 0, 100));
  for (const t of [...txs].reverse()) assertAdded(await mp.add(t));
  const byHash = [...txs].sort((x, y) => Buffer.compare(hash(x), hash(y)));
  assert.deepEqual(mp.reap(10_000, 10), byHash);
  // Equal rate at different sizes counts as a tie too (200/200 = 100/100).
  const mp2 = new Mempool(opts(app));
  const big = mkTx('u', 0, 200, 200);
  const small = mkTx('v', 0, 100, 100);
  await mp2.add(big);
  await mp2.add(small);
  const order = Buffer.compare(hash(big), hash(small)) < 0 ? [big, small] : [small, big];
  assert.deepEqual(mp2.reap(10_000, 10), order);
});

test('replace-by-fee needs at least 10% more per byte', async () => {
  const app = new FakeApp();
  const mp = new Mempool(opts(app));
  const orig = mkTx('a', 0, 100);
  assertAdded(await mp.add(orig));
  assertRejected(await mp.add(mkTx('a', 0, 109)), BftError.TX_REPLACEMENT_UNDERPRICED);
  // Bigger tx with more total fee but less per byte is not a replacement either.
  assertRejected(await mp.add(mkTx('a', 0, 150, 200)), BftError.TX_REPLACEMENT_UNDERPRICED);
  const next = mkTx('a', 0, 110);
  const r = await mp.add(next);
  assertAdded(r);
  assert.deepEqual(r.replaced, hash(orig));
  assert.deepEqual(r.evicted, []);
  assert.equal(mp.has(hash(orig)), false);
  assert.equal(mp.size, 1);
  assert.equal(mp.bytes, 100);
  // Zero fee cannot be "replaced" by another zero fee forever.
  assertAdded(await mp.add(mkTx('z', 0, 0)));
  assertRejected(await mp.add(mkTx('z', 0, 0, 100, 'x')), BftError.TX_REPLACEMENT_UNDERPRICED);
});

test('a richer tx evicts the cheapest, highest-nonce txs first; an equal one is refused', async () => {
  const app = new FakeApp();
  const mp = new Mempool(opts(app, { maxBytes: 400 }));
  const a0 = mkTx('a', 0, 10);
  const a1 = mkTx('a', 1, 50);
  const b0 = mkTx('b', 0, 20);
  const c0 = mkTx('c', 0, 300);
  for (const t of [a0, a1, b0, c0]) assertAdded(await mp.add(t));
  // Needs 300 bytes. a:0 is the cheapest but a:1 sits above it: b:0, then a:1, then a:0.
  const d0 = mkTx('d', 0, 600, 300);
  const r = await mp.add(d0);
  assertAdded(r);
  assert.deepEqual(r.evicted, [hash(b0), hash(a1), hash(a0)]);
  assert.equal(mp.bytes, 400);
  assert.deepEqual(labels(mp.reap(1000, 10)), ['c:0', 'd:0']);
  // Same fee per byte as the cheapest (2/byte): not richer, refused, nothing changes.
  assertRejected(await mp.add(mkTx('e', 0, 200)), BftError.POOL_FULL);
  assert.ok(mp.has(hash(d0)) && mp.has(hash(c0)));
  assert.equal(mp.size, 2);
});

test("eviction never opens a gap under the newcomer's own nonce", async () => {
  const app = new FakeApp();
  const mp = new Mempool(opts(app, { maxTxs: 2 }));
  assertAdded(await mp.add(mkTx('a', 0, 1)));
  assertAdded(await mp.add(mkTx('b', 0, 50)));
  // a:1 outbids a:0, but evicting a:0 would strand a:1, so b:0 goes.
  const r = await mp.add(mkTx('a', 1, 100));
  assertAdded(r);
  assert.deepEqual(labels(mp.reap(1000, 10)), ['a:0', 'a:1']);
  // A lower nonce may push out the same sender's higher one.
  const mp2 = new Mempool(opts(app, { maxTxs: 2 }));
  assertAdded(await mp2.add(mkTx('a', 5, 1)));
  assertAdded(await mp2.add(mkTx('b', 0, 50)));
  const r2 = await mp2.add(mkTx('a', 4, 10));
  assertAdded(r2);
  assert.deepEqual(r2.evicted, [hash(mkTx('a', 5, 1))]);
});

test('a spammer with many cheap txs cannot evict a richer tx', async () => {
  const app = new FakeApp();
  const mp = new Mempool(opts(app, { maxTxs: 10, maxPerSender: 100 }));
  const victim = mkTx('victim', 0, 1000);
  assertAdded(await mp.add(victim));
  let refused = 0;
  for (let i = 0; i < 50; i++) {
    // Spam below the victim's rate; some of it outbids earlier spam, none can touch the victim.
    const r = await mp.add(mkTx(`spam${i % 5}`, Math.floor(i / 5), 900 + ((i * 37) % 99)));
    if (!r.added) refused++;
    assert.ok(mp.has(hash(victim)), `victim survives spam tx ${i}`);
  }
  assert.ok(refused > 0);
  assert.equal(mp.size, 10);
  // A small tx with a higher rate but less total fee cannot push out a big one either.
  const mp2 = new Mempool(opts(app, { maxTxs: 1 }));
  const big = mkTx('big', 0, 1000, 1000); // 1 per byte, 1000 in total
  assertAdded(await mp2.add(big));
  assertRejected(await mp2.add(mkTx('small', 0, 500, 100)), BftError.POOL_FULL); // 5 per byte, 500 total
  assert.ok(mp2.has(hash(big)));
  const r = await mp2.add(mkTx('small', 0, 1001, 100));
  assertAdded(r);
  assert.deepEqual(r.evicted, [hash(big)]);
  // A zero-fee tx can never evict anything.
  const mp3 = new Mempool(opts(app, { maxTxs: 1 }));
  assertAdded(await mp3.add(mkTx('a', 0, 0, 1000)));
  assertRejected(await mp3.add(mkTx('b', 0, 0, 10)), BftError.POOL_FULL);
});

test('update removes committed txs and drops those failing re-check', async () => {
  const app = new FakeApp();
  const mp = new Mempool(opts(app));
  const [a0, a1, a2, a3, a4] = [0, 1, 2, 3, 4].map((n) => mkTx('a', n, 9)) as [
    Uint8Array,
    Uint8Array,
    Uint8Array,
    Uint8Array,
    Uint8Array,
  ];
  const [b0, b1] = [mkTx('b', 0, 5), mkTx('b', 1, 5)];
  for (const t of [a0, a1, a2, a3, a4, b0, b1]) assertAdded(await mp.add(t));
  app.rejectTx(a2);
  app.rejectTx(b0);
  app.calls.length = 0;
  await mp.update([a0]);
  assert.equal(mp.has(hash(a0)), false);
  assert.equal(mp.has(hash(a2)), false);
  assert.equal(mp.has(hash(b0)), false);
  assert.ok(mp.has(hash(a1)) && mp.has(hash(a3)) && mp.has(hash(a4)) && mp.has(hash(b1)), 'others stay');
  assert.equal(mp.size, 4);
  assert.equal(mp.bytes, 400);
  // Re-checked in sender order, each by nonce, all with mode recheck.
  assert.deepEqual(labels(app.calls.map((c) => c.tx)), ['a:1', 'a:2', 'a:3', 'a:4', 'b:0', 'b:1']);
  assert.ok(app.calls.every((c) => c.mode === 'recheck'));
  // a:3, a:4 and b:1 sit above gaps and are not reaped.
  assert.deepEqual(labels(mp.reap(10_000, 100)), ['a:1']);
  // Filling b's gap makes b:1 reapable again.
  assertAdded(await mp.add(mkTx('b', 0, 5, 100, 'v2')));
  assert.deepEqual(labels(mp.reap(10_000, 100)), ['a:1', 'b:0', 'b:1']);
  // a's gap closes when a nonce of a at or above it commits (a:2 was included elsewhere).
  app.bad.clear();
  await mp.update([a1, a3]);
  assert.deepEqual(labels(mp.reap(10_000, 100)), ['a:4', 'b:0', 'b:1']);
});

test('update rejects a malformed argument and changes nothing', async () => {
  const app = new FakeApp();
  const mp = new Mempool(opts(app));
  assertAdded(await mp.add(mkTx('a', 0, 1)));
  await assert.rejects(mp.update('x' as never), (e: unknown) =>
    BftError.is(e, 'bft', BftError.MEMPOOL_ARGUMENT),
  );
  await assert.rejects(mp.update([1] as never), BftError);
  assert.equal(mp.size, 1);
  // The pool keeps working after a rejected update.
  assertAdded(await mp.add(mkTx('a', 1, 1)));
});

test('a re-check that changes sender or nonce drops the tx; a changed fee is taken', async () => {
  const app = new FakeApp();
  let shift = false;
  const mp = new Mempool(
    opts(app, {
      checkTx: (tx, mode) => {
        const r = app.check(tx, mode);
        if (!shift || !r.ok) return r;
        if (r.sender === 'a') return { ...r, nonce: r.nonce + 1n };
        return r.sender === 'b' ? { ...r, fee: 1n } : r;
      },
    }),
  );
  assertAdded(await mp.add(mkTx('a', 0, 100)));
  assertAdded(await mp.add(mkTx('b', 0, 100)));
  assertAdded(await mp.add(mkTx('c', 0, 50)));
  shift = true;
  await mp.update([]);
  // a is gone; b now pays 1 in total, so c (50) comes first.
  assert.deepEqual(labels(mp.reap(10_000, 10)), ['c:0', 'b:0']);
  assert.equal(mp.size, 2);
});

test('re-checks after a block run together (all started before any answers); verdicts apply in sender and nonce order', async () => {
  const app = new FakeApp();
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  let started = 0;
  const mp = new Mempool(
    opts(app, {
      checkTx: async (tx, mode) => {
        if (mode === 'recheck') {
          started++;
          await gate;
        }
        return app.check(tx, mode);
      },
    }),
  );
  const txs = [mkTx('a', 0, 9), mkTx('a', 1, 9), mkTx('a', 2, 9), mkTx('b', 0, 5), mkTx('b', 1, 5)];
  for (const t of txs) assertAdded(await mp.add(t));
  app.rejectTx(txs[1]!);
  app.calls.length = 0;
  const done = mp.update([txs[0]!]);
  for (let i = 0; i < 10 && started < 4; i++) await new Promise((r) => setImmediate(r));
  assert.equal(started, 4, 'every re-check started while none had answered');
  release();
  await done;
  assert.deepEqual(labels(app.calls.map((c) => c.tx)), ['a:1', 'a:2', 'b:0', 'b:1']);
  assert.equal(mp.has(hash(txs[1]!)), false, 'the failing one is dropped');
  assert.equal(mp.size, 3);
  assert.equal(mp.bytes, 300);
  // a:2 now sits above a gap: not reaped; b's are.
  assert.deepEqual(labels(mp.reap(10_000, 100)), ['b:0', 'b:1']);
});
