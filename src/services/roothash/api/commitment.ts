/**
 * Executor commitments (spec/oasis.md §3.2, RT-19): a node's signed claim "executing the batch of
 * scheduler S on the latest block gives these roots", or its signed admission that it could not.
 * The vote that discrepancy detection compares is H(ComputeResultsHeader); a failure is a nil vote.
 */
import {
  array,
  bytes32,
  bytes64,
  bytesEqual,
  decodeWith,
  encodeWith,
  hash,
  type Infer,
  optional,
  type Signer,
  struct,
  u8,
  u32,
  u64,
  verify,
  withDefault,
} from '../../../common/index.js';
import { type BlockHeader, blockHeaderHash, malformed } from './block.js';
import { executorCommitmentContext } from './contexts.js';
import { RoothashError } from './errors.js';
import { type RuntimeMessage, runtimeMessageCodec } from './messages.js';

/** Results of executing a batch; roots are absent only in a failure commitment. */
export const computeResultsHeaderCodec = struct(
  {
    round: u64,
    previous_hash: bytes32,
    io_root: optional(bytes32),
    state_root: optional(bytes32),
    messages_hash: optional(bytes32),
    in_msgs_hash: optional(bytes32),
    in_msgs_count: withDefault(u32, 0),
  },
  'ComputeResultsHeader',
);
/** Results of executing a batch. */
export type ComputeResultsHeader = Infer<typeof computeResultsHeaderCodec>;

/** Failure indications: none, unknown, state unavailable. */
export const Failure = { None: 0, Unknown: 1, StateUnavailable: 2 } as const;

/** The signed part of a commitment. */
export const executorCommitmentHeaderCodec = struct(
  {
    /** The proposer whose batch was executed. */
    scheduler_id: bytes32,
    header: computeResultsHeaderCodec,
    failure: withDefault(u8, 0),
    rak_sig: optional(bytes64),
  },
  'ExecutorCommitmentHeader',
);
/** The signed part of a commitment. */
export type ExecutorCommitmentHeader = Infer<typeof executorCommitmentHeaderCodec>;

/** Most messages one commitment may carry on the wire (runtimes set a lower `max_messages`). */
export const MAX_COMMITMENT_MESSAGES = 1024;
/** Largest encoded commitment accepted from the network. */
export const MAX_COMMITMENT_SIZE = 1 << 20;

/** A signed executor commitment; only the scheduler's carries messages. */
export const executorCommitmentCodec = struct(
  {
    node_id: bytes32,
    header: executorCommitmentHeaderCodec,
    sig: bytes64,
    messages: withDefault(array(runtimeMessageCodec, MAX_COMMITMENT_MESSAGES), [], (v) => v.length === 0),
  },
  'ExecutorCommitment',
);
/** A signed executor commitment. */
export type ExecutorCommitment = Infer<typeof executorCommitmentCodec>;

/** Strictly decode a commitment from untrusted bytes (size, depth and schema bounded). */
export function decodeExecutorCommitment(b: Uint8Array): ExecutorCommitment {
  try {
    return decodeWith(executorCommitmentCodec, b, { maxSize: MAX_COMMITMENT_SIZE, maxDepth: 16 });
  } catch (e) {
    throw malformed('executor commitment', e);
  }
}

/** Canonical CBOR of a commitment. */
export function encodeExecutorCommitment(c: ExecutorCommitment): Uint8Array {
  return encodeWith(executorCommitmentCodec, c);
}

/** H(CBOR(ComputeResultsHeader)): what a commitment votes for. */
export function computeResultsHash(h: ComputeResultsHeader): Uint8Array {
  return hash(encodeWith(computeResultsHeaderCodec, h));
}

/** Whether the commitment indicates failure (a nil vote). */
export function isFailure(c: ExecutorCommitment): boolean {
  return c.header.failure !== Failure.None;
}

/** The commitment's vote: the results hash, or null for a failure. */
export function commitmentVote(c: ExecutorCommitment): Uint8Array | null {
  return isFailure(c) ? null : computeResultsHash(c.header.header);
}

/** True iff `h` was computed on `parent`: the next round, linked by the parent's hash. */
export function isParentOf(h: ComputeResultsHeader, parent: BlockHeader): boolean {
  return h.round === parent.round + 1n && bytesEqual(h.previous_hash, blockHeaderHash(parent));
}

/**
 * Basic validation: with no failure every root and hash must be present; a failure carries none
 * of them, no incoming-message count, no RAK signature and no messages. Unknown failure values are
 * invalid. Throws BAD_EXECUTOR_COMMITMENT.
 */
export function validateBasic(c: ExecutorCommitment): void {
  const { failure, header: h, rak_sig } = c.header;
  const roots = [h.io_root, h.state_root, h.messages_hash, h.in_msgs_hash];
  if (failure === Failure.None) {
    if (roots.some((r) => r === undefined)) bad('a commitment without failure must carry every root');
    return;
  }
  if (failure !== Failure.Unknown && failure !== Failure.StateUnavailable) {
    bad(`unknown failure value ${failure}`);
  }
  if (roots.some((r) => r !== undefined)) bad('a failure commitment carries no roots');
  if (h.in_msgs_count !== 0) bad('a failure commitment processes no incoming messages');
  if (rak_sig !== undefined) bad('a failure commitment carries no RAK signature');
  if (c.messages.length > 0) bad('a failure commitment carries no messages');
}

function bad(msg: string): never {
  throw new RoothashError(RoothashError.BAD_EXECUTOR_COMMITMENT, msg);
}

/** Sign `header` as `signer` for a runtime, attaching the scheduler's messages if any. */
export function signExecutorCommitment(
  signer: Signer,
  runtimeId: Uint8Array,
  chainContext: string,
  header: ExecutorCommitmentHeader,
  messages: RuntimeMessage[] = [],
): ExecutorCommitment {
  const body = encodeWith(executorCommitmentHeaderCodec, header);
  const sig = signer.sign(executorCommitmentContext(runtimeId, chainContext), body);
  return { node_id: signer.publicKey, header, sig, messages };
}

/** Whether the commitment's signature verifies for this runtime and chain. */
export function verifyExecutorCommitment(
  c: ExecutorCommitment,
  runtimeId: Uint8Array,
  chainContext: string,
): boolean {
  const body = encodeWith(executorCommitmentHeaderCodec, c.header);
  return verify(c.node_id, executorCommitmentContext(runtimeId, chainContext), body, c.sig);
}
