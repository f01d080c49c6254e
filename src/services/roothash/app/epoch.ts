/**
 * Epoch transitions (spec/oasis.md §3.6, §3.7, RT-24/26). Before the scheduler elects
 * ({@link livenessBeforeElection}, Oasis's "before schedule" step), each runtime's closing-epoch
 * liveness is evaluated, emitted and handed to `applyLiveness` (registry faults, freezes, slashes),
 * so the new committees already leave out the nodes it suspends or freezes; the statistics are
 * then cleared. At the transition itself ({@link transitionRuntimes}) runtimes the registry has but
 * roothash does not get their genesis block; a runtime with a newly elected committee gets an
 * EpochTransition block and a fresh pool, and one without is suspended (one Suspended block, no
 * pool) until it has one again. Suspension changes go to `suspensionChanged` (the registry's
 * bookkeeping). A transition without a prior liveness step evaluates liveness itself.
 */
import { toHex } from '../../../common/index.js';
import type { BlockContext } from '../../../consensus/index.js';
import {
  EVENT_LIVENESS,
  genesisBlock,
  HeaderType,
  ROOTHASH_MODULE,
  type RuntimeState,
  validateCommittee,
} from '../api/index.js';
import { readAllRuntimeStates, readRuntimeState, writeRuntimeState } from '../state/index.js';
import { appendBlock } from './blocks.js';
import { evaluateLiveness, type LivenessDecision, newLivenessStatistics } from './pool/index.js';
import type { RoothashSources } from './sources.js';

async function livenessOf(
  ctx: BlockContext,
  src: RoothashSources,
  st: RuntimeState,
  epoch: bigint,
): Promise<LivenessDecision[]> {
  if (st.suspended || !st.committee || !st.liveness) return [];
  const info = await src.runtime(ctx, st.runtime_id);
  if (!info) return [];
  return evaluateLiveness(st.liveness, {
    committee: st.committee,
    params: info.executor,
    epoch,
    faults: (await src.faults?.(ctx, st.runtime_id)) ?? new Map(),
    frozen: (await src.frozen?.(ctx, st.runtime_id)) ?? new Set(),
    freezeInterval: info.livenessFreezeInterval ?? 0n,
  });
}

async function applyLiveness(ctx: BlockContext, src: RoothashSources, st: RuntimeState, epoch: bigint) {
  const decisions = await livenessOf(ctx, src, st, epoch);
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
  if (decisions.length > 0) await src.applyLiveness?.(ctx, st.runtime_id, decisions);
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

/**
 * A runtime's first roothash state: its genesis block (Normal, at its genesis round and state
 * root) as the last block, suspended until a committee is elected.
 */
export function startRuntime(
  ctx: BlockContext,
  rt: { readonly id: Uint8Array; readonly round: bigint; readonly state_root: Uint8Array },
): void {
  const blk = genesisBlock(rt.id, rt.round, rt.state_root, ctx.timeMs / 1000n);
  writeRuntimeState(ctx.state, {
    runtime_id: rt.id,
    genesis_block: blk,
    last_block: blk,
    last_block_height: ctx.height,
    last_normal_round: rt.round,
    last_normal_height: ctx.height,
    next_timeout: 0n,
    suspended: true,
  });
}

/** Genesis state of the registry's runtimes roothash does not know yet (they start suspended). */
async function addRegisteredRuntimes(ctx: BlockContext, src: RoothashSources): Promise<Set<string>> {
  const added = new Set<string>();
  for (const rt of (await src.registeredRuntimes?.(ctx)) ?? []) {
    if ((await readRuntimeState(ctx.state, rt.id)) !== null) continue;
    startRuntime(ctx, rt);
    added.add(toHex(rt.id));
  }
  return added;
}

/** Evaluate and apply every runtime's liveness before the elections of `epoch`; clears the counters. */
export async function livenessBeforeElection(
  ctx: BlockContext,
  src: RoothashSources,
  epoch: bigint,
): Promise<void> {
  for (const st of await readAllRuntimeStates(ctx.state)) {
    if (!st.liveness) continue;
    await applyLiveness(ctx, src, st, epoch);
    delete st.liveness;
    writeRuntimeState(ctx.state, st);
  }
}

/** Run the epoch transition of every runtime (VED, first block of `epoch`, or genesis). */
export async function transitionRuntimes(
  ctx: BlockContext,
  src: RoothashSources,
  epoch: bigint,
): Promise<void> {
  const added = await addRegisteredRuntimes(ctx, src);
  for (const st of await readAllRuntimeStates(ctx.state)) {
    await applyLiveness(ctx, src, st, epoch);
    const wasSuspended = st.suspended;
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
    if (st.suspended !== wasSuspended || added.has(toHex(st.runtime_id))) {
      await src.suspensionChanged?.(ctx, st.runtime_id, st.suspended);
    }
  }
}
