/**
 * `registry.RegisterNode`: a MultiSigned node descriptor signed by every key it names (RT-7).
 * Re-registration updates the descriptor. Serving runtimes prepays their maintenance: gas
 * `runtime_epoch_maintenance` per runtime per newly covered epoch (RT-23). Every check and the
 * gas charge come before the first write.
 */
import { bytesEqual, toHex } from '../../../common/index.js';
import {
  EVENT_NODE_REGISTERED,
  type MultiSignedNode,
  type Node,
  type NodeStatus,
  nodeCodec,
  nodeSigningKeys,
  RegistryError,
} from '../api/index.js';
import type { RegistryStateReader } from '../state/index.js';
import { type RegistryEnv, requireTxSigner } from './env.js';
import { checkNodeBasics, checkNodeSigners } from './node-checks.js';
import { checkNodeRuntimes } from './node-runtimes.js';
import { openMultiSignedDescriptor } from './open.js';
import { requireEntityStake } from './stake.js';

function fail(code: number, msg: string): never {
  throw new RegistryError(code, `registry: ${msg}`);
}

/**
 * Runtime-epochs newly covered when `next` replaces `prev` at `epoch`: per runtime, the epochs
 * after what an unexpired previous registration already covered for it, up to the new expiration.
 */
export function newlyCoveredEpochs(prev: Node | null, next: Node, epoch: bigint): bigint {
  let total = 0n;
  const live = prev !== null && prev.expiration >= epoch ? prev : null;
  for (const served of next.runtimes ?? []) {
    const covered = live?.runtimes?.some((r) => bytesEqual(r.id, served.id)) ? live.expiration : epoch;
    if (next.expiration > covered) total += next.expiration - covered;
  }
  return total;
}

async function checkEntityAndKeys(r: RegistryStateReader, n: Node): Promise<void> {
  const entity = await r.entity(n.entity_id);
  if (entity === null) fail(RegistryError.ENTITY_NOT_FOUND, `no entity ${toHex(n.entity_id)}`);
  if (!(entity.nodes ?? []).some((id) => bytesEqual(id, n.id))) {
    fail(RegistryError.NODE_NOT_WHITELISTED, `entity does not whitelist node ${toHex(n.id)}`);
  }
  for (const k of nodeSigningKeys(n)) {
    const owner = await r.keyOwner(k);
    if (owner !== null && !bytesEqual(owner, n.id))
      fail(RegistryError.INVALID_NODE_KEYS, `key ${toHex(k)} is used by another node`);
  }
}

function checkUpdate(prev: Node, next: Node, epoch: bigint): void {
  if (!bytesEqual(prev.entity_id, next.entity_id))
    fail(RegistryError.NODE_UPDATE_NOT_ALLOWED, 'a node cannot change entity');
  if (prev.expiration >= epoch && next.expiration < prev.expiration) {
    fail(RegistryError.NODE_UPDATE_NOT_ALLOWED, 'a registered node cannot lower its expiration');
  }
}

function nextStatus(prev: Node | null, status: NodeStatus | null, epoch: bigint): NodeStatus {
  const fresh = prev === null || status === null || prev.expiration < epoch;
  const base = status ?? {
    expiration_processed: false,
    freeze_end_time: 0n,
    election_eligible_after: 0n,
    faults: [],
  };
  // A new (or returning) node sits out one epoch before it can be elected (spec §5).
  const eligible = fresh ? epoch + 1n : base.election_eligible_after;
  return { ...base, expiration_processed: false, election_eligible_after: eligible };
}

/** Verify, check and store a node registration. */
export async function registerNode(env: RegistryEnv, signed: MultiSignedNode): Promise<Node> {
  const { value: n, signers } = openMultiSignedDescriptor(signed, env.nodeContext, nodeCodec);
  checkNodeBasics(n, env.epoch, env.params);
  checkNodeSigners(n, signers);
  requireTxSigner(env, n.id, 'node registration');
  await checkEntityAndKeys(env.w, n);
  await checkNodeRuntimes(env.w, n);
  const prev = await env.w.node(n.id);
  if (prev !== null) checkUpdate(prev, n, env.epoch);
  await requireEntityStake(env.ctx.state, env.claims, n.entity_id, { node: n });
  const gas = newlyCoveredEpochs(prev, n, env.epoch) * env.params.runtime_epoch_maintenance;
  if (gas > 0n) env.useGas(gas);
  const status = nextStatus(prev, await env.w.nodeStatus(n.id), env.epoch);
  env.w.setNode(n, prev);
  env.w.setNodeStatus(n.id, status);
  env.emit(EVENT_NODE_REGISTERED, { id: n.id, entity_id: n.entity_id, expiration: n.expiration });
  return n;
}
