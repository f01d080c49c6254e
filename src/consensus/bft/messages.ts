/**
 * BFT wire types and their canonical CBOR codecs: votes, proposals, blocks, commits, evidence and
 * the block-sync exchange. Whole blocks travel inside proposals (no block parts): Tandem's blocks
 * are small (bounded by `MAX_BLOCK_BYTES`); the BFT benchmark measures the largest block at 64
 * validators under 10 KB, a single part in CometBFT's 64 KiB scheme (docs/performance.md).
 */
import {
  array,
  bytes,
  bytes32,
  bytes64,
  type Codec,
  decodeWith,
  encodeWith,
  int,
  nullable,
  struct,
  text,
  u8,
  u16,
  u32,
  u64,
  variant,
} from '../../common/index.js';

/** Limits every decoder enforces. */
export const MAX_BLOCK_BYTES = 4 * 1024 * 1024;
export const MAX_TX_BYTES = 64 * 1024;
export const MAX_TXS = 10_000;
export const MAX_VALIDATORS = 1_000;
export const MAX_EXTENSION_BYTES = 256;
export const MAX_EVIDENCE = 64;
export const MAX_MESSAGE_BYTES = MAX_BLOCK_BYTES + 1024 * 1024;

/** Vote types (their order is the step order used by the last-signed record). */
export const VoteType = { Prevote: 1, Precommit: 2 } as const;
export type VoteType = (typeof VoteType)[keyof typeof VoteType];

/** The signed part of a vote. `block_hash` null is a nil vote. */
export const voteBodyCodec = struct(
  {
    type: u8,
    height: u64,
    round: u32,
    block_hash: nullable(bytes32),
    validator: u16,
    extension: bytes({ max: MAX_EXTENSION_BYTES }),
  },
  'VoteBody',
);
export interface VoteBody {
  type: number;
  height: bigint;
  round: number;
  block_hash: Uint8Array | null;
  validator: number;
  extension: Uint8Array;
}

export const voteCodec = struct({ body: voteBodyCodec, signature: bytes64 }, 'Vote');
export interface Vote {
  body: VoteBody;
  signature: Uint8Array;
}

/** Precommits for one block at one round: the proof that the block was decided. */
export const commitCodec = struct(
  { height: u64, round: u32, block_hash: bytes32, votes: array(voteCodec, MAX_VALIDATORS) },
  'Commit',
);
export interface Commit {
  height: bigint;
  round: number;
  block_hash: Uint8Array;
  votes: Vote[];
}

/** Two conflicting votes of one validator for the same (height, round, type). */
export const evidenceCodec = struct({ pub_key: bytes32, a: voteCodec, b: voteCodec }, 'Evidence');
export interface Evidence {
  pub_key: Uint8Array;
  a: Vote;
  b: Vote;
}

export const headerCodec = struct(
  {
    chain_id: text(64),
    height: u64,
    time: u64,
    last_block_hash: bytes32,
    last_commit_hash: bytes32,
    txs_hash: bytes32,
    evidence_hash: bytes32,
    ved_hash: bytes32,
    validators_hash: bytes32,
    proposer: bytes32,
  },
  'Header',
);
/** Block header; `time` is milliseconds since the Unix epoch, chosen by the proposer (APE-27). */
export interface Header {
  chain_id: string;
  height: bigint;
  time: bigint;
  last_block_hash: Uint8Array;
  last_commit_hash: Uint8Array;
  txs_hash: Uint8Array;
  evidence_hash: Uint8Array;
  ved_hash: Uint8Array;
  validators_hash: Uint8Array;
  proposer: Uint8Array;
}

export const blockCodec = struct(
  {
    header: headerCodec,
    txs: array(bytes({ max: MAX_TX_BYTES }), MAX_TXS),
    evidence: array(evidenceCodec, MAX_EVIDENCE),
    last_commit: nullable(commitCodec),
  },
  'Block',
);
export interface Block {
  header: Header;
  txs: Uint8Array[];
  evidence: Evidence[];
  last_commit: Commit | null;
}

/** The signed part of a proposal: it names the block by hash; the block travels beside it. */
export const proposalBodyCodec = struct(
  { height: u64, round: u32, valid_round: int, block_hash: bytes32, proposer: u16 },
  'ProposalBody',
);
export interface ProposalBody {
  height: bigint;
  round: number;
  valid_round: number;
  block_hash: Uint8Array;
  proposer: number;
}

export const proposalCodec = struct(
  { body: proposalBodyCodec, signature: bytes64, block: blockCodec },
  'Proposal',
);
export interface Proposal {
  body: ProposalBody;
  signature: Uint8Array;
  block: Block;
}

/** A decided block with the commit that decided it (block sync). */
export const decidedCodec = struct({ block: blockCodec, commit: commitCodec }, 'Decided');
export interface Decided {
  block: Block;
  commit: Commit;
}

/** Everything validators send each other. */
export const messageCodec = variant(
  {
    proposal: proposalCodec,
    vote: voteCodec,
    sync_request: struct({ from: u64, to: u64 }, 'SyncRequest'),
    sync_response: array(decidedCodec, 64),
  },
  'BftMessage',
);
export type Message =
  | { proposal: Proposal }
  | { vote: Vote }
  | { sync_request: { from: bigint; to: bigint } }
  | { sync_response: Decided[] };

/** Encode a message for the wire. */
export function encodeMessage(m: Message): Uint8Array {
  return encodeWith(messageCodec as Codec<Message>, m);
}

/** Strictly decode a wire message (size-checked first). Throws a coded CBOR error. */
export function decodeMessage(b: Uint8Array): Message {
  return decodeWith(messageCodec as Codec<Message>, b, { maxSize: MAX_MESSAGE_BYTES });
}
