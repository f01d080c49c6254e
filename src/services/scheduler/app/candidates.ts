/**
 * Checks and filters of election candidates. Malformed input from a source (wrong key sizes, a
 * node listed twice) is a wiring fault and fails loudly; ineligible nodes are just left out.
 */
import { toHex } from '../../../common/index.js';
import {
  BETA_SIZE,
  type Candidate,
  ID_SIZE,
  NODE_ROLE_COMPUTE,
  NODE_ROLE_STORAGE,
  Role,
  SchedulerError,
} from '../api/index.js';

function bad(why: string): never {
  throw new SchedulerError(SchedulerError.INVALID_CANDIDATE, `scheduler candidate: ${why}`);
}

/** Refuse malformed candidates and duplicate node ids (INVALID_CANDIDATE). */
export function checkCandidates(candidates: readonly Candidate[]): void {
  const seen = new Set<string>();
  for (const c of candidates) {
    if (!(c.id instanceof Uint8Array) || c.id.length !== ID_SIZE) bad('node id must be 32 bytes');
    if (!(c.entity_id instanceof Uint8Array) || c.entity_id.length !== ID_SIZE)
      bad('entity id must be 32 bytes');
    if (!Number.isInteger(c.roles)) bad('roles must be an integer mask');
    if (c.beta !== undefined && (!(c.beta instanceof Uint8Array) || c.beta.length !== BETA_SIZE)) {
      bad('beta must be 64 bytes');
    }
    const id = toHex(c.id);
    if (seen.has(id)) bad(`node ${id} listed twice`);
    seen.add(id);
  }
}

/** The registry role bit a committee role needs: compute for (backup) workers, storage for storage. */
export function nodeRoleFor(role: number): number {
  if (role === Role.worker || role === Role.backupWorker) return NODE_ROLE_COMPUTE;
  if (role === Role.storage) return NODE_ROLE_STORAGE;
  throw new SchedulerError(SchedulerError.INVALID_ARGUMENT, `scheduler: unknown role ${role}`);
}

/**
 * Whether a candidate may be elected into `role` at `epoch`: it holds the node role, is not
 * frozen, became eligible before `epoch` (applied with both backends, as the registry does) and,
 * with VRF, has a proof output.
 */
export function isEligible(c: Candidate, role: number, epoch: bigint, vrf: boolean): boolean {
  if ((c.roles & nodeRoleFor(role)) === 0 || c.frozen === true) return false;
  if (c.election_eligible_after !== undefined && c.election_eligible_after >= epoch) return false;
  return !vrf || c.beta !== undefined;
}
