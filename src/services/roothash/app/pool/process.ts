/**
 * One processing pass over the votes for the best-ranked scheduler (spec/oasis.md §3.5, RT-12,
 * RT-13, RT-20). Detection counts workers: any second result or more failures than allowed
 * stragglers is a discrepancy (a non-primary scheduler first waits for the timeout, so the primary
 * keeps its chance); otherwise every worker but the allowed stragglers must agree. Resolution
 * counts backup workers and needs a strict majority that agrees with the scheduler.
 */
import { compareBytes, toHex } from '../../../../common/index.js';
import { type Committee, computeResultsHash, Role, RoothashError } from '../../api/index.js';
import type { PoolOutcome, RankEntry } from './types.js';

/** Votes of the members of one role for one scheduler. */
interface Tally {
  total: number;
  commits: number;
  failures: number;
  /** Results hash (hex) → count. */
  counts: Map<string, number>;
}

/** What a pass looks at. */
export interface ProcessInput {
  readonly committee: Committee;
  readonly entry: RankEntry | undefined;
  readonly highestRank: bigint;
  readonly discrepancy: boolean;
  readonly allowedStragglers: number;
  readonly timeout: boolean;
}

const WAITING: PoolOutcome = { kind: 'still_waiting' };

function failed(code: number, msg: string): PoolOutcome {
  return { kind: 'failed', error: new RoothashError(code, msg) };
}

/** Count the votes of every member holding `role` (a node listed in two roles counts in each). */
export function tally(committee: Committee, entry: RankEntry, role: Role): Tally {
  const t: Tally = { total: 0, commits: 0, failures: 0, counts: new Map() };
  for (const m of committee.members) {
    if (m.role !== role) continue;
    t.total++;
    const v = entry.votes.get(toHex(m.public_key));
    if (v === undefined) continue;
    t.commits++;
    if (v === null) t.failures++;
    else t.counts.set(toHex(v), (t.counts.get(toHex(v)) ?? 0) + 1);
  }
  return t;
}

/** Run one pass; the caller applies a discrepancy (flag, pruning) and the storage check. */
export function processCommitments(p: ProcessInput): PoolOutcome {
  const sc = p.entry?.commitment;
  if (!p.entry || !sc) {
    return p.timeout ? failed(RoothashError.NO_SCHEDULER_COMMITMENT, 'no scheduler commitment') : WAITING;
  }
  const schedulerVote = toHex(computeResultsHash(sc.header.header));
  const finalized: PoolOutcome = { kind: 'finalized', commitment: sc, rank: p.highestRank };
  return p.discrepancy
    ? resolve(tally(p.committee, p.entry, Role.BackupWorker), schedulerVote, p.timeout, finalized)
    : detect(p, tally(p.committee, p.entry, Role.Worker), schedulerVote, finalized);
}

function detect(p: ProcessInput, t: Tally, schedulerVote: string, finalized: PoolOutcome): PoolOutcome {
  const discrepancy: PoolOutcome = { kind: 'discrepancy', rank: p.highestRank, timeout: p.timeout };
  if (t.counts.size > 1 || t.failures > p.allowedStragglers) {
    return p.highestRank > 0n && !p.timeout ? WAITING : discrepancy;
  }
  const [only] = [...t.counts.entries()];
  if (only && only[0] !== schedulerVote) return discrepancy;
  const required = t.total - p.allowedStragglers - (only?.[1] ?? 0);
  if (required > 0) return p.timeout ? discrepancy : WAITING;
  return finalized;
}

function resolve(t: Tally, schedulerVote: string, timeout: boolean, finalized: PoolOutcome): PoolOutcome {
  const required = Math.floor(t.total / 2) + 1;
  const remaining = t.total - t.commits;
  const [bestHash, best] = mostVoted(t.counts);
  const insufficient = () => failed(RoothashError.INSUFFICIENT_VOTES, 'no strict majority of backup workers');
  if (best + remaining < required) return insufficient();
  if (best < required) return timeout ? insufficient() : WAITING;
  if (bestHash !== schedulerVote) {
    return failed(RoothashError.BAD_SCHEDULER_COMMITMENT, 'backup majority disagrees with the scheduler');
  }
  return finalized;
}

/** The hash with most votes; ties go to the smaller hash so the pass stays deterministic. */
function mostVoted(counts: Map<string, number>): [string, number] {
  let best: [string, number] = ['', 0];
  for (const [h, n] of counts) {
    if (n > best[1] || (n === best[1] && compareBytes(Buffer.from(h), Buffer.from(best[0])) < 0)) {
      best = [h, n];
    }
  }
  return best;
}
