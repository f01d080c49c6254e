/**
 * The pool's inputs and outputs. Inputs are plain data (committee, runtime parameters, storage
 * requirement), so the pool never reads registry or scheduler state itself.
 */
import type { RoothashError } from '../../api/errors.js';
import type { Committee, ExecutorCommitment, ExecutorParams } from '../../api/index.js';

/** "No rank yet": 2^64 − 1, worse than every real rank. */
export const NO_RANK = 0xffffffffffffffffn;

/** Storage receipts a runtime requires before a round can finalize (RT-22). */
export interface StorageRequirement {
  /** Public keys of the runtime's storage committee. */
  readonly committee: readonly Uint8Array[];
  /** Distinct receipts needed for the finalized roots; 0 means executors store state themselves. */
  readonly minWriteReplication: number;
}

/** Everything a pool needs for one epoch of one runtime. */
export interface PoolConfig {
  readonly runtimeId: Uint8Array;
  readonly chainContext: string;
  readonly committee: Committee;
  readonly executor: Pick<ExecutorParams, 'allowed_stragglers' | 'max_messages' | 'round_timeout'>;
  /**
   * TEE runtimes only: the runtime attestation key a node registered for this runtime (active
   * deployment of the committee's epoch), or undefined if it has none. Absent for non-TEE runtimes.
   */
  readonly rakOf?: (nodeId: Uint8Array) => Uint8Array | undefined;
  readonly storage?: StorageRequirement;
}

/** One scheduler's proposal as seen by the pool: its own commitment and every vote for it. */
export interface RankEntry {
  /** The scheduler's own commitment, once it arrives. */
  commitment?: ExecutorCommitment;
  /** Node id (hex) → results hash, or null for a failure. */
  readonly votes: Map<string, Uint8Array | null>;
}

/** The result of one processing pass (spec/oasis.md §3.5). */
export type PoolOutcome =
  | { readonly kind: 'finalized'; readonly commitment: ExecutorCommitment; readonly rank: bigint }
  | { readonly kind: 'still_waiting' }
  | { readonly kind: 'discrepancy'; readonly rank: bigint; readonly timeout: boolean }
  | { readonly kind: 'failed'; readonly error: RoothashError };
