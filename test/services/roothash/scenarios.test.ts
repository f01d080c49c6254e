// spec/oasis.md §11 byzantine executor scenarios replayed at the pool level (RT-12, RT-13, RT-14,
// RT-16, RT-20): outcome per round, good and bad nodes, and the liveness decisions at the end.
// The byzantine node misbehaves in every round in which it holds the scenario's role (ranks
// rotate, so every other round); Oasis's e2e byzantine node plays its script in one round, hence its
// single incorrect-results slash, which test/domains/runtime-scenarios.test.ts replays on chain.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { bytesEqual } from '../../../src/common/index.js';
import { Failure, RoothashError } from '../../../src/services/roothash/index.js';
import { commit, throwsCode } from './fixture.js';
import { BYZ, backupsResolve, HONEST, honestPlay, type RoundLog, runScenario } from './scenario-harness.js';

const byzRounds = (log: RoundLog[]) => log.filter((r) => r.byzantine);
const has = (xs: { publicKey: Uint8Array }[], k: { publicKey: Uint8Array }) =>
  xs.some((x) => bytesEqual(x.publicKey, k.publicKey));

function assertLivenessSlash(decisions: ReturnType<typeof runScenario>['decisions']): void {
  const byz = decisions.find((d) => bytesEqual(d.node, BYZ.publicKey))!;
  const honest = decisions.find((d) => bytesEqual(d.node, HONEST.publicKey))!;
  assert.equal(byz.live, false, 'byzantine node is not live');
  assert.ok(byz.freezeUntil !== undefined, 'byzantine node is frozen and slashed for liveness');
  assert.equal(honest.live, true);
  assert.equal(honest.freezeUntil, undefined);
}

test('§11 RT-12 honest (primary or backup scheduler): every round normal, everyone good, no faults', () => {
  for (const role of ['primary', 'backup-scheduler'] as const) {
    const { log, decisions } = runScenario({ role, play: honestPlay });
    for (const r of log) {
      assert.equal(r.kind, 'finalized');
      assert.equal(r.discrepancy || r.timedOut, false);
      assert.ok(has(r.good, BYZ) && has(r.good, HONEST) && r.bad.length === 0);
    }
    assert.ok(decisions.every((d) => d.live && d.fault.failures === 0));
  }
});

test('§11 RT-14 backup-scheduler/dishonest: discrepancy without timeout, no round failure; bad + liveness slash', () => {
  const { log, decisions } = runScenario({
    role: 'backup-scheduler',
    play: (t) => {
      t.pool.addCommitment(commit(t.primary, t.primary, t.latest));
      t.pool.addCommitment(commit(BYZ, t.primary, t.latest, { label: 'wrong' }));
      assert.equal(t.step(false).kind, 'still_waiting');
      return backupsResolve(t, t.primary);
    },
  });
  for (const r of byzRounds(log)) {
    assert.equal(r.kind, 'finalized');
    assert.ok(r.discrepancy && !r.timedOut);
    assert.ok(has(r.bad, BYZ), 'slashed for incorrect results (discrepancy round)');
    assert.ok(has(r.good, HONEST));
  }
  assertLivenessSlash(decisions);
});

test('§11 RT-13 primary-scheduler/runaway (and invalid-batch-hash): backup proposal, timeout → discrepancy, round succeeds', () => {
  const { log, decisions, stats } = runScenario({
    role: 'primary',
    play: (t) => {
      // The primary proposes but never commits; the honest worker first votes for its batch…
      t.pool.addCommitment(commit(HONEST, BYZ, t.latest));
      assert.equal(t.step(false).kind, 'still_waiting');
      // …then, as backup scheduler, proposes and commits its own batch (rank 1).
      t.pool.addCommitment(commit(HONEST, HONEST, t.latest, { label: 'backup-batch' }));
      assert.equal(t.step(false).kind, 'still_waiting', 'a non-primary scheduler waits for the timeout');
      assert.equal(t.step(true).kind, 'still_waiting', 'timeout → discrepancy, backups not in yet');
      return backupsResolve(t, HONEST, 'backup-batch');
    },
  });
  for (const r of byzRounds(log)) {
    assert.ok(r.kind === 'finalized' && r.discrepancy && r.timedOut);
    assert.ok(has(r.good, HONEST) && !has(r.good, BYZ) && r.bad.length === 0);
  }
  assert.equal(stats.missed_proposals[0], 2n, 'the runaway primary missed its proposals');
  assertLivenessSlash(decisions);
});

test('§11 RT-13 primary-scheduler/bogus: timeout, resolution times out → RoundFailed; liveness slash', () => {
  const { log, decisions, stats } = runScenario({
    role: 'primary',
    play: (t) => {
      // Honest nodes reject the bogus batch; only the byzantine primary commits to it.
      t.pool.addCommitment(commit(BYZ, BYZ, t.latest, { label: 'bogus' }));
      throwsCode(
        () => t.pool.addCommitment(commit(HONEST, HONEST, t.latest, { label: 'backup-batch' })),
        RoothashError.RANK_NOT_ACCEPTED,
      );
      assert.equal(t.step(false).kind, 'still_waiting');
      assert.equal(t.step(true).kind, 'still_waiting', 'discrepancy; backups reject the batch too');
      const out = t.step(true);
      assert.ok(out.kind === 'failed' && out.error.code === RoothashError.INSUFFICIENT_VOTES);
      return out;
    },
  });
  for (const r of byzRounds(log)) assert.ok(r.kind === 'failed' && r.discrepancy && r.timedOut);
  assert.equal(stats.total_rounds, 2n, 'failed rounds are not counted as rounds');
  assert.equal(stats.missed_proposals[0], 2n, 'failed rounds count as missed proposals');
  assertLivenessSlash(decisions);
});

test('§11 RT-12/RT-13 straggler (backup scheduler never commits): timeout + discrepancy, no failure; liveness slash', () => {
  const { log, decisions } = runScenario({
    role: 'backup-scheduler',
    play: (t) => {
      t.pool.addCommitment(commit(t.primary, t.primary, t.latest));
      assert.equal(t.step(false).kind, 'still_waiting');
      assert.equal(t.step(true).kind, 'still_waiting');
      return backupsResolve(t, t.primary);
    },
  });
  for (const r of byzRounds(log)) assert.ok(r.kind === 'finalized' && r.discrepancy && r.timedOut);
  assertLivenessSlash(decisions);
});

test('§11 RT-12 straggler-allowed (allowed_stragglers = 1): the round proceeds at once; liveness slash still', () => {
  const { log, decisions } = runScenario({
    role: 'backup-scheduler',
    allowedStragglers: 1,
    play: (t) => {
      t.pool.addCommitment(commit(t.primary, t.primary, t.latest));
      return t.step(false);
    },
  });
  for (const r of byzRounds(log)) assert.ok(r.kind === 'finalized' && !r.discrepancy && !r.timedOut);
  assertLivenessSlash(decisions);
});

test('§11 RT-13 primary-backup-worker straggler (also a backup, 3 backups): timeout + discrepancy, no failure', () => {
  const { log, stats } = runScenario({
    role: 'backup-scheduler',
    alsoBackup: true,
    play: (t) => {
      t.pool.addCommitment(commit(t.primary, t.primary, t.latest));
      assert.equal(t.step(true).kind, 'still_waiting');
      return backupsResolve(t, t.primary);
    },
  });
  for (const r of byzRounds(log)) assert.ok(r.kind === 'finalized' && r.discrepancy && r.timedOut);
  // As in Oasis, a node in two roles is credited once per round, at its worker index.
  assert.deepEqual(stats.good_rounds, [2n, 4n, 0n, 2n, 2n]);
});

test('§11 RT-12/RT-13 failure-indicating worker: discrepancy, no timeout, no failure; a nil vote is neither good nor bad', () => {
  const { log, decisions } = runScenario({
    role: 'backup-scheduler',
    play: (t) => {
      t.pool.addCommitment(commit(t.primary, t.primary, t.latest));
      t.pool.addCommitment(commit(BYZ, t.primary, t.latest, { failure: Failure.Unknown }));
      assert.equal(t.step(false).kind, 'still_waiting');
      return backupsResolve(t, t.primary);
    },
  });
  for (const r of byzRounds(log)) {
    assert.ok(r.kind === 'finalized' && r.discrepancy && !r.timedOut);
    assert.ok(!has(r.good, BYZ) && !has(r.bad, BYZ));
  }
  assertLivenessSlash(decisions);
});

test("§11 RT-16 failure-indicating primary scheduler: its commitment is rejected; the backup's is accepted after timeout", () => {
  const { log } = runScenario({
    role: 'primary',
    play: (t) => {
      throwsCode(
        () => t.pool.addCommitment(commit(BYZ, BYZ, t.latest, { failure: Failure.Unknown })),
        RoothashError.SCHEDULER_INDICATES_FAILURE,
      );
      t.pool.addCommitment(commit(HONEST, HONEST, t.latest, { label: 'backup-batch' }));
      assert.equal(t.step(false).kind, 'still_waiting');
      assert.equal(t.step(true).kind, 'still_waiting');
      return backupsResolve(t, HONEST, 'backup-batch');
    },
  });
  for (const r of byzRounds(log)) assert.ok(r.kind === 'finalized' && r.discrepancy && r.timedOut);
});
