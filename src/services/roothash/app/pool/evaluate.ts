/**
 * Liveness evaluation (spec/oasis.md §3.7): skipped below `min_live_rounds_eval` rounds; then each
 * worker not suspended (by a fault for this runtime, or frozen) is judged by the counters at its
 * worker index: live iff its good rounds reach `min_live_rounds_percent` of the rounds and, when
 * `max_missed_proposals_percent` > 0, its missed proposals stay within that share of its
 * proposals. Live forgives one failure; faulty adds one and suspends; reaching
 * `max_liveness_fails` (0 = 255) also freezes and slashes.
 */
import { toHex } from '../../../../common/index.js';
import { Role, RoothashError } from '../../api/index.js';
import {
  FREEZE_FOREVER,
  isSuspended,
  type LivenessContext,
  type LivenessDecision,
  type LivenessStatistics,
  recordFailure,
  recordSuccess,
} from './liveness.js';

interface WorkerCounts {
  node: Uint8Array;
  good: bigint;
  finalized: bigint;
  missed: bigint;
}

/** The workers (listed first, once each) with the counters at their index. */
function workerCounts(s: LivenessStatistics, ctx: LivenessContext): WorkerCounts[] {
  const out: WorkerCounts[] = [];
  ctx.committee.members.forEach((m, i) => {
    if (m.role !== Role.Worker) return;
    out.push({
      node: m.public_key,
      good: s.good_rounds[i] ?? 0n,
      finalized: s.finalized_proposals[i] ?? 0n,
      missed: s.missed_proposals[i] ?? 0n,
    });
  });
  return out;
}

/** Evaluate the epoch's statistics into per-node decisions (empty when evaluation is skipped). */
export function evaluateLiveness(s: LivenessStatistics, ctx: LivenessContext): LivenessDecision[] {
  const p = ctx.params;
  if (p.min_live_rounds_percent > 100 || p.max_missed_proposals_percent > 100) {
    throw new RoothashError(RoothashError.INVALID_LIVENESS_PARAMS, 'liveness percentages must be ≤ 100');
  }
  if (s.good_rounds.length !== ctx.committee.members.length) {
    throw new RoothashError(RoothashError.LIVENESS_MISMATCH, 'statistics do not match the committee');
  }
  if (s.total_rounds === 0n || s.total_rounds < p.min_live_rounds_eval) return [];
  const minGood = (s.total_rounds * BigInt(p.min_live_rounds_percent)) / 100n;
  const maxFails = p.max_liveness_fails === 0 ? 255 : p.max_liveness_fails;
  const out: LivenessDecision[] = [];
  for (const n of workerCounts(s, ctx)) {
    const prior = ctx.faults.get(toHex(n.node));
    if (isSuspended(prior, ctx.epoch) || ctx.frozen?.has(toHex(n.node))) continue;
    const proposals = n.missed + n.finalized;
    const maxMissed = (proposals * BigInt(p.max_missed_proposals_percent)) / 100n;
    const live = n.good >= minGood && (p.max_missed_proposals_percent === 0 || n.missed <= maxMissed);
    if (live) {
      out.push({ node: n.node, live, fault: recordSuccess(prior, ctx.epoch) });
      continue;
    }
    const fault = recordFailure(prior, ctx.epoch);
    if (fault.failures < maxFails) {
      out.push({ node: n.node, live, fault });
      continue;
    }
    const freezeUntil =
      ctx.epoch > FREEZE_FOREVER - ctx.freezeInterval ? FREEZE_FOREVER : ctx.epoch + ctx.freezeInterval;
    out.push({ node: n.node, live, fault, freezeUntil });
  }
  return out;
}
