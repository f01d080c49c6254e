/** Names, numbers and limits of the scheduler service. */

/** Service (module) name. */
export const SCHEDULER_MODULE = 'scheduler';

/** Event emitted per runtime whose committees were elected: `{epoch, runtime_id, kinds}`. */
export const EVENT_ELECTED = 'Elected';
/**
 * Event emitted per runtime left without a committee for the epoch (RT-24: roothash suspends it):
 * `{epoch, runtime_id, kind, role, reason}`.
 */
export const EVENT_NO_COMMITTEE = 'NoCommittee';

/** Committee kinds (0 is invalid, as in Oasis). */
export const CommitteeKind = {
  /** Executor (compute) committee: workers and backup workers. */
  executor: 1,
  /** Tandem's storage committee (RT-22): storage nodes signing receipts. */
  storage: 2,
} as const;
/** A committee kind number. */
export type CommitteeKind = (typeof CommitteeKind)[keyof typeof CommitteeKind];

/** Committee member roles (0 is invalid). */
export const Role = {
  worker: 1,
  backupWorker: 2,
  storage: 3,
} as const;
/** A member role number. */
export type Role = (typeof Role)[keyof typeof Role];

/** Registry node role bit of compute nodes (spec/oasis.md §6, bit 0). */
export const NODE_ROLE_COMPUTE = 1 << 0;
/** Registry node role bit of storage nodes (Tandem: bit 5, the registry's storage role). */
export const NODE_ROLE_STORAGE = 1 << 5;

/** Why a runtime got no committee (value of `NoCommittee.reason`). */
export const NoCommitteeReason = {
  /** Fewer eligible candidates than the committee size. */
  tooFewCandidates: 'too_few_candidates',
  /** Fewer eligible candidates than the role's `min_pool_size`. */
  poolTooSmall: 'pool_too_small',
  /** VRF backend whose election proofs were over a low-quality alpha. */
  weakBeacon: 'weak_beacon',
  /** Committee sizes the scheduler refuses (executor group_size 0, or above max_committee_size). */
  invalidSize: 'invalid_size',
} as const;
/** A NoCommittee reason. */
export type NoCommitteeReason = (typeof NoCommitteeReason)[keyof typeof NoCommitteeReason];

/** Largest group size a runtime descriptor can ask for (u16). */
export const MAX_GROUP_SIZE = 0xffff;
/** Most members a stored committee may have: a full worker group plus a full backup group. */
export const MAX_COMMITTEE_MEMBERS = 2 * MAX_GROUP_SIZE;
/** Node and entity public keys, runtime ids and beacon values are 32 bytes; VRF outputs 64. */
export const ID_SIZE = 32;
/** Size of a VRF output (beta). */
export const BETA_SIZE = 64;
