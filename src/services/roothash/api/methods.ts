/** Method, event and body definitions of the roothash service (spec/oasis.md §3.6). */
import { array, bytes32, type Infer, signedCodec, struct, withDefault } from '../../../common/index.js';
import { executorCommitmentCodec } from './commitment.js';

/** Service (module) name. */
export const ROOTHASH_MODULE = 'roothash';
/** `roothash.ExecutorCommit {id, commits[], storage_receipts?}`. */
export const METHOD_EXECUTOR_COMMIT = 'roothash.ExecutorCommit';
/** Gas of `roothash.ExecutorCommit` (Oasis `compute_commit`). */
export const EXECUTOR_COMMIT_GAS = 1000n;
/** Most commitments and receipts one transaction may carry. */
export const MAX_COMMITS_PER_TX = 128;

/** Body of `roothash.ExecutorCommit`; receipts are Tandem's addition (RT-22). */
export const executorCommitBodyCodec = struct(
  {
    id: bytes32,
    commits: array(executorCommitmentCodec, MAX_COMMITS_PER_TX),
    storage_receipts: withDefault(array(signedCodec, MAX_COMMITS_PER_TX), [], (v) => v.length === 0),
  },
  'ExecutorCommit',
);
/** Body of `roothash.ExecutorCommit`. */
export type ExecutorCommitBody = Infer<typeof executorCommitBodyCodec>;

/** Event: a runtime block was appended `{runtime_id, round, header_type}`. */
export const EVENT_FINALIZED = 'Finalized';
/** Event: `{runtime_id, round, rank, timeout}`; backup workers must now execute. */
export const EVENT_DISCREPANCY = 'ExecutionDiscrepancyDetected';
/** Event: a round failed `{runtime_id, round, module, code}`. */
export const EVENT_ROUND_FAILED = 'RoundFailed';
/** Event: a liveness decision `{runtime_id, node, live, failures, suspended_until, freeze_until?}`. */
export const EVENT_LIVENESS = 'LivenessDecision';
