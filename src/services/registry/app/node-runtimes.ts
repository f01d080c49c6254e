/**
 * Checks of the runtimes a node serves: each registered and listed once, the admission policy
 * passed, TEE capability matching the runtime, and a runtime listed when a role needs one.
 */
import { bytesEqual, toHex } from '../../../common/index.js';
import {
  type Node,
  type NodeRuntime,
  RegistryError,
  ROLE_COMPUTE,
  ROLE_KEY_MANAGER,
  ROLE_STORAGE,
  type Runtime,
  TEE_NONE,
} from '../api/index.js';
import type { RegistryStateReader } from '../state/index.js';

/** Whether the runtime's admission policy lets `entity`'s nodes in. */
export function admits(rt: Runtime, entity: Uint8Array): boolean {
  const p = rt.admission_policy;
  if (p.any_node) return true;
  return (p.entity_whitelist?.entities ?? []).some((e) => bytesEqual(e, entity));
}

/** Whether the node's capability for `rt` matches the runtime's TEE hardware. */
export function teeMatches(rt: Runtime, served: NodeRuntime): boolean {
  const tee = served.capabilities?.tee;
  if (rt.tee_hardware === TEE_NONE) return tee === undefined;
  return tee !== undefined && tee.hardware === rt.tee_hardware;
}

function fail(code: number, msg: string): never {
  throw new RegistryError(code, `registry: ${msg}`);
}

/** Check every runtime `n` serves against the registered descriptors. */
export async function checkNodeRuntimes(r: RegistryStateReader, n: Node): Promise<void> {
  const list = n.runtimes ?? [];
  if ((n.roles & (ROLE_COMPUTE | ROLE_KEY_MANAGER | ROLE_STORAGE)) !== 0 && list.length === 0) {
    fail(RegistryError.INVALID_NODE_RUNTIMES, 'compute, key-manager and storage nodes must serve a runtime');
  }
  const seen = new Set<string>();
  for (const served of list) {
    const h = toHex(served.id);
    if (seen.has(h)) fail(RegistryError.INVALID_NODE_RUNTIMES, `runtime ${h} listed twice`);
    seen.add(h);
    const rt = await r.runtime(served.id);
    if (rt === null) fail(RegistryError.INVALID_NODE_RUNTIMES, `runtime ${h} is not registered`);
    if (!admits(rt, n.entity_id))
      fail(RegistryError.NODE_NOT_ADMITTED, `runtime ${h} does not admit the entity`);
    if (!teeMatches(rt, served))
      fail(RegistryError.INVALID_TEE, `TEE capability does not match runtime ${h}`);
  }
}
