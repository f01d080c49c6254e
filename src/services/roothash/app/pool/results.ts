/**
 * Who did well in a finalized round (spec/oasis.md §3.6): a node whose vote equals the scheduler's
 * is good, a different result is bad, a failure (nil vote) or no vote is neither. A node listed in
 * two roles is classified once and, as in Oasis, credited a live round once, at its first member
 * index (its worker index: workers are listed first), so a worker that is also a backup is held to
 * the same liveness bar as any other worker. With a discrepancy, bad nodes are the ones slashed
 * for incorrect results (RT-14) when the runtime configures it.
 */
import { bytesEqual, toHex } from '../../../../common/index.js';
import { type Committee, computeResultsHash, type ExecutorCommitment } from '../../api/index.js';
import type { RankEntry } from './types.js';

/** Good and bad nodes of a finalized round, in committee order. */
export interface RoundClassification {
  readonly good: Uint8Array[];
  readonly bad: Uint8Array[];
  /** First member index of each node whose vote matched; feeds liveness. */
  readonly liveIndices: number[];
}

/** Classify the votes of the finalized scheduler's entry. */
export function classifyRound(
  committee: Committee,
  entry: Readonly<RankEntry>,
  scheduler: ExecutorCommitment,
): RoundClassification {
  const want = computeResultsHash(scheduler.header.header);
  const out: RoundClassification = { good: [], bad: [], liveIndices: [] };
  const seen = new Set<string>();
  committee.members.forEach((m, i) => {
    const k = toHex(m.public_key);
    const v = entry.votes.get(k);
    if (v === undefined || v === null) return;
    if (seen.has(k)) return;
    seen.add(k);
    const ok = bytesEqual(v, want);
    if (ok) out.liveIndices.push(i);
    (ok ? out.good : out.bad).push(m.public_key);
  });
  return out;
}
