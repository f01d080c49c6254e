/**
 * Election candidates for a runtime (spec/oasis.md §4, candidate filtering): not frozen, not
 * expired, eligible after an earlier epoch, holding the role, admitted, serving the runtime at its
 * active deployment version with matching TEE capability, and not suspended for it. Stake claims
 * and VRF proofs are the scheduler's checks.
 */
import { bytesEqual } from '../../../common/index.js';
import {
  activeVersion,
  type Node,
  ROLE_COMPUTE,
  type Runtime,
  type Version,
  versionEqual,
} from '../api/index.js';
import { type KvReader, RegistryStateReader } from '../state/index.js';
import { admits, teeMatches } from './node-runtimes.js';
import { isFrozen, isSuspendedFor } from './status.js';

function serves(n: Node, rt: Runtime, version: Version): boolean {
  const served = n.runtimes?.find((r) => bytesEqual(r.id, rt.id));
  return served !== undefined && versionEqual(served.version, version) && teeMatches(rt, served);
}

/** The nodes eligible for `runtimeId`'s committees at `epoch`, in node id order. */
export async function eligibleNodes(
  state: KvReader,
  runtimeId: Uint8Array,
  epoch: bigint,
  role: number = ROLE_COMPUTE,
): Promise<Node[]> {
  const r = new RegistryStateReader(state);
  const rt = await r.runtime(runtimeId);
  const version = rt === null ? null : activeVersion(rt, epoch);
  if (rt === null || version === null) return [];
  const out: Node[] = [];
  for (const n of await r.nodes()) {
    if (n.expiration < epoch || (n.roles & role) === 0) continue;
    if (!admits(rt, n.entity_id) || !serves(n, rt, version)) continue;
    const s = await r.nodeStatus(n.id);
    if (s === null || isFrozen(s) || s.election_eligible_after >= epoch) continue;
    if (isSuspendedFor(s, runtimeId, epoch)) continue;
    out.push(n);
  }
  return out;
}
