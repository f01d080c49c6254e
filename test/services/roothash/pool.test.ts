// The commitment pool's add rules and processing outcomes, one test per outcome of
// spec/oasis.md §3.5 (RT-12, RT-13, RT-16, RT-20).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  type CommitmentPool,
  Failure,
  NO_RANK,
  RoothashError,
  schedulerIndex,
} from '../../../src/services/roothash/index.js';
import { commit, committeeOf, EXECUTOR, GENESIS, key, poolOf, throwsCode } from './fixture.js';

const W = [key('w0'), key('w1')];
const B = [key('b0'), key('b1'), key('b2')];
const C1 = committeeOf(W, B.slice(0, 1));
const C3 = committeeOf(W, B);
// Round 1: rank(i) = (1 + i) mod 2, so worker 1 is the primary and worker 0 the backup scheduler.
const P = W[schedulerIndex(C1, 1n, 0n)]!;
const S = W[schedulerIndex(C1, 1n, 1n)]!;

function snapshot(p: CommitmentPool): string {
  const e = (r: bigint) =>
    [...(p.entry(r)?.votes.keys() ?? [])].join(',') + (p.entry(r)?.commitment ? '+c' : '');
  return `${p.highestRank}/${p.discrepancy}/${e(0n)}/${e(1n)}`;
}

test('RT-16 ranks: (round + index) mod workers; the round-1 primary is worker 1', () => {
  assert.equal(schedulerIndex(C1, 1n, 0n), 1);
  assert.equal(schedulerIndex(C1, 2n, 0n), 0);
  assert.equal(poolOf(C1).highestRank, NO_RANK);
});

test('RT-12 happy path: all workers agree with the primary → finalized at rank 0', () => {
  const p = poolOf(C1);
  p.addCommitment(commit(P, P, GENESIS));
  assert.equal(p.process(false).kind, 'still_waiting');
  p.addCommitment(commit(S, P, GENESIS));
  const out = p.process(false);
  assert.equal(out.kind, 'finalized');
  assert.ok(out.kind === 'finalized' && out.rank === 0n && out.commitment.node_id === P.publicKey);
});

test('RT-20 a non-member is rejected (NOT_IN_COMMITTEE) and the pool is unchanged', () => {
  const p = poolOf(C1);
  const before = snapshot(p);
  throwsCode(() => p.addCommitment(commit(key('outsider'), P, GENESIS)), RoothashError.NOT_IN_COMMITTEE);
  assert.equal(snapshot(p), before);
});

test('RT-16 a commitment naming a non-worker as scheduler is rejected (SCHEDULER_NOT_WORKER)', () => {
  const p = poolOf(C1);
  throwsCode(() => p.addCommitment(commit(B[0]!, B[0]!, GENESIS)), RoothashError.SCHEDULER_NOT_WORKER);
  throwsCode(() => p.addCommitment(commit(P, key('outsider'), GENESIS)), RoothashError.SCHEDULER_NOT_WORKER);
  assert.equal(p.entry(0n), undefined);
});

test('RT-16 a rank worse than HighestRank is rejected (RANK_NOT_ACCEPTED)', () => {
  const p = poolOf(C1);
  p.addCommitment(commit(P, P, GENESIS));
  const before = snapshot(p);
  throwsCode(() => p.addCommitment(commit(S, S, GENESIS, { label: 'alt' })), RoothashError.RANK_NOT_ACCEPTED);
  assert.equal(snapshot(p), before);
});

test("RT-16 a better rank updates HighestRank only with the scheduler's own commitment, dropping worse ranks", () => {
  const p = poolOf(C1);
  p.addCommitment(commit(S, S, GENESIS, { label: 'alt' }));
  assert.equal(p.highestRank, 1n);
  p.addCommitment(commit(B[0]!, S, GENESIS, { label: 'alt' }));
  // A worker's vote for the primary's batch does not move HighestRank.
  const p2 = poolOf(C1);
  p2.addCommitment(commit(S, P, GENESIS));
  assert.equal(p2.highestRank, NO_RANK);
  // The primary's own commitment does, and rank 1 is dropped.
  p.addCommitment(commit(P, P, GENESIS));
  assert.equal(p.highestRank, 0n);
  assert.equal(p.entry(1n), undefined);
  assert.ok(p.entry(0n)?.commitment);
});

test('RT-20 one vote per node per scheduler (ALREADY_COMMITTED)', () => {
  const p = poolOf(C1);
  p.addCommitment(commit(P, P, GENESIS));
  throwsCode(() => p.addCommitment(commit(P, P, GENESIS)), RoothashError.ALREADY_COMMITTED);
  p.addCommitment(commit(S, P, GENESIS));
  throwsCode(
    () => p.addCommitment(commit(S, P, GENESIS, { label: 'other' })),
    RoothashError.ALREADY_COMMITTED,
  );
});

test('RT-12 differing hashes → discrepancy detected at once; the pool switches to resolution', () => {
  const p = poolOf(C1);
  p.addCommitment(commit(P, P, GENESIS));
  p.addCommitment(commit(S, P, GENESIS, { label: 'evil' }));
  assert.deepEqual(p.process(false), { kind: 'discrepancy', rank: 0n, timeout: false });
  assert.equal(p.discrepancy, true);
});

test('RT-12 failures beyond allowed stragglers → discrepancy', () => {
  const p = poolOf(C1);
  p.addCommitment(commit(P, P, GENESIS));
  p.addCommitment(commit(S, P, GENESIS, { failure: Failure.Unknown }));
  assert.equal(p.process(false).kind, 'discrepancy');
});

test('RT-12 an allowed straggler (missing or failed) does not block finalization', () => {
  const executor = { ...EXECUTOR, allowed_stragglers: 1 };
  const p = poolOf(C1, { executor });
  p.addCommitment(commit(P, P, GENESIS));
  assert.equal(p.process(false).kind, 'finalized');
  const q = poolOf(C1, { executor });
  q.addCommitment(commit(P, P, GENESIS));
  q.addCommitment(commit(S, P, GENESIS, { failure: Failure.StateUnavailable }));
  assert.equal(q.process(false).kind, 'finalized');
});

test('RT-16 a non-primary scheduler waits for the timeout before a discrepancy (fairness)', () => {
  const p = poolOf(C1);
  p.addCommitment(commit(S, S, GENESIS, { label: 'alt' }));
  p.addCommitment(commit(P, S, GENESIS, { label: 'other' }));
  assert.equal(p.process(false).kind, 'still_waiting');
  assert.deepEqual(p.process(true), { kind: 'discrepancy', rank: 1n, timeout: true });
});

test('RT-20 timeout without any scheduler commitment → NO_SCHEDULER_COMMITMENT (round fails)', () => {
  const p = poolOf(C1);
  p.addCommitment(commit(S, P, GENESIS));
  assert.equal(p.process(false).kind, 'still_waiting');
  const out = p.process(true);
  assert.ok(out.kind === 'failed' && out.error.code === RoothashError.NO_SCHEDULER_COMMITMENT);
});

test('RT-12 still waiting for workers; after the timeout a missing worker is a discrepancy', () => {
  const p = poolOf(C1);
  p.addCommitment(commit(P, P, GENESIS));
  assert.equal(p.process(false).kind, 'still_waiting');
  assert.deepEqual(p.process(true), { kind: 'discrepancy', rank: 0n, timeout: true });
});

function inResolution(): CommitmentPool {
  const p = poolOf(C3);
  p.addCommitment(commit(P, P, GENESIS));
  p.addCommitment(commit(S, P, GENESIS, { label: 'evil' }));
  assert.equal(p.process(false).kind, 'discrepancy');
  return p;
}

test('RT-13 resolution: a strict majority of backups agreeing with the scheduler finalizes', () => {
  const p = inResolution();
  p.addCommitment(commit(B[0]!, P, GENESIS));
  assert.equal(p.process(false).kind, 'still_waiting');
  p.addCommitment(commit(B[1]!, P, GENESIS));
  assert.equal(p.process(false).kind, 'finalized');
});

test('RT-13 resolution: no possible majority → INSUFFICIENT_VOTES; a possible one waits until timeout', () => {
  const p = inResolution();
  p.addCommitment(commit(B[0]!, P, GENESIS));
  p.addCommitment(commit(B[1]!, P, GENESIS, { label: 'evil' }));
  assert.equal(p.process(false).kind, 'still_waiting');
  const t = p.process(true);
  assert.ok(t.kind === 'failed' && t.error.code === RoothashError.INSUFFICIENT_VOTES);
  p.addCommitment(commit(B[2]!, P, GENESIS, { failure: Failure.Unknown }));
  const out = p.process(false);
  assert.ok(out.kind === 'failed' && out.error.code === RoothashError.INSUFFICIENT_VOTES);
});

test('RT-13 resolution: a backup majority against the scheduler → BAD_SCHEDULER_COMMITMENT', () => {
  const p = inResolution();
  p.addCommitment(commit(B[0]!, P, GENESIS, { label: 'evil' }));
  p.addCommitment(commit(B[1]!, P, GENESIS, { label: 'evil' }));
  const out = p.process(false);
  assert.ok(out.kind === 'failed' && out.error.code === RoothashError.BAD_SCHEDULER_COMMITMENT);
});

test('RT-20 in a discrepancy only backup workers commit, and only for HighestRank', () => {
  const p = inResolution();
  const before = snapshot(p);
  throwsCode(() => p.addCommitment(commit(S, S, GENESIS, { label: 'alt' })), RoothashError.NOT_IN_COMMITTEE);
  throwsCode(() => p.addCommitment(commit(B[0]!, S, GENESIS)), RoothashError.RANK_NOT_ACCEPTED);
  assert.equal(snapshot(p), before);
});

test('RT-13 tryFinalize retries at once after a discrepancy: early backup votes resolve it', () => {
  const p = poolOf(C1);
  p.addCommitment(commit(B[0]!, P, GENESIS));
  p.addCommitment(commit(P, P, GENESIS));
  p.addCommitment(commit(S, P, GENESIS, { label: 'evil' }));
  const r = p.tryFinalize(false);
  assert.deepEqual(r.discrepancy, { rank: 0n, timeout: false });
  assert.equal(r.outcome.kind, 'finalized');
});
