/**
 * Codecs of every staking body and record. Bodies are decoded from untrusted transactions, so
 * each codec fixes lengths (addresses are 21 bytes), bounds amounts (32-byte quantities, at most
 * MAX_QUANTITY) and refuses unknown or missing fields; byte-level bounds come from
 * {@link decodeStakingBody}.
 */
import {
  ADDRESS_SIZE,
  array,
  bool,
  bytes,
  type Codec,
  decodeWith,
  optional,
  quantity,
  struct,
  u64,
  withDefault,
} from '../../../common/index.js';
import type {
  AddEscrowBody,
  AllowBody,
  Escrow,
  ReclaimEscrowBody,
  RewardStep,
  SharePool,
  StakingParams,
} from './types.js';

/** Largest encoded body accepted (an AddEscrow body is ~60 bytes). */
export const MAX_BODY_SIZE = 256;
/** Most steps a reward schedule may have. */
export const MAX_REWARD_STEPS = 64;

/** An account address: exactly 21 bytes. */
export const addressCodec: Codec<Uint8Array> = bytes({ len: ADDRESS_SIZE });

/** Body of `staking.AddEscrow`. */
export const addEscrowBodyCodec: Codec<AddEscrowBody> = struct(
  { account: addressCodec, amount: quantity },
  'AddEscrow',
);

/** Body of `staking.ReclaimEscrow`. */
export const reclaimEscrowBodyCodec: Codec<ReclaimEscrowBody> = struct(
  { account: addressCodec, shares: quantity },
  'ReclaimEscrow',
);

/** Body of `staking.Allow`. */
export const allowBodyCodec: Codec<AllowBody> = struct(
  { beneficiary: addressCodec, negative: withDefault(bool, false, (v) => !v), amount_change: quantity },
  'Allow',
);

/** A share pool record. */
export const sharePoolCodec: Codec<SharePool> = struct(
  { balance: quantity, total_shares: quantity },
  'SharePool',
);

/** The escrow record of one account. */
export const escrowCodec: Codec<Escrow> = struct(
  { active: sharePoolCodec, debonding: sharePoolCodec },
  'Escrow',
);

/** One reward step. */
export const rewardStepCodec: Codec<RewardStep> = struct(
  { until_epoch: u64, rate_numerator: u64, rate_denominator: u64 },
  'RewardStep',
);

/** Staking parameters as stored in state. */
export const paramsCodec: Codec<StakingParams> = struct(
  {
    debonding_interval: u64,
    reward_schedule: array(rewardStepCodec, MAX_REWARD_STEPS),
    min_delegation: quantity,
    epoch_interval: optional(u64),
  },
  'StakingParams',
);

/** A share count or an amount stored alone under a key. */
export const quantityCodec: Codec<bigint> = quantity;

/** The epochs whose stake snapshots are kept, ascending. */
export const snapshotEpochsCodec: Codec<bigint[]> = array(u64, 16);

/** Strictly decode an encoded staking body (bounded to {@link MAX_BODY_SIZE} bytes). */
export function decodeStakingBody<T>(codec: Codec<T>, encoded: Uint8Array): T {
  return decodeWith(codec, encoded, { maxSize: MAX_BODY_SIZE, maxDepth: 4, maxItems: 32 });
}
