import { TandemError } from '../../../common/index.js';

/**
 * Errors of the roothash service (module `roothash`). Codes 1–18 are the commitment pool's
 * outcomes (spec/oasis.md §3.3–3.5), 20–29 format and validation, 40–49 storage receipts (RT-22),
 * 50–59 liveness, 60–69 outbox and evidence.
 */
export class RoothashError extends TandemError {
  static readonly MODULE = 'roothash';
  /** The pool has no committee (the runtime is suspended or not yet elected). */
  static readonly NO_COMMITTEE = 1;
  /** The commitment's signature does not verify under its runtime's context. */
  static readonly INVALID_SIGNATURE = 2;
  /** A TEE runtime's commitment whose RAK signature is missing or wrong. */
  static readonly RAK_SIG_INVALID = 3;
  /** The signer is not a committee member (or not a backup worker during a discrepancy). */
  static readonly NOT_IN_COMMITTEE = 4;
  /** The node has already voted for this scheduler's proposal. */
  static readonly ALREADY_COMMITTED = 5;
  /** Wrong round or previous hash: not computed on the latest block. */
  static readonly NOT_BASED_ON_CORRECT_BLOCK = 6;
  /** Outcome: the workers disagree (or too many failed); backups must resolve. */
  static readonly DISCREPANCY_DETECTED = 7;
  /** Outcome: more commitments are needed and the round has not timed out. */
  static readonly STILL_WAITING = 8;
  /** Outcome: discrepancy resolution cannot reach a strict majority of backups. */
  static readonly INSUFFICIENT_VOTES = 9;
  /** The commitment fails basic validation (fields present/absent per its failure value). */
  static readonly BAD_EXECUTOR_COMMITMENT = 10;
  /** Too many messages, a messages hash that does not match, or messages from a non-scheduler. */
  static readonly INVALID_MESSAGES = 11;
  /** The scheduler named by the commitment is not a worker of the committee. */
  static readonly SCHEDULER_NOT_WORKER = 12;
  /** The scheduler's rank is worse than the best seen (or not the best during a discrepancy). */
  static readonly RANK_NOT_ACCEPTED = 13;
  /** The scheduler itself may not indicate failure for its own proposal. */
  static readonly SCHEDULER_INDICATES_FAILURE = 14;
  /** The pool is configured for another round than the block it is given. */
  static readonly INVALID_ROUND = 15;
  /** Outcome: the round timed out without any scheduler commitment. */
  static readonly NO_SCHEDULER_COMMITMENT = 16;
  /** Outcome: the backups' majority disagrees with the scheduler's commitment. */
  static readonly BAD_SCHEDULER_COMMITMENT = 17;
  /** Outcome: the round timed out without enough storage receipts for the scheduler's roots. */
  static readonly INSUFFICIENT_STORAGE_RECEIPTS = 18;

  /** Bytes that do not decode strictly (malformed, oversized, non-canonical, unknown fields). */
  static readonly MALFORMED = 20;
  /** A block header type outside 1..4. */
  static readonly INVALID_HEADER_TYPE = 21;
  /** A committee or executor parameters that are not usable. */
  static readonly INVALID_COMMITTEE = 22;
  /** A proposal whose signature or fields are wrong. */
  static readonly INVALID_PROPOSAL = 23;
  /** Arguments outside their range (e.g. a round past u64). */
  static readonly INVALID_ARGUMENT = 25;
  /** No roothash state for the named runtime. */
  static readonly UNKNOWN_RUNTIME = 26;
  /** A stored record does not decode. */
  static readonly CORRUPT_STATE = 27;
  /** The genesis document is malformed (duplicate runtime, bad id). */
  static readonly INVALID_GENESIS = 28;

  /** A storage receipt whose signature does not verify. */
  static readonly RECEIPT_INVALID_SIGNATURE = 40;
  /** A storage receipt signed by a node outside the runtime's storage committee. */
  static readonly RECEIPT_NOT_STORAGE_MEMBER = 41;
  /** A second receipt from one storage node for the same roots. */
  static readonly RECEIPT_DUPLICATE_SIGNER = 42;
  /** A receipt for another runtime, another round or other roots than required. */
  static readonly RECEIPT_WRONG_TARGET = 43;
  /** Fewer valid receipts than the runtime's `min_write_replication`. */
  static readonly RECEIPTS_INSUFFICIENT = 44;

  /** Liveness statistics that do not match the committee they are evaluated against. */
  static readonly LIVENESS_MISMATCH = 50;
  /** Liveness parameters out of range (percentages over 100). */
  static readonly INVALID_LIVENESS_PARAMS = 51;

  /** A block produced more outbox entries than one pinned record may carry. */
  static readonly OUTBOX_FULL = 60;
  /** Equivocation evidence that does not prove an equivocation (same content, other rounds, ...). */
  static readonly INVALID_EVIDENCE = 61;
  /** Equivocation evidence already acted on. */
  static readonly DUPLICATE_EVIDENCE = 62;
  /** Evidence for a runtime that does not slash for equivocation. */
  static readonly EVIDENCE_NOT_SLASHABLE = 63;
  /** The UED's inbox of this epoch is full. */
  static readonly INBOX_FULL = 64;
  /** SubmitMsg without the runtime's account declared writable. */
  static readonly ACCOUNT_NOT_DECLARED = 65;
  /** Outcome: the commitment's incoming messages are not a prefix of the runtime's queue. */
  static readonly IN_MSGS_MISMATCH = 66;

  constructor(code: number, message: string, context?: Record<string, unknown>) {
    super(RoothashError.MODULE, code, message, context);
    this.name = 'RoothashError';
  }
}
