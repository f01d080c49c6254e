/**
 * Appending a runtime block (spec/oasis.md §3.6): the child of the latest block, Normal with the
 * finalized results or empty (RoundFailed, EpochTransition, Suspended). Every new block resets
 * the pool (none while suspended) and disarms the round timer.
 */
import type { BlockContext } from '../../../consensus/index.js';
import {
  type ComputeResultsHeader,
  EVENT_FINALIZED,
  emptyBlock,
  HeaderType,
  ROOTHASH_MODULE,
  type RuntimeState,
} from '../api/index.js';
import { rearmTimer } from '../state/index.js';
import { EMPTY_POOL } from './runtime-round.js';

/** Append a block of `type` to `st` (in place) and emit `Finalized`. */
export function appendBlock(
  ctx: BlockContext,
  st: RuntimeState,
  type: HeaderType,
  results?: ComputeResultsHeader,
): void {
  let blk = emptyBlock(st.last_block, ctx.timeMs / 1000n, type);
  if (type === HeaderType.Normal && results) {
    blk = {
      ...blk,
      io_root: results.io_root!,
      state_root: results.state_root!,
      messages_hash: results.messages_hash!,
      in_msgs_hash: results.in_msgs_hash!,
    };
  }
  st.last_block = blk;
  st.last_block_height = ctx.height;
  if (type === HeaderType.Normal) {
    st.last_normal_round = blk.round;
    st.last_normal_height = ctx.height;
  }
  if (type === HeaderType.Suspended) delete st.pool;
  else st.pool = EMPTY_POOL;
  rearmTimer(ctx.state, st, 0n);
  ctx.emit({
    module: ROOTHASH_MODULE,
    kind: EVENT_FINALIZED,
    value: { runtime_id: st.runtime_id, round: blk.round, header_type: type },
  });
}
