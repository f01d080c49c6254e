/**
 * Equivocation evidence (spec/oasis.md §3.6, RT-14): two executor commitments signed by one node
 * for the same round and batch with different results. Tandem's evidence id is
 * H(runtime ‖ node ‖ u64be(round)), so one equivocation is acted on once.
 */
import { bytes32, concatBytes, hash, type Infer, struct, u64be } from '../../../common/index.js';
import { executorCommitmentCodec } from './commitment.js';

/** `roothash.SubmitEvidence {id, equivocation_executor {a, b}}`. */
export const METHOD_SUBMIT_EVIDENCE = 'roothash.SubmitEvidence';
/** Gas of `roothash.SubmitEvidence` (Oasis `evidence`). */
export const SUBMIT_EVIDENCE_GAS = 1000n;
/** Event: evidence accepted `{runtime_id, node, round}`. */
export const EVENT_EQUIVOCATION = 'EquivocationEvidence';

/** Body of `roothash.SubmitEvidence`. */
export const submitEvidenceBodyCodec = struct(
  {
    id: bytes32,
    equivocation_executor: struct(
      { a: executorCommitmentCodec, b: executorCommitmentCodec },
      'EquivocationExecutor',
    ),
  },
  'Evidence',
);
/** Body of `roothash.SubmitEvidence`. */
export type SubmitEvidenceBody = Infer<typeof submitEvidenceBodyCodec>;

/** The evidence id of an equivocation. */
export function evidenceId(runtime: Uint8Array, node: Uint8Array, round: bigint): Uint8Array {
  return hash(concatBytes(runtime, node, u64be(round)));
}
