/**
 * Share arithmetic. Every division rounds down (floor), always in the pool's favour:
 * - a deposit of `a` into a pool {B, S} gets floor(a·S/B) shares (a 1:1 first deposit when S = 0);
 * - `s` shares are worth floor(s·B/S).
 * So the shares' worth never exceeds the pool: Σ floor(sᵢ·B/S) ≤ B, and the difference (less than
 * one unit per holder) is rounding dust that stays in the pool and goes to the remaining holders.
 * The last holder to leave takes floor(S·B/S) = B exactly, so a pool without shares holds nothing.
 * Results above MAX_QUANTITY are refused (OVERFLOW), never wrapped.
 */
import { addQuantity, subQuantity } from '../../../common/index.js';
import { StakingError } from '../api/errors.js';
import type { SharePool } from '../api/types.js';

/** a + b within [0, MAX_QUANTITY], as a staking OVERFLOW error otherwise. */
export function add(a: bigint, b: bigint): bigint {
  try {
    return addQuantity(a, b);
  } catch {
    throw new StakingError(StakingError.OVERFLOW, 'amount would exceed MAX_QUANTITY');
  }
}

/** a − b, refusing negative results (a staking OVERFLOW error: it means broken bookkeeping). */
export function sub(a: bigint, b: bigint): bigint {
  try {
    return subQuantity(a, b);
  } catch {
    throw new StakingError(StakingError.OVERFLOW, 'amount would go below zero');
  }
}

/** The smaller of two amounts (Math.min does not take bigints). */
export function minAmount(a: bigint, b: bigint): bigint {
  if (a < b) return a;
  return b;
}

/**
 * Shares a deposit of `amount` buys in `pool`: 1:1 into a pool without shares, else
 * floor(amount·S/B). A pool with shares but no balance (slashed to zero) is POOL_DEPLETED: its
 * old shares would otherwise claim the new deposit.
 */
export function sharesForAmount(pool: SharePool, amount: bigint): bigint {
  if (pool.total_shares === 0n) return amount;
  if (pool.balance === 0n) {
    throw new StakingError(StakingError.POOL_DEPLETED, 'pool was slashed to zero while shares remain');
  }
  return (amount * pool.total_shares) / pool.balance;
}

/** What `shares` are worth in `pool`: floor(shares·B/S). */
export function amountForShares(pool: SharePool, shares: bigint): bigint {
  if (shares > pool.total_shares) {
    throw new StakingError(StakingError.INSUFFICIENT_SHARES, 'more shares than the pool has');
  }
  if (pool.total_shares === 0n) return 0n;
  return (shares * pool.balance) / pool.total_shares;
}

/** The pool after depositing `amount` for `shares`. */
export function deposit(pool: SharePool, amount: bigint, shares: bigint): SharePool {
  return { balance: add(pool.balance, amount), total_shares: add(pool.total_shares, shares) };
}

/** The pool after `shares` worth `amount` left it. */
export function withdraw(pool: SharePool, amount: bigint, shares: bigint): SharePool {
  return { balance: sub(pool.balance, amount), total_shares: sub(pool.total_shares, shares) };
}
