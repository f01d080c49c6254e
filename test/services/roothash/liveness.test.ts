// Liveness accounting and evaluation (spec/oasis.md §3.7) and round classification (§3.6, RT-14).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { toHex } from '../../../src/common/index.js';
import {
  classifyRound,
  evaluateLiveness,
  type Fault,
  FREEZE_FOREVER,
  isSuspended,
  type LivenessContext,
  type LivenessStatistics,
  newLivenessStatistics,
  RoothashError,
  recordFailedRound,
  recordFailure,
  recordFinalizedRound,
  recordSuccess,
  schedulerIndex,
} from '../../../src/services/roothash/index.js';
import { commit, committeeOf, GENESIS, key, poolOf, throwsCode } from './fixture.js';

const N = key('solo');
const SOLO = committeeOf([N], []);
const params = {
  min_live_rounds_percent: 90,
  max_missed_proposals_percent: 0,
  min_live_rounds_eval: 10n,
  max_liveness_fails: 4,
};

function stats(good: bigint, finalized: bigint, missed: bigint, total = 100n): LivenessStatistics {
  return {
    total_rounds: total,
    good_rounds: [good],
    finalized_proposals: [finalized],
    missed_proposals: [missed],
  };
}

function evalOne(s: LivenessStatistics, epoch: bigint, fault: Fault | undefined, over = {}) {
  const faults = new Map(fault ? [[toHex(N.publicKey), fault]] : []);
  const ctx: LivenessContext = {
    committee: SOLO,
    params: { ...params, ...over },
    epoch,
    faults,
    freezeInterval: 5n,
  };
  return evaluateLiveness(s, ctx);
}

test('§3.7 good rounds: 90% live; faults suspend 2, then 4 epochs; recovery forgives one at a time', () => {
  assert.equal(evalOne(stats(91n, 80n, 21n), 0n, undefined)[0]!.live, true);
  let d = evalOne(stats(89n, 80n, 21n), 0n, undefined)[0]!;
  assert.deepEqual([d.live, d.fault], [false, { failures: 1, suspended_until: 2n }]);
  assert.deepEqual(evalOne(stats(89n, 0n, 0n), 1n, d.fault), [], 'suspended nodes are skipped');
  d = evalOne(stats(89n, 0n, 0n), 2n, d.fault)[0]!;
  assert.deepEqual(d.fault, { failures: 2, suspended_until: 6n });
  d = evalOne(stats(91n, 0n, 0n), 6n, d.fault)[0]!;
  assert.deepEqual([d.live, d.fault], [true, { failures: 1, suspended_until: 8n }]);
  assert.ok(isSuspended(d.fault, 7n) && !isSuspended(d.fault, 8n));
  d = evalOne(stats(91n, 0n, 0n), 8n, d.fault)[0]!;
  assert.deepEqual(d.fault, { failures: 0, suspended_until: 0n });
});

test('§3.7 proposer liveness: missed ≤ share of proposals when max_missed_proposals_percent > 0', () => {
  const over = { max_missed_proposals_percent: 20 };
  assert.equal(evalOne(stats(100n, 80n, 20n), 0n, undefined, over)[0]!.live, true);
  assert.equal(evalOne(stats(100n, 80n, 21n), 0n, undefined, over)[0]!.live, false);
  assert.equal(evalOne(stats(100n, 80n, 21n), 0n, undefined)[0]!.live, true, '0 disables the check');
});

test('§3.7 skipped below min_live_rounds_eval; freeze at max_liveness_fails (0 = 255), saturating', () => {
  assert.deepEqual(evalOne(stats(0n, 0n, 0n, 9n), 0n, undefined), []);
  const d = evalOne(stats(0n, 0n, 0n), 3n, { failures: 3, suspended_until: 1n })[0]!;
  assert.equal(d.fault.failures, 4);
  assert.equal(d.freezeUntil, 8n);
  const never = evalOne(stats(0n, 0n, 0n), FREEZE_FOREVER - 1n, { failures: 3, suspended_until: 0n })[0]!;
  assert.equal(never.freezeUntil, FREEZE_FOREVER);
  const zero = evalOne(
    stats(0n, 0n, 0n),
    3n,
    { failures: 200, suspended_until: 0n },
    { max_liveness_fails: 0 },
  )[0]!;
  assert.equal(zero.freezeUntil, undefined, '0 means 255');
  assert.equal(recordFailure({ failures: 255, suspended_until: 0n }, 1n).failures, 255);
  assert.deepEqual(recordFailure(undefined, 10n), { failures: 1, suspended_until: 12n });
  assert.equal(
    recordFailure({ failures: 9, suspended_until: 0n }, 10n).suspended_until,
    74n,
    'at most 64 epochs',
  );
  assert.deepEqual(recordSuccess(undefined, 3n), { failures: 0, suspended_until: 0n });
});

test('§3.7 bad inputs: statistics of another committee, percentages over 100', () => {
  throwsCode(
    () => evalOne({ ...stats(1n, 0n, 0n), good_rounds: [] }, 0n, undefined),
    RoothashError.LIVENESS_MISMATCH,
  );
  throwsCode(
    () => evalOne(stats(1n, 0n, 0n), 0n, undefined, { min_live_rounds_percent: 101 }),
    RoothashError.INVALID_LIVENESS_PARAMS,
  );
  throwsCode(() => recordFailedRound(newLivenessStatistics(3), SOLO, 1n), RoothashError.LIVENESS_MISMATCH);
});

test('§3.6 counters: finalized by the primary vs by a backup scheduler; failed rounds are missed', () => {
  const W = [key('w0'), key('w1')];
  const C = committeeOf(W, [key('b0')]);
  const primary = schedulerIndex(C, 1n, 0n);
  const P = W[primary]!;
  const S = W[1 - primary]!;
  let s = newLivenessStatistics(3);
  s = recordFinalizedRound(s, C, 1n, commit(P, P, GENESIS), [0, 1]);
  assert.deepEqual([s.total_rounds, s.good_rounds, s.finalized_proposals[primary]], [1n, [1n, 1n, 0n], 1n]);
  s = recordFinalizedRound(s, C, 1n, commit(S, S, GENESIS), [1 - primary]);
  assert.equal(s.missed_proposals[primary], 1n);
  s = recordFailedRound(s, C, 1n);
  assert.deepEqual([s.total_rounds, s.missed_proposals[primary]], [2n, 2n]);
});

test('RT-14 classification: matching vote good, differing bad, failure neither; two roles counted once', () => {
  const W = [key('w0'), key('w1'), key('w2')];
  const C = committeeOf(W, [W[0]!, key('b1')]); // round 1: W[2] is primary, W[0] also a backup
  const pool = poolOf(C);
  const P = W[schedulerIndex(C, 1n, 0n)]!;
  const others = W.filter((w) => w !== P);
  pool.addCommitment(commit(P, P, GENESIS));
  pool.addCommitment(commit(others[0]!, P, GENESIS, { label: 'evil' }));
  pool.addCommitment(commit(others[1]!, P, GENESIS, { failure: 1 }));
  const entry = pool.entry(0n)!;
  const c = classifyRound(C, entry, entry.commitment!);
  assert.deepEqual(c.good, [P.publicKey]);
  assert.deepEqual(c.bad, [others[0]!.publicKey]);
  const dual = poolOf(C);
  dual.addCommitment(commit(P, P, GENESIS));
  dual.addCommitment(commit(W[0]!, P, GENESIS));
  const d = classifyRound(C, dual.entry(0n)!, dual.entry(0n)!.commitment!);
  assert.equal(d.good.filter((k) => k === W[0]!.publicKey).length, 1, 'once in good');
  assert.deepEqual(d.liveIndices, [0, 2], 'live once, at its worker index (as Oasis)');
});

test('§3.7 a worker that is also a backup is judged by its worker counters; frozen workers are skipped', () => {
  const [A, B] = [key('dual'), key('plain')];
  const C = committeeOf([A, B], [A]);
  const s: LivenessStatistics = {
    total_rounds: 10n,
    good_rounds: [5n, 10n, 5n],
    finalized_proposals: [5n, 5n, 0n],
    missed_proposals: [0n, 0n, 0n],
  };
  const ctx: LivenessContext = { committee: C, params, epoch: 4n, faults: new Map(), freezeInterval: 5n };
  const [a, b] = evaluateLiveness(s, ctx);
  assert.deepEqual(
    [a!.node, a!.live],
    [A.publicKey, false],
    '5 of 10 as a worker: its backup index adds nothing',
  );
  assert.deepEqual([b!.node, b!.live], [B.publicKey, true]);
  const frozen = evaluateLiveness(s, { ...ctx, frozen: new Set([toHex(A.publicKey)]) });
  assert.deepEqual(
    frozen.map((d) => d.node),
    [B.publicKey],
    'a frozen node is suspended from every runtime: no liveness decision on top',
  );
});
