/**
 * What the scheduler needs from other services, as small interfaces the composition root wires
 * to the registry (nodes, runtimes) and the beacon. Nothing here imports the registry, so the
 * scheduler stays testable alone.
 */
import type { KvState } from '../../../consensus/index.js';
import type { NodeBeta } from '../../beacon/index.js';

/** The part of {@link KvState} a reader needs. */
export type KvReader = Pick<KvState, 'get' | 'entries'>;

/** A node the registry considers for a runtime's committees. */
export interface Candidate {
  /** Node public key (32 bytes). */
  readonly id: Uint8Array;
  /** Owning entity (32 bytes). */
  readonly entity_id: Uint8Array;
  /** Registry role bit mask (see NODE_ROLE_COMPUTE, NODE_ROLE_STORAGE). */
  readonly roles: number;
  /** VRF output of the proof the election uses (64 bytes); absent when the node did not prove. */
  readonly beta?: Uint8Array;
  /** Registry status, checked again by the election: frozen nodes are never elected. */
  readonly frozen?: boolean;
  /** With VRF, a node is eligible only when this is below the election epoch. */
  readonly election_eligible_after?: bigint;
}

/** Per-role election constraints of a runtime (Oasis `constraints[kind][role]`). */
export interface RoleConstraints {
  /** At most this many nodes of one entity in the role (de-duplicated before electing). */
  readonly max_nodes?: number;
  /** No committee unless at least this many eligible candidates exist. */
  readonly min_pool_size?: number;
}

/** A runtime's committee parameters, as the registry's runtime descriptor holds them. */
export interface RuntimeInfo {
  /** Runtime id (32 bytes). */
  readonly id: Uint8Array;
  readonly executor: { readonly group_size: number; readonly group_backup_size: number };
  /** Tandem storage committee (RT-22); group_size 0 or absent: the executors store the state. */
  readonly storage?: { readonly group_size: number };
  /** Constraints by member role (1 worker, 2 backup worker, 3 storage). */
  readonly constraints?: Readonly<Partial<Record<number, RoleConstraints>>>;
}

/** The registry's runtimes to elect committees for. */
export interface RuntimeSource {
  runtimes(state: KvReader, epoch: bigint): Promise<readonly RuntimeInfo[]>;
}

/**
 * The registry's eligible nodes for a runtime at an epoch holding `nodeRole` (a role bit): not
 * expired, not suspended for the runtime, serving it at its active version (the registry's
 * `eligibleNodes`). The election itself re-checks the role, `frozen` and eligibility and, with
 * VRF, the proof.
 */
export interface CandidateSource {
  candidates(
    state: KvReader,
    runtimeId: Uint8Array,
    epoch: bigint,
    nodeRole: number,
  ): Promise<readonly Candidate[]>;
}

/** The randomness an election uses. */
export type ElectionBeacon =
  /** Insecure beacon: the epoch's 32-byte beacon value seeds a keyed shuffle. */
  | { readonly backend: 'insecure'; readonly value: Uint8Array }
  /**
   * VRF beacon: candidates are ordered by their proofs' outputs; `canElect` is false when those
   * proofs were over a low-quality alpha (then nobody is elected).
   */
  | { readonly backend: 'vrf'; readonly canElect: boolean; readonly betas: readonly NodeBeta[] };

/** Where the service gets an epoch's election randomness (default: the beacon's state). */
export interface BeaconSource {
  electionBeacon(state: KvReader, epoch: bigint): Promise<ElectionBeacon>;
}
