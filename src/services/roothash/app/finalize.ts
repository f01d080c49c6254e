/**
 * Trying to finalize a runtime round at the end of a block (spec/oasis.md §3.6): after
 * commitments arrived (timeout = false) or when the round timer fires (timeout = true). A
 * discrepancy emits an event and gives backups 1.5 round timeouts; a failed round appends a
 * RoundFailed block; a finalized one records good and bad nodes, liveness and results and appends
 * a Normal block, then hands the round to the `roundFinalized` hook (its messages go to the UED
 * through the outbox, RT-27; slashing for incorrect results, RT-14).
 */
import { bytesEqual } from '../../../common/index.js';
import type { BlockContext } from '../../../consensus/index.js';
import {
  EVENT_DISCREPANCY,
  EVENT_ROUND_FAILED,
  type ExecutorCommitment,
  HeaderType,
  inMessagesHash,
  ROOTHASH_MODULE,
  RoothashError,
} from '../api/index.js';
import {
  dequeue,
  readQueue,
  readRuntimeState,
  rearmTimer,
  writeRoundResults,
  writeRuntimeState,
} from '../state/index.js';
import { appendBlock } from './blocks.js';
import {
  backupRoundTimeout,
  classifyRound,
  newLivenessStatistics,
  recordFailedRound,
  recordFinalizedRound,
} from './pool/index.js';
import { type LoadedRound, loadRound } from './runtime-round.js';
import type { RoothashSources } from './sources.js';

/** Try to finalize `id`'s round; a runtime that is suspended or unknown is left alone. */
export async function finalizeRound(
  ctx: BlockContext,
  src: RoothashSources,
  id: Uint8Array,
  timeout: boolean,
): Promise<void> {
  const st = await readRuntimeState(ctx.state, id);
  if (!st || st.suspended || !st.committee || !st.pool) return;
  const round = await loadRound(ctx, src, id);
  const res = round.pool.tryFinalize(timeout);
  if (res.discrepancy) {
    const value = { runtime_id: id, round: round.pool.round, ...res.discrepancy };
    ctx.emit({ module: ROOTHASH_MODULE, kind: EVENT_DISCREPANCY, value });
    rearmTimer(ctx.state, round.st, ctx.height + backupRoundTimeout(round.info.executor.round_timeout));
  }
  const out = res.outcome;
  if (out.kind === 'finalized') await settle(ctx, src, round, out.commitment, out.rank);
  else if (out.kind === 'failed') failed(ctx, round, out.error);
  else round.st.pool = round.pool.snapshot();
  writeRuntimeState(ctx.state, round.st);
}

/** A finalizable commitment: its incoming messages are dequeued and the round finalized, or it fails. */
async function settle(
  ctx: BlockContext,
  src: RoothashSources,
  round: LoadedRound,
  c: ExecutorCommitment,
  rank: bigint,
): Promise<void> {
  const consumed = await consumedInMessages(ctx, round.st.runtime_id, c);
  if (consumed === null) {
    const e = new RoothashError(RoothashError.IN_MSGS_MISMATCH, 'incoming messages are not a queue prefix');
    return failed(ctx, round, e);
  }
  dequeue(ctx.state, round.st.runtime_id, consumed);
  await finalized(ctx, src, round, c, rank);
}

/**
 * The incoming messages a finalizable commitment consumed: the first `in_msgs_count` of the
 * runtime's queue, whose hash must be its `in_msgs_hash`; null when they are not (RoundFailed).
 */
async function consumedInMessages(ctx: BlockContext, id: Uint8Array, c: ExecutorCommitment) {
  const h = c.header.header;
  const msgs = await readQueue(ctx.state, id, h.in_msgs_count);
  if (msgs.length !== h.in_msgs_count || !h.in_msgs_hash) return null;
  return bytesEqual(inMessagesHash(msgs), h.in_msgs_hash) ? msgs : null;
}

function statsOf(r: LoadedRound) {
  return r.st.liveness ?? newLivenessStatistics(r.st.committee.members.length);
}

async function finalized(
  ctx: BlockContext,
  src: RoothashSources,
  r: LoadedRound,
  commitment: Parameters<typeof classifyRound>[2],
  rank: bigint,
): Promise<void> {
  const cls = classifyRound(r.st.committee, r.pool.entry(rank)!, commitment);
  r.st.liveness = recordFinalizedRound(statsOf(r), r.st.committee, r.pool.round, commitment, cls.liveIndices);
  writeRoundResults(ctx.state, r.st.runtime_id, {
    messages: commitment.messages,
    good_compute_nodes: cls.good,
    bad_compute_nodes: cls.bad,
  });
  appendBlock(ctx, r.st, HeaderType.Normal, commitment.header.header);
  await src.roundFinalized?.(ctx, {
    runtime_id: r.st.runtime_id,
    round: r.pool.round,
    messages: commitment.messages ?? [],
    good: cls.good,
    bad: cls.bad,
    discrepancy: r.pool.discrepancy,
  });
}

function failed(ctx: BlockContext, r: LoadedRound, error: RoothashError): void {
  r.st.liveness = recordFailedRound(statsOf(r), r.st.committee, r.pool.round);
  const value = { runtime_id: r.st.runtime_id, round: r.pool.round, module: error.module, code: error.code };
  ctx.emit({ module: ROOTHASH_MODULE, kind: EVENT_ROUND_FAILED, value });
  appendBlock(ctx, r.st, HeaderType.RoundFailed);
}
