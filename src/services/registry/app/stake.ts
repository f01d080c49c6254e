/**
 * Stake requirements (spec/oasis.md §7): which thresholds an owner's registrations claim, and the
 * checks against the injected {@link StakeClaims} (RT-25).
 */
import { addressFromPublicKey, addressFromRuntimeId, bytesEqual } from '../../../common/index.js';
import {
  GOVERNANCE_CONSENSUS,
  GOVERNANCE_ENTITY,
  type Node,
  RegistryError,
  ROLE_COMPUTE,
  ROLE_KEY_MANAGER,
  ROLE_OBSERVER,
  ROLE_VALIDATOR,
  RUNTIME_KIND_KEY_MANAGER,
  type Runtime,
  type StakeClaims,
  type StakeRequirement,
  ThresholdKind,
} from '../api/index.js';
import { type KvReader, RegistryStateReader } from '../state/index.js';

const ROLE_KINDS: readonly [number, ThresholdKind][] = [
  [ROLE_VALIDATOR, ThresholdKind.nodeValidator],
  [ROLE_COMPUTE, ThresholdKind.nodeCompute],
  [ROLE_OBSERVER, ThresholdKind.nodeObserver],
  [ROLE_KEY_MANAGER, ThresholdKind.nodeKeyManager],
];

function runtimeKind(rt: Runtime): ThresholdKind {
  return rt.kind === RUNTIME_KIND_KEY_MANAGER
    ? ThresholdKind.runtimeKeyManager
    : ThresholdKind.runtimeCompute;
}

/** The node's global threshold kinds and the per-runtime extras for its roles. */
async function nodeClaims(r: RegistryStateReader, n: Node, kinds: ThresholdKind[]): Promise<bigint> {
  const mine = ROLE_KINDS.filter(([bit]) => (n.roles & bit) !== 0).map(([, k]) => k);
  kinds.push(...mine);
  let extra = 0n;
  for (const served of n.runtimes ?? []) {
    const rt = await r.runtime(served.id);
    for (const t of rt?.staking.thresholds ?? []) {
      if (mine.includes(t.kind as ThresholdKind)) extra += t.amount;
    }
  }
  return extra;
}

/** What an entity's registrations claim, with `node` / `runtime` replacing stored versions. */
export async function entityRequirement(
  state: KvReader,
  entity: Uint8Array,
  pending: { node?: Node; runtime?: Runtime } = {},
): Promise<StakeRequirement> {
  const r = new RegistryStateReader(state);
  const kinds: ThresholdKind[] = [ThresholdKind.entity];
  let extra = 0n;
  const nodeIds = await r.entityNodeIds(entity);
  if (pending.node && !nodeIds.some((id) => bytesEqual(id, pending.node!.id))) nodeIds.push(pending.node.id);
  for (const id of nodeIds) {
    const n = pending.node && bytesEqual(pending.node.id, id) ? pending.node : await r.node(id);
    if (n) extra += await nodeClaims(r, n, kinds);
  }
  const runtimes = (await r.runtimes()).filter(
    (rt) => !pending.runtime || !bytesEqual(rt.id, pending.runtime.id),
  );
  if (pending.runtime) runtimes.push(pending.runtime);
  for (const rt of runtimes) {
    if (rt.governance_model === GOVERNANCE_ENTITY && bytesEqual(rt.entity_id, entity))
      kinds.push(runtimeKind(rt));
  }
  return { kinds, extra };
}

/** The staking account that owns a runtime, or null under consensus governance (no claims). */
export function runtimeOwner(rt: Runtime): Uint8Array | null {
  if (rt.governance_model === GOVERNANCE_CONSENSUS) return null;
  return rt.governance_model === GOVERNANCE_ENTITY
    ? addressFromPublicKey(rt.entity_id)
    : addressFromRuntimeId(rt.id);
}

/** Whether the owner of `rt` (as it would be stored) covers its claims. */
async function ownerCovers(
  state: KvReader,
  rt: Runtime,
  claims: StakeClaims,
  pending: boolean,
): Promise<boolean> {
  const owner = runtimeOwner(rt);
  if (owner === null) return true;
  const req =
    rt.governance_model === GOVERNANCE_ENTITY
      ? await entityRequirement(state, rt.entity_id, pending ? { runtime: rt } : {})
      : { kinds: [runtimeKind(rt)], extra: 0n };
  return claims.covers(state, owner, req);
}

/** INSUFFICIENT_STAKE unless the entity covers its claims with `pending` applied. */
export async function requireEntityStake(
  state: KvReader,
  claims: StakeClaims,
  entity: Uint8Array,
  pending: { node?: Node; runtime?: Runtime },
): Promise<void> {
  const ok = pending.runtime
    ? await ownerCovers(state, pending.runtime, claims, true)
    : await claims.covers(
        state,
        addressFromPublicKey(entity),
        await entityRequirement(state, entity, pending),
      );
  if (!ok)
    throw new RegistryError(
      RegistryError.INSUFFICIENT_STAKE,
      'registry: owner escrow does not cover its thresholds',
    );
}

/** Whether the owner of a registered runtime still covers its claims (RT-25; epoch transitions). */
export async function runtimeOwnerHasStake(
  state: KvReader,
  runtimeId: Uint8Array,
  claims: StakeClaims,
): Promise<boolean> {
  const rt = await new RegistryStateReader(state).runtime(runtimeId);
  if (rt === null) throw new RegistryError(RegistryError.RUNTIME_NOT_FOUND, 'registry: no such runtime');
  return ownerCovers(state, rt, claims, false);
}
