/** Payout of matured debonding delegations, run in the first block of each epoch. */
import type { BlockContext } from '../../../consensus/index.js';
import { EVENT_DEBONDING_PAID, STAKING_MODULE } from '../api/methods.js';
import type { DebondingDelegation } from '../api/types.js';
import { StakingWriter } from '../state/writer.js';
import { amountForShares, withdraw } from './shares.js';

/**
 * Pays every debonding delegation whose end epoch is at or before `epoch`, in key order (end
 * epoch, then delegator, then escrow account bytes), so every node credits in the same order.
 * Each gets what its shares are worth now (after any slash), rounded down; returns what was paid.
 */
export async function payMaturedDebonding(ctx: BlockContext, epoch: bigint): Promise<DebondingDelegation[]> {
  const st = new StakingWriter(ctx.state);
  const matured = await st.maturedDebonding(epoch);
  for (const d of matured) {
    const escrow = await st.escrow(d.account);
    const amount = amountForShares(escrow.debonding, d.shares);
    st.setEscrow(d.account, { ...escrow, debonding: withdraw(escrow.debonding, amount, d.shares) });
    st.setDebonding(d.end_epoch, d.delegator, d.account, 0n);
    if (amount > 0n) await ctx.ledger.credit(d.delegator, amount);
    ctx.emit({
      module: STAKING_MODULE,
      kind: EVENT_DEBONDING_PAID,
      value: { delegator: d.delegator, account: d.account, end_epoch: d.end_epoch, shares: d.shares, amount },
    });
  }
  return matured;
}
