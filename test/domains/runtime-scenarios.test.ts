// spec/oasis.md §11 byzantine executor scenarios on the composed chain (issue 6): registered
// entities and nodes with stake, a runtime elected from the beacon, commitments sent as
// ExecutorCommit transactions and rounds finalized by roothash in the VED, slashes executed in the
// UED. Each scenario plays two rounds (ranks rotate, so the byzantine worker holds its role in one
// of them) and checks the runtime blocks, the discrepancy/timeout path, the incorrect-results slash
// (RT-14) and, at the epoch end, the liveness decision (§3.7): fault, freeze, slash, not re-elected.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { bytesEqual, EMPTY_HASH } from '../../src/common/index.js';
import {
  blockHeaderHash,
  EVENT_LIVENESS,
  HeaderType,
  RoothashError,
} from '../../src/services/roothash/index.js';
import { CommitteeKind } from '../../src/services/scheduler/index.js';
import {
  honestLabel,
  honestRound,
  type Played,
  playScenario,
  type RoundLog,
  type RoundPlay,
} from './runtime-byzantine.js';
import {
  ESCROW,
  entities,
  escrowOf,
  nodes,
  queries,
  RUNTIME,
  rootOf,
  SLASH_BAD,
  SLASH_LIVENESS,
  stepTo,
  uedEscrow,
} from './runtime-chain-fixture.js';

const eq = bytesEqual;
const entityOf = (node: Uint8Array) => entities[nodes.findIndex((n) => eq(n.id.publicKey, node))]!;
const escrow = async (p: Played, node: Uint8Array) =>
  (await uedEscrow(p.app, escrowOf(entityOf(node)))).active.balance;
const has = (xs: Uint8Array[], x: Uint8Array) => xs.some((y) => eq(y, x));

/** A Normal block with the honest results of `scheduler`'s batch, child of the round's parent. */
function assertNormal(r: RoundLog, scheduler: Uint8Array): void {
  const h = r.header;
  assert.equal(h.header_type, HeaderType.Normal, `round ${r.round} is Normal`);
  assert.equal(h.round, r.parent.round + 1n);
  assert.deepEqual(h.previous_hash, blockHeaderHash(r.parent));
  assert.equal(h.timestamp, r.endTimeMs / 1000n);
  const label = honestLabel(r.round, scheduler);
  assert.deepEqual(h.state_root, rootOf(label), "the scheduler's state root");
  assert.deepEqual(h.io_root, rootOf(`io/${label}`));
  assert.deepEqual([h.messages_hash, h.in_msgs_hash], [EMPTY_HASH, EMPTY_HASH]);
}

/** An honest round: one block, Normal, no discrepancy, no timeout, every worker good. */
function assertHonestRound(p: Played, r: RoundLog): void {
  assertNormal(r, r.primary);
  assert.equal(r.blocks, 1);
  assert.equal(r.discrepancy, undefined);
  assert.equal(r.timedOut, false);
  assert.ok(p.cast.workers.every((w) => has(r.good, w)) && r.bad.length === 0);
}

const byzRound = (p: Played) => p.rounds.find((r) => r.byzantine)!;
const otherRound = (p: Played) => p.rounds.find((r) => !r.byzantine)!;

/** Escrows of the three entities. */
const escrows = (p: Played) => Promise.all(nodes.map((n) => escrow(p, n.id.publicKey)));

/** Epoch 2's last block: its liveness counters; epoch 3's first: decisions, statuses, committee. */
async function closeEpoch(p: Played) {
  await stepTo(p.app, 29n);
  const stats = (await queries(p.app).runtimeState(RUNTIME))!.liveness!;
  const at = (node: Uint8Array) => p.cast.committee.members.findIndex((m) => eq(m.public_key, node));
  const i = at(p.cast.byz);
  const byzStats = {
    total: stats.total_rounds,
    good: stats.good_rounds[i],
    finalized: stats.finalized_proposals[i],
    missed: stats.missed_proposals[i],
  };
  const before = await escrows(p);
  await stepTo(p.app, 30n);
  const decisions = p.log.roothash(30n, EVENT_LIVENESS);
  const decision = (node: Uint8Array) => decisions.find((d) => eq(d.node as Uint8Array, node));
  const next = await queries(p.app).committee(RUNTIME, CommitteeKind.executor, 3n);
  return { byzStats, before, decision, next };
}

/**
 * RT-14 liveness (§3.7, §11 "liveness slash"): the byzantine worker is faulty, reaches
 * max_liveness_fails (1) and is frozen for the slash's interval (2) and slashed; the honest worker
 * is live; no one else pays; the frozen node is not in the next committee.
 */
async function assertLivenessSlash(p: Played, end: Awaited<ReturnType<typeof closeEpoch>>) {
  const z = end.decision(p.cast.byz)!;
  assert.deepEqual(
    [z.live, z.failures, z.suspended_until, z.freeze_until],
    [false, 1, 5n, 5n],
    'faulty: suspended 2^1 epochs, frozen 2',
  );
  assert.equal(end.decision(p.cast.honest)!.live, true);
  const status = (await queries(p.app).node(p.cast.byz))!.status!;
  assert.equal(status.freeze_end_time, 5n, 'frozen');
  assert.deepEqual(status.faults, [{ runtime_id: RUNTIME, failures: 1, suspended_until: 5n }]);
  const honest = (await queries(p.app).node(p.cast.honest))!.status!;
  assert.deepEqual([honest.freeze_end_time, honest.faults], [0n, []]);
  const after = await escrows(p);
  nodes.forEach((n, k) => {
    const slashed = eq(n.id.publicKey, p.cast.byz) ? SLASH_LIVENESS : 0n;
    assert.equal(after[k], end.before[k]! - slashed, `entity ${k}: only the byzantine one is slashed`);
  });
  assert.ok(!end.next?.members.some((m) => eq(m.public_key, p.cast.byz)), 'not elected while frozen');
}

/** Escrows of entities other than the byzantine one's, and the byzantine one's, as expected. */
async function assertEscrows(p: Played, byz: bigint, others: (node: Uint8Array) => bigint = () => ESCROW) {
  for (const n of nodes) {
    const id = n.id.publicKey;
    assert.equal(await escrow(p, id), eq(id, p.cast.byz) ? byz : others(id));
  }
}

for (const role of ['primary', 'backup-scheduler'] as const) {
  test(`§11 RT-12 RT-16 honest (byzantine node as ${role}): every round Normal at once; no stake, status or election change`, async () => {
    const p = await playScenario({ role, play: honestRound });
    for (const r of p.rounds) assertHonestRound(p, r);
    await assertEscrows(p, ESCROW);
    const end = await closeEpoch(p);
    assert.deepEqual([end.byzStats.total, end.byzStats.good, end.byzStats.missed], [2n, 2n, 0n]);
    for (const w of p.cast.workers) assert.equal(end.decision(w)!.live, true);
    for (const n of nodes) {
      const s = (await queries(p.app).node(n.id.publicKey))!.status!;
      assert.deepEqual([s.freeze_end_time, s.faults], [0n, []], 'no fault, not frozen');
    }
    await assertEscrows(p, ESCROW);
    assert.ok(end.next, 'a committee for epoch 3');
    const st = (await queries(p.app).runtimeStatus(RUNTIME))!;
    assert.equal(st.latest_block.header_type, HeaderType.EpochTransition);
  });
}

test('§11 RT-12 RT-13 RT-14 backup-scheduler/dishonest: discrepancy without timeout, no round failure; slashed for incorrect results, good nodes rewarded; liveness slash', async () => {
  const p = await playScenario({
    role: 'backup-scheduler',
    async play(t) {
      await t.block([await t.commit(t.primary, t.primary), await t.commit(t.cast.byz, t.primary, 'wrong')]);
      if (!(await t.ended())) await t.backupsResolve();
    },
  });
  const r = byzRound(p);
  assertNormal(r, r.primary);
  assert.deepEqual(r.discrepancy, { timeout: false }, 'detected as soon as the results differ');
  assert.equal(r.timedOut, false);
  assert.equal(r.failedCode, undefined);
  assert.deepEqual(r.bad, [p.cast.byz], 'RT-14: the liar is attributed');
  assert.ok(has(r.good, p.cast.honest));
  assertHonestRound(p, otherRound(p));
  // The slash is split equally among the good nodes' entities (reward_bad_results = 0 %).
  const reward = SLASH_BAD / BigInt(r.good.length);
  await assertEscrows(p, ESCROW - SLASH_BAD, (n) => (has(r.good, n) ? ESCROW + reward : ESCROW));
  const end = await closeEpoch(p);
  assert.deepEqual([end.byzStats.total, end.byzStats.good, end.byzStats.missed], [2n, 1n, 0n]);
  await assertLivenessSlash(p, end);
  assert.equal(await escrow(p, p.cast.byz), ESCROW - SLASH_BAD - SLASH_LIVENESS, 'slashed once for each');
});

test('§11 RT-13 RT-16 primary-scheduler/runaway (= primary straggler): backup proposal, timeout, discrepancy, round succeeds; liveness slash', async () => {
  const p = await playScenario({
    role: 'primary',
    async play(t) {
      // The primary's batch is executed and voted for, but its scheduler never commits: no timer.
      await t.block([await t.commit(t.cast.honest, t.primary)]);
      assert.equal((await queries(t.app).runtimeStatus(RUNTIME))!.next_timeout, 0n);
      // After the proposer timeout the backup scheduler proposes and commits its own batch; a
      // non-primary scheduler waits for the round timeout (the primary keeps its chance).
      await t.block([await t.commit(t.cast.honest, t.second)]);
      assert.equal(await t.ended(), false);
      await t.untilTimeout();
      if (!(await t.ended())) await t.backupsResolve();
    },
  });
  const r = byzRound(p);
  assertNormal(r, r.second);
  assert.deepEqual(r.discrepancy, { timeout: true });
  assert.equal(r.failedCode, undefined);
  assert.ok(has(r.good, p.cast.honest) && !has(r.good, p.cast.byz) && r.bad.length === 0);
  assertHonestRound(p, otherRound(p));
  await assertEscrows(p, ESCROW);
  const end = await closeEpoch(p);
  assert.deepEqual(
    [end.byzStats.total, end.byzStats.good, end.byzStats.finalized, end.byzStats.missed],
    [2n, 1n, 0n, 1n],
  );
  await assertLivenessSlash(p, end);
});

test('§11 RT-13 primary-scheduler/bogus: backup proposal refused, timeout, resolution times out, RoundFailed; liveness slash', async () => {
  const p = await playScenario({
    role: 'primary',
    async play(t) {
      await t.block([await t.commit(t.cast.byz, t.primary, 'wrong')]);
      // The honest nodes reject the bogus batch; the backup scheduler's later proposal is refused
      // because rank 0's scheduler has committed.
      await t.block([await t.commit(t.cast.honest, t.second)]);
      await t.untilTimeout();
      assert.equal(await t.ended(), false, 'discrepancy; the backups reject the batch too');
      await t.untilTimeout();
    },
  });
  const r = byzRound(p);
  assert.deepEqual(r.refused, [RoothashError.RANK_NOT_ACCEPTED]);
  assert.deepEqual(r.discrepancy, { timeout: true });
  assert.equal(r.failedCode, RoothashError.INSUFFICIENT_VOTES);
  assert.equal(r.blocks, 6, '1 + round_timeout 2 + backup timeout 2·1.5 + 1 (the refused proposal)');
  const h = r.header;
  assert.equal(h.header_type, HeaderType.RoundFailed);
  assert.equal(h.round, r.parent.round + 1n);
  assert.deepEqual(h.previous_hash, blockHeaderHash(r.parent));
  assert.deepEqual(h.state_root, r.parent.state_root, 'state unchanged');
  assert.deepEqual([h.io_root, h.messages_hash, h.in_msgs_hash], [EMPTY_HASH, EMPTY_HASH, EMPTY_HASH]);
  assertHonestRound(p, otherRound(p));
  await assertEscrows(p, ESCROW);
  const end = await closeEpoch(p);
  assert.deepEqual(
    [end.byzStats.total, end.byzStats.good, end.byzStats.missed],
    [1n, 1n, 1n],
    'a failed round is no round but a missed proposal: faulty by proposer liveness',
  );
  await assertLivenessSlash(p, end);
});

/** A straggling backup scheduler: the primary commits, the byzantine worker never does. */
async function straggle(t: RoundPlay): Promise<void> {
  await t.block([await t.commit(t.primary, t.primary)]);
  if (await t.ended()) return;
  await t.untilTimeout();
  if (!(await t.ended())) await t.backupsResolve();
}

function assertStraggled(p: Played): RoundLog {
  const r = byzRound(p);
  assertNormal(r, r.primary);
  assert.deepEqual(r.discrepancy, { timeout: true });
  assert.equal(r.failedCode, undefined);
  assert.ok(has(r.good, p.cast.honest) && !has(r.good, p.cast.byz) && r.bad.length === 0);
  assertHonestRound(p, otherRound(p));
  return r;
}

test('§11 RT-12 RT-13 straggler (backup scheduler): timeout, discrepancy, no failure; liveness slash', async () => {
  const p = await playScenario({ role: 'backup-scheduler', play: straggle });
  assertStraggled(p);
  await assertEscrows(p, ESCROW);
  const end = await closeEpoch(p);
  assert.deepEqual([end.byzStats.total, end.byzStats.good, end.byzStats.missed], [2n, 1n, 0n]);
  await assertLivenessSlash(p, end);
});

test('§11 RT-12 straggler-allowed (allowed_stragglers = 1): the round is Normal at once; liveness slash still', async () => {
  const p = await playScenario({
    role: 'backup-scheduler',
    play: straggle,
    executor: { allowed_stragglers: 1 },
  });
  const r = byzRound(p);
  assertNormal(r, r.primary);
  assert.deepEqual([r.blocks, r.discrepancy, r.timedOut], [1, undefined, false]);
  assert.ok(!has(r.good, p.cast.byz));
  await assertEscrows(p, ESCROW);
  const end = await closeEpoch(p);
  assert.deepEqual([end.byzStats.total, end.byzStats.good], [2n, 1n]);
  await assertLivenessSlash(p, end);
});

test('§11 RT-13 RT-24 primary-backup-worker straggler (3 backups): timeout, discrepancy, no failure; counted once for its two roles, so faulty; 2 candidates left for 3 backups: suspended', async () => {
  const p = await playScenario({
    role: 'backup-scheduler',
    play: straggle,
    executor: { group_backup_size: 3 },
  });
  assert.ok(has(p.cast.backups, p.cast.byz), 'the byzantine worker is a backup too');
  const r = assertStraggled(p);
  assert.equal(r.good.length, 2, 'the honest worker and the third backup');
  const end = await closeEpoch(p);
  assert.deepEqual([end.byzStats.total, end.byzStats.good], [2n, 1n], 'live once per round, not per role');
  await assertLivenessSlash(p, end);
  assert.equal(end.next, null);
  const st = (await queries(p.app).runtimeStatus(RUNTIME))!;
  assert.deepEqual([st.suspended, st.latest_block.header_type], [true, HeaderType.Suspended]);
});

test('§11 RT-12 RT-13 failure-indicating worker: discrepancy without timeout, no failure; a nil vote is neither good nor bad; liveness slash', async () => {
  const p = await playScenario({
    role: 'backup-scheduler',
    async play(t) {
      await t.block([await t.commit(t.primary, t.primary), await t.commit(t.cast.byz, t.primary, 'failure')]);
      if (!(await t.ended())) await t.backupsResolve();
    },
  });
  const r = byzRound(p);
  assertNormal(r, r.primary);
  assert.deepEqual([r.discrepancy, r.timedOut, r.failedCode], [{ timeout: false }, false, undefined]);
  assert.ok(!has(r.good, p.cast.byz) && r.bad.length === 0);
  await assertEscrows(p, ESCROW);
  const end = await closeEpoch(p);
  assert.deepEqual([end.byzStats.total, end.byzStats.good], [2n, 1n]);
  await assertLivenessSlash(p, end);
});

test("§11 RT-16 failure-indicating primary scheduler: its commitment is refused, the backup's batch is finalized after the timeout; liveness slash", async () => {
  const p = await playScenario({
    role: 'primary',
    async play(t) {
      await t.block([await t.commit(t.cast.byz, t.primary, 'failure')]);
      await t.block([await t.commit(t.cast.honest, t.second)]);
      await t.untilTimeout();
      if (!(await t.ended())) await t.backupsResolve();
    },
  });
  const r = byzRound(p);
  assert.deepEqual(r.refused, [RoothashError.SCHEDULER_INDICATES_FAILURE]);
  assertNormal(r, r.second);
  assert.deepEqual([r.discrepancy, r.failedCode], [{ timeout: true }, undefined]);
  await assertEscrows(p, ESCROW);
  const end = await closeEpoch(p);
  assert.deepEqual([end.byzStats.total, end.byzStats.good, end.byzStats.missed], [2n, 1n, 1n]);
  await assertLivenessSlash(p, end);
});
