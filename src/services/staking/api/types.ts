/**
 * Staking types. Amounts and share counts are bigint base units in [0, MAX_QUANTITY]; field names
 * are the wire names.
 */

/** A share pool: `total_shares` shares own `balance` base units together. */
export interface SharePool {
  balance: bigint;
  total_shares: bigint;
}

/** The escrow of one account: the active pool and the debonding pool. */
export interface Escrow {
  active: SharePool;
  debonding: SharePool;
}

/** One step of the reward schedule: the rate applies to epochs below `until_epoch`. */
export interface RewardStep {
  until_epoch: bigint;
  rate_numerator: bigint;
  rate_denominator: bigint;
}

/** Staking parameters, fixed at genesis and kept in state. */
export interface StakingParams {
  /** Epochs between a reclaim and its payout. */
  debonding_interval: bigint;
  /** Per-epoch reward rates, ascending by `until_epoch`; no step means no reward. */
  reward_schedule: RewardStep[];
  /** Smallest amount one AddEscrow may deposit. */
  min_delegation: bigint;
  /** Blocks per epoch, used to find an epoch's last block when no epoch function is injected. */
  epoch_interval?: bigint;
}

/** Body of `staking.AddEscrow`. */
export interface AddEscrowBody {
  account: Uint8Array;
  amount: bigint;
}

/** Body of `staking.Allow`: raise (or, with `negative`, lower) what `beneficiary` may withdraw. */
export interface AllowBody {
  beneficiary: Uint8Array;
  negative: boolean;
  amount_change: bigint;
}

/** Body of `staking.ReclaimEscrow`. */
export interface ReclaimEscrowBody {
  account: Uint8Array;
  shares: bigint;
}

/** A genesis delegation: escrow issued to `delegator` in `account` without debiting anyone. */
export interface GenesisDelegation {
  delegator: Uint8Array;
  account: Uint8Array;
  amount: bigint;
}

/** The staking part of the genesis document. */
export interface StakingGenesis {
  params: StakingParams;
  common_pool: bigint;
  delegations: GenesisDelegation[];
}

/** A delegation being debonded, paid out in the first block of `end_epoch`. */
export interface DebondingDelegation {
  delegator: Uint8Array;
  account: Uint8Array;
  end_epoch: bigint;
  shares: bigint;
}

/** One row of a stake snapshot. */
export interface StakeEntry {
  account: Uint8Array;
  balance: bigint;
}

/** Active escrow balances at the end of `epoch`, sorted by account bytes (APE-6). */
export interface StakeSnapshot {
  epoch: bigint;
  entries: StakeEntry[];
}
