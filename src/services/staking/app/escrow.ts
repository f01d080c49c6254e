/**
 * `staking.AddEscrow` and `staking.ReclaimEscrow`. Each handler reads and computes everything
 * (including every overflow check) before its only fallible effect, the ledger debit, and writes
 * state after it; so a refused transaction changes nothing even before the executor discards its
 * writes.
 */
import type { BlockContext, TxContext } from '../../../consensus/index.js';
import { StakingError } from '../api/errors.js';
import { EVENT_ADD_ESCROW, EVENT_RECLAIM_ESCROW, STAKING_MODULE } from '../api/methods.js';
import type { AddEscrowBody, ReclaimEscrowBody } from '../api/types.js';
import { StakingWriter } from '../state/writer.js';
import { add, amountForShares, deposit, sharesForAmount, sub, withdraw } from './shares.js';
import { writableSigner } from './signer.js';

/** Debit the signer `amount` and issue it active shares of `body.account` at the current price. */
export async function handleAddEscrow(ctx: TxContext, body: AddEscrowBody): Promise<void> {
  return addEscrowFor(ctx, writableSigner(ctx), body);
}

/**
 * AddEscrow on behalf of `delegator` (an account of this domain): the transaction's signer, or a
 * runtime account driven by its runtime's messages (RT-27).
 */
export async function addEscrowFor(
  ctx: BlockContext,
  delegator: Uint8Array,
  body: AddEscrowBody,
): Promise<void> {
  const st = new StakingWriter(ctx.state);
  const params = await st.params();
  if (body.amount <= 0n) throw new StakingError(StakingError.INVALID_AMOUNT, 'amount must be positive');
  if (body.amount < params.min_delegation) {
    throw new StakingError(StakingError.BELOW_MIN_DELEGATION, `amount is below ${params.min_delegation}`);
  }
  const escrow = await st.escrow(body.account);
  const shares = sharesForAmount(escrow.active, body.amount);
  if (shares === 0n) throw new StakingError(StakingError.ZERO_SHARES, 'amount is worth less than one share');
  const active = deposit(escrow.active, body.amount, shares);
  const held = add(await st.delegation(delegator, body.account), shares);
  await ctx.ledger.debit(delegator, body.amount);
  st.setEscrow(body.account, { ...escrow, active });
  st.setDelegation(delegator, body.account, held);
  ctx.emit({
    module: STAKING_MODULE,
    kind: EVENT_ADD_ESCROW,
    value: { delegator, account: body.account, amount: body.amount, shares },
  });
}

/**
 * Move `body.shares` of the signer's delegation from the active pool to the debonding pool,
 * paid out in the first block of epoch `ctx.epoch + debonding_interval`. Shares worth nothing
 * (the pool was slashed to zero) are burnt without a debonding entry.
 */
export async function handleReclaimEscrow(ctx: TxContext, body: ReclaimEscrowBody): Promise<void> {
  return reclaimEscrowFor(ctx, writableSigner(ctx), body);
}

/** ReclaimEscrow on behalf of `delegator` (see {@link addEscrowFor}). */
export async function reclaimEscrowFor(
  ctx: BlockContext,
  delegator: Uint8Array,
  body: ReclaimEscrowBody,
): Promise<void> {
  const st = new StakingWriter(ctx.state);
  const params = await st.params();
  if (body.shares <= 0n) throw new StakingError(StakingError.INVALID_AMOUNT, 'shares must be positive');
  const held = await st.delegation(delegator, body.account);
  if (held === 0n) throw new StakingError(StakingError.NO_DELEGATION, 'no delegation to this account');
  if (held < body.shares) throw new StakingError(StakingError.INSUFFICIENT_SHARES, 'not enough shares');
  const escrow = await st.escrow(body.account);
  const amount = amountForShares(escrow.active, body.shares);
  const active = withdraw(escrow.active, amount, body.shares);
  const endEpoch = ctx.epoch + params.debonding_interval;
  let debonding = escrow.debonding;
  let debondingShares = 0n;
  if (amount > 0n) {
    debondingShares = sharesForAmount(escrow.debonding, amount);
    if (debondingShares === 0n) {
      throw new StakingError(StakingError.ZERO_SHARES, 'amount buys no debonding share; reclaim more');
    }
    debonding = deposit(escrow.debonding, amount, debondingShares);
    const pending = await st.debonding(endEpoch, delegator, body.account);
    st.setDebonding(endEpoch, delegator, body.account, add(pending, debondingShares));
  }
  st.setEscrow(body.account, { active, debonding });
  st.setDelegation(delegator, body.account, sub(held, body.shares));
  ctx.emit({
    module: STAKING_MODULE,
    kind: EVENT_RECLAIM_ESCROW,
    value: { delegator, account: body.account, shares: body.shares, amount, end_epoch: endEpoch },
  });
}
