/**
 * The lookups the scheduler and roothash make into the registry and each other (docs/state.md,
 * "Runtime programs"). All three programs are VED programs, so these are reads of the same
 * domain's state within the block being executed; nothing crosses a domain boundary here.
 *
 * - Scheduler ← registry: the compute runtimes with an active deployment whose owner covers its
 *   stake claims (RT-25: one that does not gets no committee, so roothash suspends it), and each
 *   runtime's eligible nodes per role bit (`eligibleNodes`) whose entity covers its claims.
 * - Roothash ← registry: runtime parameters, RAKs, liveness faults, the runtimes to create.
 * - Roothash ← scheduler: the executor and storage committees valid for the block's epoch.
 */
import { addressFromPublicKey, bytesEqual, toHex } from '../common/index.js';
import type { BlockContext } from '../consensus/index.js';
import {
  activeVersion,
  eligibleNodes,
  entityRequirement,
  faultFor,
  isFrozen,
  type KvReader,
  type NodeStatus,
  RegistryStateReader,
  RUNTIME_KIND_COMPUTE,
  type Runtime,
  runtimeOwnerHasStake,
  type StakeClaims,
} from '../services/registry/index.js';
import {
  MAX_COMMITTEE_MEMBERS as RH_MAX_MEMBERS,
  type Committee as RhCommittee,
  type RuntimeInfo as RhRuntimeInfo,
  type RoothashSources,
  SlashReason,
} from '../services/roothash/index.js';
import {
  type Candidate,
  type CandidateSource,
  CommitteeKind,
  type RuntimeSource,
  type RuntimeInfo as SchedRuntimeInfo,
  committee as schedulerCommittee,
} from '../services/scheduler/index.js';

/** The slash a runtime configures for `reason`, if any. */
export function slashFor(rt: Runtime, reason: number): { amount: bigint; freeze_interval: bigint } | null {
  return rt.staking.slashing?.find((s) => s.reason === reason) ?? null;
}

/** A registered compute runtime, or null. */
async function computeRuntime(state: KvReader, id: Uint8Array): Promise<Runtime | null> {
  const rt = await new RegistryStateReader(state).runtime(id);
  return rt !== null && rt.kind === RUNTIME_KIND_COMPUTE ? rt : null;
}

/** The scheduler's view of the registry's runtimes. */
export function registryRuntimeSource(claims: StakeClaims): RuntimeSource {
  return {
    async runtimes(state, epoch) {
      const out: SchedRuntimeInfo[] = [];
      for (const rt of await new RegistryStateReader(state).runtimes()) {
        if (rt.kind !== RUNTIME_KIND_COMPUTE || activeVersion(rt, epoch) === null) continue;
        if (!(await runtimeOwnerHasStake(state, rt.id, claims))) continue;
        out.push({ id: rt.id, executor: rt.executor, storage: { group_size: rt.storage.group_size } });
      }
      return out;
    },
  };
}

/**
 * The scheduler's view of the registry's eligible nodes: `eligibleNodes`, less those whose entity
 * no longer covers its stake claims (spec/oasis.md §4 candidate filtering).
 */
export function registryCandidateSource(claims: StakeClaims): CandidateSource {
  return {
    async candidates(state, runtimeId, epoch, nodeRole) {
      const r = new RegistryStateReader(state);
      const out: Candidate[] = [];
      const covered = new Map<string, boolean>();
      for (const n of await eligibleNodes(state, runtimeId, epoch, nodeRole)) {
        const e = toHex(n.entity_id);
        if (!covered.has(e)) {
          const req = await entityRequirement(state, n.entity_id);
          covered.set(e, await claims.covers(state, addressFromPublicKey(n.entity_id), req));
        }
        if (!covered.get(e)) continue;
        const s = await r.nodeStatus(n.id);
        out.push({
          id: n.id,
          entity_id: n.entity_id,
          roles: n.roles,
          frozen: (s?.freeze_end_time ?? 0n) > 0n,
          election_eligible_after: s?.election_eligible_after ?? 0n,
        });
      }
      return out;
    },
  };
}

/** Roothash's parameters of a runtime, from its descriptor. */
export function roothashRuntimeInfo(rt: Runtime): RhRuntimeInfo {
  const storage = rt.storage.group_size > 0 ? rt.storage.min_write_replication : 0;
  return {
    executor: rt.executor,
    minWriteReplication: storage,
    tee: rt.tee_hardware !== 0,
    livenessFreezeInterval: slashFor(rt, SlashReason.liveness)?.freeze_interval ?? 0n,
    maxInMessages: rt.txn_scheduler.max_in_messages,
    minInMessageFee: rt.staking.min_in_message_fee,
  };
}

async function executorCommittee(ctx: BlockContext, id: Uint8Array): Promise<RhCommittee | null> {
  const c = await schedulerCommittee(ctx.state, id, CommitteeKind.executor, ctx.epoch);
  if (c === null || c.members.length > RH_MAX_MEMBERS) return null;
  return { members: c.members.map((m) => ({ role: m.role, public_key: m.public_key })) };
}

async function storageCommittee(ctx: BlockContext, id: Uint8Array): Promise<Uint8Array[]> {
  const c = await schedulerCommittee(ctx.state, id, CommitteeKind.storage, ctx.epoch);
  return c === null ? [] : c.members.map((m) => m.public_key);
}

async function rak(ctx: BlockContext, id: Uint8Array, node: Uint8Array): Promise<Uint8Array | undefined> {
  const n = await new RegistryStateReader(ctx.state).node(node);
  return n?.runtimes?.find((r) => bytesEqual(r.id, id))?.capabilities?.tee?.rak;
}

/** Registry statuses of the closing epoch's executor committee members, by node id hex. */
async function closingStatuses(ctx: BlockContext, id: Uint8Array) {
  const r = new RegistryStateReader(ctx.state);
  const out = new Map<string, NodeStatus>();
  const c = await schedulerCommittee(ctx.state, id, CommitteeKind.executor, ctx.epoch - 1n);
  for (const m of c?.members ?? []) {
    const s = await r.nodeStatus(m.public_key);
    if (s !== null) out.set(toHex(m.public_key), s);
  }
  return out;
}

async function faults(ctx: BlockContext, id: Uint8Array) {
  const out = new Map<string, { failures: number; suspended_until: bigint }>();
  for (const [k, s] of await closingStatuses(ctx, id)) {
    const f = faultFor(s, id);
    out.set(k, { failures: f.failures, suspended_until: f.suspended_until });
  }
  return out;
}

async function frozen(ctx: BlockContext, id: Uint8Array): Promise<Set<string>> {
  const out = new Set<string>();
  for (const [k, s] of await closingStatuses(ctx, id)) if (isFrozen(s)) out.add(k);
  return out;
}

/** The lookups of roothash (hooks are added by {@link roothashHooks}). */
export function roothashLookups(): RoothashSources {
  return {
    async runtime(ctx, id) {
      const rt = await computeRuntime(ctx.state, id);
      return rt === null ? null : roothashRuntimeInfo(rt);
    },
    executorCommittee,
    storageCommittee,
    rak,
    faults,
    frozen,
    async registeredRuntimes(ctx) {
      const rts = await new RegistryStateReader(ctx.state).runtimes();
      return rts
        .filter((rt) => rt.kind === RUNTIME_KIND_COMPUTE)
        .map((rt) => ({ id: rt.id, state_root: rt.genesis.state_root, round: rt.genesis.round }));
    },
  };
}
