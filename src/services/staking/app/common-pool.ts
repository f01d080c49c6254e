/**
 * Payouts from the common pool other programs direct (spec/oasis.md §3.8, RT-14): the share of a
 * runtime slash that goes to the runtime's account, and the rewards of the entities that were
 * right. Each checks everything before it writes, so a refused payout changes nothing.
 */
import { ADDRESS_SIZE } from '../../../common/index.js';
import type { BlockContext } from '../../../consensus/index.js';
import { StakingError } from '../api/errors.js';
import { EVENT_REWARD, STAKING_MODULE } from '../api/methods.js';
import { StakingWriter } from '../state/writer.js';
import { add, sub } from './shares.js';

function checkArgs(account: Uint8Array, amount: bigint): void {
  if (!(account instanceof Uint8Array) || account.length !== ADDRESS_SIZE) {
    throw new StakingError(StakingError.INVALID_ARGUMENT, `payout account must be ${ADDRESS_SIZE} bytes`);
  }
  if (typeof amount !== 'bigint' || amount < 0n) {
    throw new StakingError(StakingError.INVALID_ARGUMENT, 'payout amount must be a non-negative bigint');
  }
}

/** Moves `amount` (at most the pool) from the common pool to `to`'s general balance; returns it. */
export async function payFromCommonPool(ctx: BlockContext, to: Uint8Array, amount: bigint): Promise<bigint> {
  checkArgs(to, amount);
  const st = new StakingWriter(ctx.state);
  const pool = await st.commonPool();
  const paid = amount < pool ? amount : pool;
  if (paid === 0n) return 0n;
  await ctx.ledger.credit(to, paid);
  st.setCommonPool(sub(pool, paid));
  return paid;
}

/**
 * Adds `amount` (at most the pool) from the common pool to the active pool of `escrowAccount`,
 * raising the worth of its shares; an escrow without shares gets nothing (no one would own it).
 * Returns what was paid.
 */
export async function rewardEscrowFromPool(
  ctx: BlockContext,
  escrowAccount: Uint8Array,
  amount: bigint,
): Promise<bigint> {
  checkArgs(escrowAccount, amount);
  const st = new StakingWriter(ctx.state);
  const pool = await st.commonPool();
  const e = await st.escrow(escrowAccount);
  const paid = e.active.total_shares === 0n ? 0n : amount < pool ? amount : pool;
  if (paid === 0n) return 0n;
  st.setEscrow(escrowAccount, { ...e, active: { ...e.active, balance: add(e.active.balance, paid) } });
  st.setCommonPool(sub(pool, paid));
  ctx.emit({
    module: STAKING_MODULE,
    kind: EVENT_REWARD,
    value: { account: escrowAccount, amount: paid, epoch: ctx.epoch },
  });
  return paid;
}
