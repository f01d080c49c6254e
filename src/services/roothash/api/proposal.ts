/**
 * Batch proposals (spec/oasis.md §3.2 `proposal.go`): a scheduler's signed announcement of the
 * batch (by transaction hashes) it proposes on top of the latest block. Workers execute the
 * best-ranked proposal they have; its signer becomes the `scheduler_id` of their commitments.
 */
import {
  array,
  bytes32,
  bytes64,
  bytesEqual,
  decodeWith,
  encodeWith,
  type Infer,
  optional,
  type Signer,
  struct,
  u64,
  verify,
  withDefault,
} from '../../../common/index.js';
import { type BlockHeader, blockHeaderHash, malformed } from './block.js';
import { proposalContext } from './contexts.js';
import { RoothashError } from './errors.js';

/** What a scheduler signs. */
export const proposalHeaderCodec = struct(
  { round: u64, previous_hash: bytes32, batch_hash: bytes32 },
  'ProposalHeader',
);
/** What a scheduler signs. */
export type ProposalHeader = Infer<typeof proposalHeaderCodec>;

/** Most transaction hashes one proposal may list. */
export const MAX_PROPOSAL_BATCH = 10_000;

/** A signed proposal with its batch of transaction hashes. */
export const proposalCodec = struct(
  {
    node_id: bytes32,
    header: proposalHeaderCodec,
    sig: bytes64,
    batch: withDefault(array(bytes32, MAX_PROPOSAL_BATCH), [], (v) => v.length === 0),
    batch_sig: optional(bytes64),
  },
  'Proposal',
);
/** A signed proposal. */
export type Proposal = Infer<typeof proposalCodec>;

/** Sign a proposal header for a runtime. */
export function signProposal(
  signer: Signer,
  runtimeId: Uint8Array,
  chainContext: string,
  header: ProposalHeader,
  batch: Uint8Array[] = [],
): Proposal {
  const sig = signer.sign(proposalContext(runtimeId, chainContext), encodeWith(proposalHeaderCodec, header));
  return { node_id: signer.publicKey, header, sig, batch };
}

/**
 * A proposal without its batch list: what a scheduler signed, as equivocation evidence carries it
 * (fixed size, so evidence stays small whatever the batches were).
 */
export const signedProposalHeaderCodec = struct(
  { node_id: bytes32, header: proposalHeaderCodec, sig: bytes64 },
  'SignedProposalHeader',
);
/** A proposal without its batch list. */
export type SignedProposalHeader = Infer<typeof signedProposalHeaderCodec>;

/** Whether a signed proposal header's signature verifies under the runtime's proposal context. */
export function verifyProposalSignature(
  p: SignedProposalHeader,
  runtimeId: Uint8Array,
  chainContext: string,
): boolean {
  const body = encodeWith(proposalHeaderCodec, p.header);
  return verify(p.node_id, proposalContext(runtimeId, chainContext), body, p.sig);
}

/** Strictly decode a proposal from untrusted bytes. */
export function decodeProposal(b: Uint8Array): Proposal {
  try {
    return decodeWith(proposalCodec, b, { maxSize: 64 + MAX_PROPOSAL_BATCH * 34 + 512, maxDepth: 4 });
  } catch (e) {
    throw malformed('proposal', e);
  }
}

/**
 * Check a proposal against the latest block: signature under the runtime's context, next round,
 * linked to the block's hash. Throws INVALID_PROPOSAL.
 */
export function verifyProposal(
  p: Proposal,
  runtimeId: Uint8Array,
  chainContext: string,
  latest: BlockHeader,
): void {
  if (!verifyProposalSignature(p, runtimeId, chainContext)) {
    throw new RoothashError(RoothashError.INVALID_PROPOSAL, 'proposal signature does not verify');
  }
  if (p.header.round !== latest.round + 1n || !bytesEqual(p.header.previous_hash, blockHeaderHash(latest))) {
    throw new RoothashError(RoothashError.INVALID_PROPOSAL, 'proposal is not based on the latest block');
  }
}
