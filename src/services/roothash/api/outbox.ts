/**
 * The roothash outbox (RT-14, RT-27): what a VED block's runtime rounds ask the UED to do, as
 * ordered cross-domain messages (DESIGN.md §1). Roothash is a VED program and staking a UED one,
 * so a finalized round's staking messages and the slashes and rewards of liveness, incorrect
 * results and equivocation are written here in the VED and executed by the UED of the same height,
 * in key order (spec/oasis.md §3.6, §3.8, §8).
 */
import {
  ADDRESS_SIZE,
  array,
  bytes,
  bytes32,
  type Infer,
  quantity,
  struct,
  u8,
  u32,
  u64,
  variant,
} from '../../../common/index.js';
import { runtimeMessageCodec } from './messages.js';

const address = bytes({ len: ADDRESS_SIZE });

/** Slash reasons (spec/oasis.md §7). */
export const SlashReason = {
  /** A node committed a result the backups' majority rejected. */
  incorrectResults: 0x80,
  /** A node signed two different commitments for one round. */
  equivocation: 0x81,
  /** A node failed liveness `max_liveness_fails` times. */
  liveness: 0x82,
} as const;
/** A slash reason number. */
export type SlashReason = (typeof SlashReason)[keyof typeof SlashReason];

/** Most slashed or rewarded accounts in one penalty (a committee's nodes). */
export const MAX_PENALTY_ACCOUNTS = 1024;

/** A runtime message of a finalized round, executed with the runtime's account as caller. */
export const outMessageCodec = struct(
  { runtime_id: bytes32, round: u64, index: u32, message: runtimeMessageCodec },
  'OutMessage',
);
/** A runtime message of a finalized round. */
export type OutMessage = Infer<typeof outMessageCodec>;

/**
 * Slashes of escrow accounts and the distribution of what they yield (spec/oasis.md §3.8): the
 * slashed amounts go to the common pool, `runtime_percent` % of the total to the runtime's
 * account, the rest split equally among the `rewards` escrow accounts.
 */
export const penaltyCodec = struct(
  {
    runtime_id: bytes32,
    reason: u8,
    slash: array(struct({ account: address, amount: quantity }, 'SlashEntry'), MAX_PENALTY_ACCOUNTS),
    rewards: array(address, MAX_PENALTY_ACCOUNTS),
    runtime_percent: u8,
  },
  'Penalty',
);
/** Slashes and their distribution. */
export type Penalty = Infer<typeof penaltyCodec>;

/** An incoming message the VED refused: its fee and tokens go back from the runtime's account. */
export const refundCodec = struct({ runtime_id: bytes32, to: address, amount: quantity }, 'Refund');
/** A refund of an incoming message. */
export type Refund = Infer<typeof refundCodec>;

/** One outbox entry. */
export const outboxEntryCodec = variant(
  { message: outMessageCodec, penalty: penaltyCodec, refund: refundCodec },
  'OutboxEntry',
);
/** One outbox entry. */
export type OutboxEntry = Infer<typeof outboxEntryCodec>;

/** Most outbox entries of one height (the pinned record's bound). */
export const MAX_OUTBOX_ENTRIES = 16_384;

/** The entries of one height in order: the pinned record the UED executes. */
export const outboxCodec = array(outboxEntryCodec, MAX_OUTBOX_ENTRIES);
