// End-to-end runtime governance on the composed chain (issue 6): registry, scheduler and roothash
// as VED programs driven through the real ChainApp, with roothash's outbox executed by the UED.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { bytesEqual, type Ed25519Signer } from '../../src/common/index.js';
import type { ChainApp } from '../../src/domains/index.js';
import {
  HeaderType,
  METHOD_SUBMIT_EVIDENCE,
  type RuntimeMessage,
  submitEvidenceBodyCodec,
} from '../../src/services/roothash/index.js';
import { type Committee, CommitteeKind, Role, schedulerAt } from '../../src/services/scheduler/index.js';
import {
  addEscrowBodyCodec,
  METHOD_ADD_ESCROW,
  METHOD_RECLAIM_ESCROW,
  reclaimEscrowBodyCodec,
} from '../../src/services/staking/index.js';
import { addrOf, signTx, step, user } from '../helpers/chain-app.js';
import {
  byRole,
  commitment,
  commitTx,
  ESCROW,
  elected,
  entities,
  escrowOf,
  executor,
  nodeSigner,
  nodes,
  queries,
  RUNTIME,
  RUNTIME_ACCOUNT,
  resetNonces,
  rootOf,
  runtimeChain,
  SLASH_BAD,
  SLASH_EQUIVOCATION,
  SLASH_LIVENESS,
  stepTo,
  uedBalance,
  uedEscrow,
} from './runtime-chain-fixture.js';

const eq = bytesEqual;

/** One round where every worker and backup in `honest` commits `label` for the round's scheduler. */
async function round(app: ChainApp, c: Committee, label: string, voters: Uint8Array[], liar?: Uint8Array) {
  const st = (await queries(app).runtimeStatus(RUNTIME))!;
  const s = schedulerAt(c, 0n, st.round + 1n)!;
  const txs = [];
  for (const v of voters)
    txs.push(commitTx(app, nodeSigner(v), await commitment(app, nodeSigner(v), s, label)));
  if (liar) txs.push(commitTx(app, nodeSigner(liar), await commitment(app, nodeSigner(liar), s, 'lie')));
  await step(app, txs);
  return s;
}

test('RT-7 RT-8 RT-10 RT-12 RT-13 RT-14 RT-27: registered by transactions, elected, rounds finalized, discrepancy resolved, liveness applied', async () => {
  const app = await runtimeChain();
  const c = await elected(app);
  const workers = byRole(c, Role.worker);
  const backups = byRole(c, Role.backupWorker);
  assert.equal(workers.length, 2);
  assert.equal(backups.length, 1);
  let st = (await queries(app).runtimeStatus(RUNTIME))!;
  assert.equal(st.suspended, false, 'RT-26: resumed with a committee');
  assert.equal(st.latest_block.header_type, HeaderType.EpochTransition);
  assert.equal((await queries(app).runtime(RUNTIME))!.suspended, false);

  // Bad input: a commitment for the wrong round fails its transaction and changes nothing.
  const failed = app.stats.failedReceipts;
  const w0 = nodeSigner(workers[0]!);
  const stale = await commitment(app, w0, schedulerAt(c, 0n, st.round + 1n)!, 'x');
  await stepTo(app, 20n);
  const wrong = {
    ...stale,
    header: { ...stale.header, header: { ...stale.header.header, round: st.round + 5n } },
  };
  await step(app, [commitTx(app, w0, wrong)]);
  assert.equal(app.stats.failedReceipts, failed + 1, 'the commit is refused');
  assert.equal((await queries(app).runtimeStatus(RUNTIME))!.round, st.round, 'nothing changed');

  // A normal round: both workers agree; the scheduler's message pays a user from the runtime account.
  const msg: RuntimeMessage = { staking: { v: 0, transfer: { to: addrOf(user(1)), amount: 777n } } };
  const before = await uedBalance(app, addrOf(user(1)));
  const s = schedulerAt(c, 0n, st.round + 1n)!;
  const other = workers.find((w) => !eq(w, s))!;
  await step(app, [
    commitTx(app, nodeSigner(s), await commitment(app, nodeSigner(s), s, 'r1', [msg])),
    commitTx(app, nodeSigner(other), await commitment(app, nodeSigner(other), s, 'r1', [msg])),
  ]);
  const r1 = (await queries(app).runtimeStatus(RUNTIME))!;
  assert.equal(r1.round, st.round + 1n, 'header round + 1');
  assert.equal(r1.latest_block.header_type, HeaderType.Normal);
  assert.deepEqual(r1.latest_block.state_root, rootOf('r1'), 'state root as committed');
  assert.equal(await uedBalance(app, addrOf(user(1))), before + 777n, 'RT-27: the message ran in the UED');
  assert.equal(await uedBalance(app, RUNTIME_ACCOUNT), 1_000_000n - 777n);

  // The faulty worker L is one that is not also the backup, so the backup can outvote it.
  const b = backups[0]!;
  const L = workers.find((w) => !eq(w, b))!;
  const honest = workers.find((w) => !eq(w, L))!;
  const voters = (sched: Uint8Array) => [sched, ...(eq(b, sched) ? [] : [b])];
  // Rounds L would schedule are plain ones; the others are the lie round, then the silent round.
  const nextScheduler = async () =>
    schedulerAt(c, 0n, (await queries(app).runtimeStatus(RUNTIME))!.round + 1n)!;
  while (eq(await nextScheduler(), L)) await round(app, c, 'plain', workers);
  const sLie = await round(app, c, 'good-lie-round', voters(honest), L);
  st = (await queries(app).runtimeStatus(RUNTIME))!;
  assert.deepEqual(st.latest_block.state_root, rootOf('good-lie-round'), 'RT-13: the majority wins');
  const res = (await queries(app).roundResults(RUNTIME))!;
  assert.deepEqual(res.bad_compute_nodes, [L], 'RT-14: the liar is attributed');
  assert.ok(res.good_compute_nodes.some((g) => eq(g, sLie)));

  while (eq(await nextScheduler(), L)) await round(app, c, 'plain', workers);
  const silentRound = st.round + 1n;
  await round(app, c, 'good-silent-round', voters(honest));
  st = (await queries(app).runtimeStatus(RUNTIME))!;
  assert.ok(st.next_timeout > 0n, 'waiting for the silent worker');
  await stepTo(app, st.next_timeout);
  st = (await queries(app).runtimeStatus(RUNTIME))!;
  assert.ok(st.round >= silentRound, 'the timeout sent the round to the backups, who finalized it');
  assert.deepEqual(st.latest_block.state_root, rootOf('good-silent-round'));

  // Incorrect results: the liar's entity is slashed in the UED and the good ones rewarded.
  const liarEntity = entities[nodes.findIndex((n) => eq(n.id.publicKey, L))]!;
  const goodEntities = entities.filter((e) => e !== liarEntity && [honest, b].some((n) => eq(n, nodeOf(e))));
  assert.equal((await uedEscrow(app, escrowOf(liarEntity))).active.balance, ESCROW - SLASH_BAD);
  for (const e of goodEntities) {
    assert.equal(
      (await uedEscrow(app, escrowOf(e))).active.balance,
      ESCROW + SLASH_BAD / BigInt(goodEntities.length),
    );
  }

  // Epoch 3: liveness finds L faulty (RT-14): fault recorded, frozen, slashed; not elected again.
  await stepTo(app, 30n);
  const status = (await queries(app).node(L))!.status!;
  assert.equal(status.faults[0]?.failures, 1);
  assert.ok(status.freeze_end_time > 0n, 'frozen by the liveness slash');
  assert.equal(
    (await uedEscrow(app, escrowOf(liarEntity))).active.balance,
    ESCROW - SLASH_BAD - SLASH_LIVENESS,
  );
  const c3 = await executor(app, 3n);
  assert.ok(!c3.members.some((m) => eq(m.public_key, L)), 'a frozen node is not elected');
  assert.equal(
    (await queries(app).runtimeStatus(RUNTIME))!.latest_block.header_type,
    HeaderType.EpochTransition,
  );
});

function nodeOf(e: Ed25519Signer): Uint8Array {
  return nodes[entities.indexOf(e)]!.id.publicKey;
}

test('RT-24 RT-25 RT-26: an owner short of stake gets a Suspended block at the epoch transition and resumes once covered', async () => {
  let covered = true;
  const app = await runtimeChain({ claims: { covers: async () => covered } });
  await elected(app);
  covered = false;
  await stepTo(app, 30n);
  const s = (await queries(app).runtimeStatus(RUNTIME))!;
  assert.equal(s.suspended, true);
  assert.equal(s.latest_block.header_type, HeaderType.Suspended);
  assert.equal((await queries(app).runtime(RUNTIME))!.suspended, true);
  assert.equal(
    await queries(app).committee(RUNTIME, CommitteeKind.executor, 3n),
    null,
    'no committee elected',
  );
  covered = true;
  await stepTo(app, 40n);
  const r = (await queries(app).runtimeStatus(RUNTIME))!;
  assert.equal(r.suspended, false);
  assert.equal(r.latest_block.header_type, HeaderType.EpochTransition);
  assert.equal(r.round, s.round + 1n);
  assert.equal((await queries(app).runtime(RUNTIME))!.suspended, false);
});

test('RT-25 RT-26 with the stake snapshot: an owner whose escrow drops below its thresholds is suspended an epoch later', async () => {
  // Entity 0 claims entity + runtime-compute = 8,000 of its 10,000.
  const app = await runtimeChain({
    thresholds: [
      { kind: 0, amount: 5_000n },
      { kind: 5, amount: 3_000n },
    ],
  });
  await elected(app);
  const escrowTx = (method: string, nonce: bigint, body: unknown) =>
    signTx(app, user(0), nonce, method, body);
  const account = escrowOf(entities[0]!);
  await step(app, [
    escrowTx(METHOD_RECLAIM_ESCROW, 0n, reclaimEscrowBodyCodec.toCbor({ account, shares: 5_000n }, '')),
  ]);
  assert.equal((await uedEscrow(app, account)).active.balance, 5_000n);
  await stepTo(app, 30n);
  const s = (await queries(app).runtimeStatus(RUNTIME))!;
  assert.equal(
    s.latest_block.header_type,
    HeaderType.Suspended,
    'the snapshot of epoch 2 shows 5,000 < 8,000',
  );
  // Entity 1 drops below its own entity threshold: its node is no longer a candidate.
  const e1 = escrowOf(entities[1]!);
  await step(app, [
    escrowTx(METHOD_ADD_ESCROW, 1n, addEscrowBodyCodec.toCbor({ account, amount: 5_000n }, '')),
    escrowTx(METHOD_RECLAIM_ESCROW, 2n, reclaimEscrowBodyCodec.toCbor({ account: e1, shares: 6_000n }, '')),
  ]);
  await stepTo(app, 40n);
  const r = (await queries(app).runtimeStatus(RUNTIME))!;
  assert.equal(r.suspended, false, 'covered again at the next boundary');
  assert.equal(r.latest_block.header_type, HeaderType.EpochTransition);
  const c4 = await executor(app, 4n);
  const n1 = nodes[1]!.id.publicKey;
  assert.ok(!c4.members.some((m) => eq(m.public_key, n1)), "an uncovered entity's node is not elected");
});

test("RT-14: equivocation evidence as a transaction slashes the node's entity once and rewards the submitter", async () => {
  const app = await runtimeChain();
  const c = await elected(app);
  const st = (await queries(app).runtimeStatus(RUNTIME))!;
  const s = schedulerAt(c, 0n, st.round + 1n)!;
  const w = byRole(c, Role.worker).find((x) => !eq(x, nodes[0]!.id.publicKey))!;
  const who = entities[nodes.findIndex((n) => eq(n.id.publicKey, w))]!;
  const a = await commitment(app, nodeSigner(w), s, 'one');
  const b = await commitment(app, nodeSigner(w), s, 'two');
  const body = (x: typeof a, y: typeof a) =>
    submitEvidenceBodyCodec.toCbor({ id: RUNTIME, equivocation_executor: { a: x, b: y } }, '');
  const failed = app.stats.failedReceipts;
  await step(app, [signTx(app, entities[0]!, 2n, METHOD_SUBMIT_EVIDENCE, body(a, a))]);
  assert.equal(app.stats.failedReceipts, failed + 1, 'agreeing commitments prove nothing');
  await step(app, [signTx(app, entities[0]!, 3n, METHOD_SUBMIT_EVIDENCE, body(a, b))]);
  assert.equal(app.stats.failedReceipts, failed + 1, 'the evidence is accepted');
  assert.equal((await uedEscrow(app, escrowOf(who))).active.balance, ESCROW - SLASH_EQUIVOCATION);
  assert.equal((await uedEscrow(app, escrowOf(entities[0]!))).active.balance, ESCROW + SLASH_EQUIVOCATION);
  await step(app, [signTx(app, entities[0]!, 4n, METHOD_SUBMIT_EVIDENCE, body(b, a))]);
  assert.equal(app.stats.failedReceipts, failed + 2, 'the same equivocation is acted on once');
  assert.equal((await uedEscrow(app, escrowOf(who))).active.balance, ESCROW - SLASH_EQUIVOCATION);
});

test('RT-4 RT-7 RT-8: entities, nodes and a runtime in the genesis document are elected and finalize rounds', async () => {
  resetNonces(0n);
  const app = await runtimeChain({ inGenesis: true });
  assert.equal((await queries(app).nodes()).length, 3);
  assert.equal(
    (await queries(app).runtimeStatus(RUNTIME))!.suspended,
    true,
    'no committee in the base epoch',
  );
  await stepTo(app, 20n);
  const c = await executor(app, 2n);
  const st = (await queries(app).runtimeStatus(RUNTIME))!;
  assert.equal(st.latest_block.header_type, HeaderType.EpochTransition);
  const txs = [];
  const s = schedulerAt(c, 0n, st.round + 1n)!;
  for (const w of byRole(c, Role.worker))
    txs.push(commitTx(app, nodeSigner(w), await commitment(app, nodeSigner(w), s, 'g1')));
  await step(app, txs);
  const r = (await queries(app).runtimeStatus(RUNTIME))!;
  assert.equal(r.round, st.round + 1n);
  assert.deepEqual(r.latest_block.state_root, rootOf('g1'));
});

test('RT-8: two nodes executing the same blocks elect the same committees and reach the same domain hashes', async () => {
  const [a, b] = [await runtimeChain(), await runtimeChain()];
  for (const app of [a, b]) await elected(app);
  assert.deepEqual(await executor(a, 2n), await executor(b, 2n));
  assert.deepEqual(a.committed.vedHash, b.committed.vedHash);
  assert.deepEqual(a.ued.latest(), b.ued.latest());
});
