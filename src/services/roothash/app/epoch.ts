/**
 * Epoch transitions (spec/oasis.md §3.6, §3.7, RT-24/26): first the closing epoch's liveness is
 * evaluated and the decisions emitted (the registry applies suspensions, freezes and slashes);
 * then each runtime with a newly elected committee gets an EpochTransition block and a fresh pool,
 * and a runtime without one is suspended (one Suspended block, no pool) until it has one again.
 */
import type { BlockContext } from '../../../consensus/index.js';
import {
  EVENT_LIVENESS,
  HeaderType,
  ROOTHASH_MODULE,
  type RuntimeState,
  validateCommittee,
} from '../api/index.js';
import { readAllRuntimeStates, writeRuntimeState } from '../state/index.js';
import { appendBlock } from './blocks.js';
import { evaluateLiveness, newLivenessStatistics } from './pool/index.js';
import type { RoothashSources } from './sources.js';

async function emitLiveness(ctx: BlockContext, src: RoothashSources, st: RuntimeState, epoch: bigint) {
  if (st.suspended || !st.committee || !st.liveness) return;
  const info = await src.runtime(ctx, st.runtime_id);
  if (!info) return;
  const decisions = evaluateLiveness(st.liveness, {
    committee: st.committee,
    params: info.executor,
    epoch,
    faults: (await src.faults?.(ctx, st.runtime_id)) ?? new Map(),
    freezeInterval: info.livenessFreezeInterval ?? 0n,
  });
  for (const d of decisions) {
    const value = {
      runtime_id: st.runtime_id,
      node: d.node,
      live: d.live,
      failures: d.fault.failures,
      suspended_until: d.fault.suspended_until,
      ...(d.freezeUntil !== undefined ? { freeze_until: d.freezeUntil } : {}),
    };
    ctx.emit({ module: ROOTHASH_MODULE, kind: EVENT_LIVENESS, value });
  }
}

async function electedCommittee(ctx: BlockContext, src: RoothashSources, id: Uint8Array) {
  const c = await src.executorCommittee(ctx, id);
  if (!c || !(await src.runtime(ctx, id))) return null;
  try {
    return validateCommittee(c);
  } catch {
    // A committee roothash cannot use is treated like none: the runtime is suspended.
    return null;
  }
}

/** Run the epoch transition of every runtime (VED, first block of `epoch`). */
export async function transitionRuntimes(
  ctx: BlockContext,
  src: RoothashSources,
  epoch: bigint,
): Promise<void> {
  for (const st of await readAllRuntimeStates(ctx.state)) {
    await emitLiveness(ctx, src, st, epoch);
    const committee = await electedCommittee(ctx, src, st.runtime_id);
    if (committee) {
      st.committee = committee;
      st.suspended = false;
      st.liveness = newLivenessStatistics(committee.members.length);
      appendBlock(ctx, st, HeaderType.EpochTransition);
    } else if (!st.suspended) {
      delete st.committee;
      delete st.liveness;
      st.suspended = true;
      appendBlock(ctx, st, HeaderType.Suspended);
    }
    writeRuntimeState(ctx.state, st);
  }
}
