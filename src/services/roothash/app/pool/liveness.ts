/**
 * Liveness accounting (spec/oasis.md §3.7), pure. Per epoch the round driver counts finalized
 * rounds, per committee index the rounds whose result the member matched, and for each round's
 * primary scheduler whether its own proposal was finalized or missed (a failed round is missed).
 * Before elections the statistics are evaluated into decisions: recover, suspend, or freeze and
 * slash. The caller applies them to node statuses and stakes.
 */
import { bytesEqual } from '../../../../common/index.js';
import {
  type Committee,
  type ExecutorCommitment,
  type ExecutorParams,
  RoothashError,
  schedulerIndex,
} from '../../api/index.js';

/** Per-epoch counters; arrays are indexed like the committee's members. */
export interface LivenessStatistics {
  readonly total_rounds: bigint;
  readonly good_rounds: bigint[];
  readonly finalized_proposals: bigint[];
  readonly missed_proposals: bigint[];
}

/** Fresh counters for a committee of `members` entries. */
export function newLivenessStatistics(members: number): LivenessStatistics {
  const zeros = () => Array.from({ length: members }, () => 0n);
  return { total_rounds: 0n, good_rounds: zeros(), finalized_proposals: zeros(), missed_proposals: zeros() };
}

function bump(a: readonly bigint[], i: number): bigint[] {
  return a.map((x, j) => (j === i ? x + 1n : x));
}

function checkShape(s: LivenessStatistics, c: Committee): void {
  const n = c.members.length;
  if ([s.good_rounds, s.finalized_proposals, s.missed_proposals].some((a) => a.length !== n)) {
    throw new RoothashError(RoothashError.LIVENESS_MISMATCH, 'statistics do not match the committee');
  }
}

/** Count a finalized round: one more round, live indices, and the primary's proposal. */
export function recordFinalizedRound(
  s: LivenessStatistics,
  committee: Committee,
  round: bigint,
  scheduler: ExecutorCommitment,
  liveIndices: readonly number[],
): LivenessStatistics {
  checkShape(s, committee);
  const primary = schedulerIndex(committee, round, 0n);
  const own = bytesEqual(committee.members[primary]!.public_key, scheduler.header.scheduler_id);
  let good = [...s.good_rounds];
  for (const i of liveIndices) good = bump(good, i);
  return {
    total_rounds: s.total_rounds + 1n,
    good_rounds: good,
    finalized_proposals: own ? bump(s.finalized_proposals, primary) : [...s.finalized_proposals],
    missed_proposals: own ? [...s.missed_proposals] : bump(s.missed_proposals, primary),
  };
}

/** Count a failed round: the primary scheduler missed its proposal; no round is added. */
export function recordFailedRound(
  s: LivenessStatistics,
  committee: Committee,
  round: bigint,
): LivenessStatistics {
  checkShape(s, committee);
  return { ...s, missed_proposals: bump(s.missed_proposals, schedulerIndex(committee, round, 0n)) };
}

/** A node's liveness fault record for one runtime (registry `Fault`). */
export interface Fault {
  /** Times declared faulty, net of recoveries (saturates at 255). */
  readonly failures: number;
  /** First epoch the node may be elected again; 0 = not suspended. */
  readonly suspended_until: bigint;
}

/** Whether a fault suspends the node at `epoch`. */
export function isSuspended(f: Fault | undefined, epoch: bigint): boolean {
  return f !== undefined && f.suspended_until > 0n && epoch < f.suspended_until;
}

/** Suspension after a change: none at 0 failures, else 2^failures epochs, at most 64. */
function schedule(failures: number, epoch: bigint): Fault {
  if (failures === 0) return { failures, suspended_until: 0n };
  return { failures, suspended_until: epoch + (1n << BigInt(Math.min(failures, 6))) };
}

/** Record a faulty epoch. */
export function recordFailure(f: Fault | undefined, epoch: bigint): Fault {
  return schedule(Math.min((f?.failures ?? 0) + 1, 255), epoch);
}

/** Record a live epoch: one failure forgiven (a node with failures left stays suspended). */
export function recordSuccess(f: Fault | undefined, epoch: bigint): Fault {
  return schedule(Math.max((f?.failures ?? 0) - 1, 0), epoch);
}

/** The last representable epoch: frozen "forever". */
export const FREEZE_FOREVER = 0xffffffffffffffffn;

/** Liveness parameters of a runtime. */
export type LivenessParams = Pick<
  ExecutorParams,
  'min_live_rounds_percent' | 'max_missed_proposals_percent' | 'min_live_rounds_eval' | 'max_liveness_fails'
>;

/** The decision for one worker node. */
export interface LivenessDecision {
  readonly node: Uint8Array;
  readonly live: boolean;
  /** The node's fault record after this evaluation. */
  readonly fault: Fault;
  /** Set when failures reached `max_liveness_fails`: frozen until this epoch and slashed. */
  readonly freezeUntil?: bigint;
}

/** Inputs of an evaluation besides the statistics. */
export interface LivenessContext {
  readonly committee: Committee;
  readonly params: LivenessParams;
  readonly epoch: bigint;
  /** Current faults by node id (hex). */
  readonly faults: ReadonlyMap<string, Fault>;
  /**
   * Nodes frozen now (hex ids): skipped like suspended ones, since a freeze suspends a node from
   * every runtime (a node frozen mid-epoch by evidence is not also judged for liveness).
   */
  readonly frozen?: ReadonlySet<string>;
  /** Freeze interval of the runtime's `runtime-liveness` slash. */
  readonly freezeInterval: bigint;
}
