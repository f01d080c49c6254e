/**
 * One role's election (spec/oasis.md §4), a pure function: the same inputs give the same
 * committee on every node whatever the order of the candidates (RT-8).
 *
 * Steps: drop ineligible candidates; refuse a pool below `min_pool_size`; order the rest (VRF:
 * ascending {@link committeeSortKey}; insecure: the keyed shuffle of `shuffle.ts`); keep at most
 * `max_nodes` per entity, the first ones in that order (de-duplication before electing); take the
 * first `size`. Fewer than `size` left: no committee.
 */
import { compareBytes, toHex } from '../../../common/index.js';
import { committeeSortKey } from '../../beacon/index.js';
import {
  type Candidate,
  CommitteeKind,
  MAX_GROUP_SIZE,
  NoCommitteeReason,
  Role,
  type RoleConstraints,
  SchedulerError,
} from '../api/index.js';
import { checkCandidates, isEligible, nodeRoleFor } from './candidates.js';
import { keyedShuffle, shuffleSeed } from './shuffle.js';

/** The randomness one election uses. */
export type ElectionRandomness =
  | { readonly backend: 'insecure'; readonly value: Uint8Array }
  | { readonly backend: 'vrf' };

/** Inputs of {@link electCommittee}. */
export interface ElectionInput {
  readonly chainContext: string;
  readonly epoch: bigint;
  readonly runtimeId: Uint8Array;
  readonly kind: number;
  readonly role: number;
  /** Members wanted; 0 elects nobody (e.g. no backup workers). */
  readonly size: number;
  readonly candidates: readonly Candidate[];
  readonly beacon: ElectionRandomness;
  readonly constraints?: RoleConstraints;
}

/** Result of one role's election: node ids in election order, or why there are none. */
export type ElectionResult =
  | { readonly ok: true; readonly nodes: Uint8Array[] }
  | { readonly ok: false; readonly reason: NoCommitteeReason };

function arg(why: string): never {
  throw new SchedulerError(SchedulerError.INVALID_ARGUMENT, `scheduler election: ${why}`);
}

function checkInput(x: ElectionInput): void {
  nodeRoleFor(x.role);
  const roleKind = x.role === Role.storage ? CommitteeKind.storage : CommitteeKind.executor;
  if (x.kind !== roleKind) arg(`role ${x.role} does not belong to kind ${x.kind}`);
  if (!Number.isInteger(x.size) || x.size < 0 || x.size > MAX_GROUP_SIZE) arg(`size ${x.size}`);
  if (x.runtimeId.length !== 32) arg('runtime id must be 32 bytes');
  if (x.beacon.backend === 'insecure' && x.beacon.value.length !== 32) arg('beacon value must be 32 bytes');
}

/** Candidates in election order (before the per-entity cap). */
export function electionOrder(x: ElectionInput, eligible: readonly Candidate[]): Candidate[] {
  if (x.beacon.backend === 'insecure') {
    return keyedShuffle(eligible, (c) => c.id, shuffleSeed(x.beacon.value, x.runtimeId, x.kind, x.role));
  }
  const keyed = eligible.map((c) => ({
    c,
    key: committeeSortKey(x.chainContext, x.epoch, x.runtimeId, x.kind, x.role, c.beta!),
  }));
  // Equal keys would need equal betas; the node id keeps even that case deterministic.
  keyed.sort((a, b) => compareBytes(a.key, b.key) || compareBytes(a.c.id, b.c.id));
  return keyed.map((k) => k.c);
}

/** Keep at most `max` nodes of each entity, the earliest in `ordered` (0 or absent: no cap). */
export function capPerEntity(ordered: readonly Candidate[], max: number | undefined): Candidate[] {
  if (max === undefined || max === 0) return [...ordered];
  const count = new Map<string, number>();
  return ordered.filter((c) => {
    const e = toHex(c.entity_id);
    const n = count.get(e) ?? 0;
    count.set(e, n + 1);
    return n < max;
  });
}

/** Elect one role of one runtime's committee. */
export function electCommittee(x: ElectionInput): ElectionResult {
  checkInput(x);
  checkCandidates(x.candidates);
  if (x.size === 0) return { ok: true, nodes: [] };
  const vrf = x.beacon.backend === 'vrf';
  const eligible = x.candidates.filter((c) => isEligible(c, x.role, x.epoch, vrf));
  const minPool = x.constraints?.min_pool_size ?? 0;
  if (eligible.length < minPool) return { ok: false, reason: NoCommitteeReason.poolTooSmall };
  const pool = capPerEntity(electionOrder(x, eligible), x.constraints?.max_nodes);
  if (pool.length < x.size) return { ok: false, reason: NoCommitteeReason.tooFewCandidates };
  return { ok: true, nodes: pool.slice(0, x.size).map((c) => c.id) };
}
