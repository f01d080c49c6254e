/**
 * Loading a runtime's round for a transaction or hook: its state, parameters and pool. A runtime
 * without a committee (suspended) has no pool, and commitments for it are refused.
 */
import type { BlockContext } from '../../../consensus/index.js';
import { type Committee, RoothashError, type RuntimeState } from '../api/index.js';
import { readRuntimeState } from '../state/index.js';
import { CommitmentPool } from './pool/index.js';
import { poolConfig, type RoothashSources, type RuntimeInfo } from './sources.js';

/** A runtime with its live pool. */
export interface LoadedRound {
  readonly st: RuntimeState & { committee: Committee };
  readonly info: RuntimeInfo;
  readonly pool: CommitmentPool;
}

/** An empty stored pool (start of every round). */
export const EMPTY_POOL = {
  highest_rank: 0xffffffffffffffffn,
  discrepancy: false,
  entries: [],
  receipts: [],
};

/** Load a runtime's round; UNKNOWN_RUNTIME or NO_COMMITTEE when there is none. */
export async function loadRound(
  ctx: BlockContext,
  src: RoothashSources,
  id: Uint8Array,
): Promise<LoadedRound> {
  const st = await readRuntimeState(ctx.state, id);
  if (!st) throw new RoothashError(RoothashError.UNKNOWN_RUNTIME, 'roothash does not know this runtime');
  const info = await src.runtime(ctx, id);
  if (st.suspended || !st.committee || !st.pool || !info) {
    throw new RoothashError(RoothashError.NO_COMMITTEE, 'runtime has no executor committee (suspended)');
  }
  const withCommittee = st as RuntimeState & { committee: Committee };
  const cfg = await poolConfig(ctx, src, withCommittee, info);
  return { st: withCommittee, info, pool: CommitmentPool.restore(cfg, st.last_block, st.pool) };
}
