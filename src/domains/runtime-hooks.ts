/**
 * What roothash's decisions do to the other programs (RT-14, RT-24…27), as the hooks of its
 * sources. In the VED itself: liveness faults, freezes and runtime suspension go to the registry.
 * A finalized round's registry messages (`update_runtime` of a runtime-governed runtime) run at
 * once in the VED, where the registry is. Into the UED, through roothash's outbox (pinned for the
 * UED of the same height): the staking messages of a finalized round, and the slashes (with the
 * rewards they fund) of liveness, incorrect results after a discrepancy and equivocation.
 */
import { addressFromPublicKey, compareBytes, TandemError, toHex } from '../common/index.js';
import type { BlockContext } from '../consensus/index.js';
import {
  blockEnv,
  freezeNode,
  type Node,
  RegistryStateReader,
  type Runtime,
  resumeRuntime,
  type StakeClaims,
  setFault,
  suspendRuntime,
  updateRuntimeByMessage,
} from '../services/registry/index.js';
import {
  appendOutbox,
  type FinalizedRound,
  type LivenessDecision,
  ROOTHASH_MODULE,
  type RoothashSources,
  type RuntimeMessage,
  recordMessageResult,
  SlashReason,
} from '../services/roothash/index.js';
import { DomainsError } from './errors.js';
import { EVENT_MESSAGE_RESULT } from './runtime-outbox.js';
import { slashFor } from './runtime-sources.js';

/** Escrow accounts of the entities owning `nodes` (registered ones), sorted and de-duplicated. */
export async function entityAccounts(ctx: BlockContext, nodes: readonly Uint8Array[]): Promise<Uint8Array[]> {
  const r = new RegistryStateReader(ctx.state);
  const seen = new Map<string, Uint8Array>();
  for (const id of nodes) {
    const n: Node | null = await r.node(id);
    if (n === null) continue;
    const a = addressFromPublicKey(n.entity_id);
    seen.set(toHex(a), a);
  }
  return [...seen.values()].sort(compareBytes);
}

/**
 * Queue a slash of `accounts` by the runtime's configured amount for `reason`, funding `rewards`
 * (spec/oasis.md §3.8); freezes `nodes` for the configured interval. Nothing when the runtime
 * configures no such slash.
 */
export async function penalize(
  ctx: BlockContext,
  rt: Runtime,
  reason: number,
  nodes: readonly Uint8Array[],
  rewards: readonly Uint8Array[],
): Promise<boolean> {
  const s = slashFor(rt, reason);
  if (s === null || nodes.length === 0) return false;
  if (s.freeze_interval > 0n) {
    const r = new RegistryStateReader(ctx.state);
    for (const n of nodes)
      if ((await r.nodeStatus(n)) !== null) await freezeNode(ctx.state, n, ctx.epoch + s.freeze_interval);
  }
  const accounts = await entityAccounts(ctx, nodes);
  const percent =
    reason === SlashReason.equivocation ? rt.staking.reward_equivocation : rt.staking.reward_bad_results;
  await appendOutbox(ctx.state, ctx.epoch, ctx.height, {
    penalty: {
      runtime_id: rt.id,
      reason,
      slash: accounts.map((account) => ({ account, amount: s.amount })),
      rewards: [...rewards],
      runtime_percent: Math.min(percent, 100),
    },
  });
  return true;
}

async function applyLiveness(ctx: BlockContext, id: Uint8Array, decisions: readonly LivenessDecision[]) {
  const r = new RegistryStateReader(ctx.state);
  const rt = await r.runtime(id);
  const frozen: Uint8Array[] = [];
  for (const d of decisions) {
    // A node removed since its election has no status left to record.
    if ((await r.nodeStatus(d.node)) === null) continue;
    await setFault(ctx.state, d.node, { runtime_id: id, ...d.fault });
    if (d.freezeUntil === undefined) continue;
    await freezeNode(ctx.state, d.node, d.freezeUntil);
    frozen.push(d.node);
  }
  if (rt !== null) await penalize(ctx, rt, SlashReason.liveness, frozen, []);
}

async function suspensionChanged(ctx: BlockContext, id: Uint8Array, suspended: boolean) {
  if ((await new RegistryStateReader(ctx.state).runtime(id)) === null) return;
  if (suspended) await suspendRuntime(ctx.state, id, ctx.epoch);
  else await resumeRuntime(ctx.state, id);
}

/**
 * A registry or governance message, executed at once in the VED (atomic); its result is an event
 * and goes into the VED's message results record of the runtime.
 */
async function vedMessage(
  ctx: BlockContext,
  claims: StakeClaims,
  f: FinalizedRound,
  index: number,
  m: RuntimeMessage,
) {
  let result = { module: '', code: 0 };
  try {
    if (m.registry === undefined) {
      throw new DomainsError(DomainsError.UNSUPPORTED_MESSAGE, 'governance messages: no governance program');
    }
    await updateRuntimeByMessage(await blockEnv(ctx, claims), f.runtime_id, m.registry.update_runtime);
  } catch (e) {
    if (!(e instanceof TandemError)) throw e;
    result = { module: e.module, code: e.code };
  }
  await recordMessageResult(ctx.state, f.runtime_id, f.round, { index, ...result });
  const value = { runtime_id: f.runtime_id, round: f.round, index, ...result };
  ctx.emit({ module: ROOTHASH_MODULE, kind: EVENT_MESSAGE_RESULT, value });
}

/**
 * A finalized round: staking messages go to the outbox (the UED executes them), registry and
 * governance ones run here in message order; then the incorrect-results penalty.
 */
async function roundFinalized(ctx: BlockContext, claims: StakeClaims, f: FinalizedRound) {
  for (const [index, message] of f.messages.entries()) {
    if (message.staking === undefined) {
      await vedMessage(ctx, claims, f, index, message);
      continue;
    }
    await appendOutbox(ctx.state, ctx.epoch, ctx.height, {
      message: { runtime_id: f.runtime_id, round: f.round, index, message },
    });
  }
  if (!f.discrepancy || f.bad.length === 0) return;
  const rt = await new RegistryStateReader(ctx.state).runtime(f.runtime_id);
  if (rt === null) return;
  await penalize(ctx, rt, SlashReason.incorrectResults, f.bad, await entityAccounts(ctx, f.good));
}

async function equivocation(ctx: BlockContext, id: Uint8Array, node: Uint8Array, submitter: Uint8Array) {
  const rt = await new RegistryStateReader(ctx.state).runtime(id);
  if (rt === null) return false;
  // The submitter is rewarded through the escrow of its own key's address (its entity's when it
  // signs as the entity).
  return penalize(ctx, rt, SlashReason.equivocation, [node], [addressFromPublicKey(submitter)]);
}

/** Roothash's hooks (see the module header); `claims` checks runtime descriptor updates. */
export function roothashHooks(
  claims: StakeClaims,
): Pick<RoothashSources, 'applyLiveness' | 'suspensionChanged' | 'roundFinalized' | 'equivocation'> {
  return {
    applyLiveness,
    suspensionChanged,
    roundFinalized: (ctx, f) => roundFinalized(ctx, claims, f),
    equivocation,
  };
}
