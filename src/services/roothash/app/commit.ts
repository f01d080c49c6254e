/**
 * `roothash.ExecutorCommit` (spec/oasis.md §3.6): verify and add every commitment and receipt
 * (any rejection fails the whole transaction, which then writes nothing); when the best rank
 * improved, re-arm the round timer to `height + round_timeout`; mark the runtime for finalization
 * at the end of the block.
 */
import type { MethodDef, TxContext } from '../../../consensus/index.js';
import {
  EXECUTOR_COMMIT_GAS,
  type ExecutorCommitBody,
  executorCommitBodyCodec,
  METHOD_EXECUTOR_COMMIT,
} from '../api/index.js';
import { pendingKey, rearmTimer, writeRuntimeState } from '../state/index.js';
import { loadRound } from './runtime-round.js';
import type { RoothashSources } from './sources.js';

/** Handle one ExecutorCommit body. */
export async function executorCommit(
  ctx: TxContext,
  src: RoothashSources,
  body: ExecutorCommitBody,
): Promise<void> {
  const { st, info, pool } = await loadRound(ctx, src, body.id);
  const before = pool.highestRank;
  for (const c of body.commits) pool.addCommitment(c);
  for (const r of body.storage_receipts) pool.addStorageReceipt(r);
  if (pool.highestRank < before) rearmTimer(ctx.state, st, ctx.height + info.executor.round_timeout);
  st.pool = pool.snapshot();
  writeRuntimeState(ctx.state, st);
  ctx.state.set(pendingKey(st.runtime_id), new Uint8Array());
}

/** The method definition (VED). */
export function executorCommitMethod(src: RoothashSources): MethodDef<ExecutorCommitBody> {
  return {
    name: METHOD_EXECUTOR_COMMIT,
    domain: 'ved',
    body: executorCommitBodyCodec,
    gas: EXECUTOR_COMMIT_GAS,
    handle: (ctx, body) => executorCommit(ctx, src, body),
  };
}
