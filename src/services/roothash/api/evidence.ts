/**
 * Equivocation evidence (spec/oasis.md §3.6, RT-14): two executor commitments signed by one node
 * for the same round and batch with different results, or two batch proposals signed by one
 * scheduler for the same round with different batches. A body carries exactly one of the two.
 * Tandem's evidence id is H(runtime ‖ node ‖ u64be(round)) for both kinds, so a node is punished
 * once per round, whichever way it equivocated.
 */
import { bytes32, concatBytes, hash, type Infer, optional, struct, u64be } from '../../../common/index.js';
import { executorCommitmentCodec } from './commitment.js';
import { signedProposalHeaderCodec } from './proposal.js';

/** `roothash.SubmitEvidence {id, equivocation_executor {a, b} | equivocation_prop {a, b}}`. */
export const METHOD_SUBMIT_EVIDENCE = 'roothash.SubmitEvidence';
/** Gas of `roothash.SubmitEvidence` (Oasis `evidence`). */
export const SUBMIT_EVIDENCE_GAS = 1000n;
/** Event: commitment evidence accepted `{runtime_id, node, round}`. */
export const EVENT_EQUIVOCATION = 'EquivocationEvidence';
/** Event: proposal evidence accepted `{runtime_id, node, round}`. */
export const EVENT_PROPOSAL_EQUIVOCATION = 'ProposalEquivocationEvidence';

/** Two commitments of one node for one round and batch with different results. */
export const equivocationExecutorCodec = struct(
  { a: executorCommitmentCodec, b: executorCommitmentCodec },
  'EquivocationExecutor',
);

/** Two proposals of one scheduler for one round with different batches (headers only). */
export const equivocationProposalCodec = struct(
  { a: signedProposalHeaderCodec, b: signedProposalHeaderCodec },
  'EquivocationProposal',
);
/** Two proposals of one scheduler for one round. */
export type EquivocationProposal = Infer<typeof equivocationProposalCodec>;

/** Body of `roothash.SubmitEvidence` (exactly one kind, checked by the handler). */
export const submitEvidenceBodyCodec = struct(
  {
    id: bytes32,
    equivocation_executor: optional(equivocationExecutorCodec),
    equivocation_prop: optional(equivocationProposalCodec),
  },
  'Evidence',
);
/** Body of `roothash.SubmitEvidence`. */
export type SubmitEvidenceBody = Infer<typeof submitEvidenceBodyCodec>;

/** The evidence id of an equivocation (either kind) of `node` at `round`. */
export function evidenceId(runtime: Uint8Array, node: Uint8Array, round: bigint): Uint8Array {
  return hash(concatBytes(runtime, node, u64be(round)));
}
