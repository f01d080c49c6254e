/**
 * The pool as stored between transactions and blocks: plain, canonically ordered data (entries by
 * rank, votes by node, receipts by roots), so two nodes holding the same pool store the same bytes.
 */
import {
  array,
  bool,
  bytes32,
  compareBytes,
  type Infer,
  nullable,
  optional,
  struct,
  tuple,
  u64,
} from '../../../common/index.js';
import { executorCommitmentCodec } from './commitment.js';
import { MAX_COMMITTEE_MEMBERS } from './committee.js';

/** Stored votes of one rank. */
export const rankEntryRecordCodec = struct(
  {
    rank: u64,
    commitment: optional(executorCommitmentCodec),
    votes: array(struct({ node: bytes32, vote: nullable(bytes32) }, 'Vote'), MAX_COMMITTEE_MEMBERS),
  },
  'RankEntryRecord',
);

/** Stored receipts for one pair of roots. */
export const receiptRecordCodec = struct(
  {
    roots: tuple<[Uint8Array, Uint8Array]>(bytes32, bytes32),
    signers: array(bytes32, MAX_COMMITTEE_MEMBERS),
  },
  'ReceiptRecord',
);

/** A stored pool. */
export const poolSnapshotCodec = struct(
  {
    highest_rank: u64,
    discrepancy: bool,
    entries: array(rankEntryRecordCodec, MAX_COMMITTEE_MEMBERS),
    receipts: array(receiptRecordCodec, MAX_COMMITTEE_MEMBERS),
  },
  'PoolSnapshot',
);
/** A stored pool. */
export type PoolSnapshot = Infer<typeof poolSnapshotCodec>;

/** Sort helper: by a byte key. */
export function byBytes<T>(key: (x: T) => Uint8Array): (a: T, b: T) => number {
  return (a, b) => compareBytes(key(a), key(b));
}
