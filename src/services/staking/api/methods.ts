/** Method names, gas and event kinds of the staking service. */

/** Service (and event module) name. */
export const STAKING_MODULE = 'staking';

/** Deposit into an escrow account's active pool. */
export const METHOD_ADD_ESCROW = 'staking.AddEscrow';
/** Move shares from the active pool to the debonding pool. */
export const METHOD_RECLAIM_ESCROW = 'staking.ReclaimEscrow';

/** Change an allowance (spec/oasis.md §8: a runtime's withdraw message needs one). */
export const METHOD_ALLOW = 'staking.Allow';
/** Gas charged by the executor before `staking.Allow` runs. */
export const GAS_ALLOW = 1_000n;
/** Event: an allowance changed `{owner, beneficiary, allowance}`. */
export const EVENT_ALLOWANCE = 'AllowanceChange';
/** Event: a withdrawal under an allowance `{from, to, amount}`. */
export const EVENT_WITHDRAW = 'Withdraw';

/** Gas charged by the executor before `staking.AddEscrow` runs. */
export const GAS_ADD_ESCROW = 1_000n;
/** Gas charged by the executor before `staking.ReclaimEscrow` runs. */
export const GAS_RECLAIM_ESCROW = 1_000n;

/** Event: a deposit `{delegator, account, amount, shares}`. */
export const EVENT_ADD_ESCROW = 'AddEscrow';
/** Event: a reclaim `{delegator, account, shares, amount, end_epoch}`. */
export const EVENT_RECLAIM_ESCROW = 'ReclaimEscrow';
/** Event: a matured debonding payout `{delegator, account, end_epoch, shares, amount}`. */
export const EVENT_DEBONDING_PAID = 'DebondingPaid';
/** Event: a slash `{account, amount, active, debonding}`. */
export const EVENT_SLASH = 'Slash';
/** Event: a reward `{account, amount, epoch}`. */
export const EVENT_REWARD = 'Reward';
/** Event: a stake snapshot was written `{epoch, accounts}`. */
export const EVENT_SNAPSHOT = 'StakeSnapshot';

/** How many snapshots are kept: the VED recomputation reads the one of the previous epoch. */
export const SNAPSHOTS_KEPT = 2;
