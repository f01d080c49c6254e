/** Payout of matured debonding delegations, run in the first block of each epoch. */
import { type BlockContext, ConsensusError } from '../../../consensus/index.js';
import { EVENT_DEBONDING_PAID, STAKING_MODULE } from '../api/methods.js';
import type { DebondingDelegation } from '../api/types.js';
import { StakingWriter } from '../state/writer.js';
import { amountForShares, withdraw } from './shares.js';

/** Ledger refusals that mean "not creditable in this domain now" (a remap froze or moved it). */
const NOT_HERE: readonly number[] = [
  ConsensusError.ACCOUNT_FROZEN,
  ConsensusError.ACCOUNT_NOT_IN_DOMAIN,
  ConsensusError.ACCOUNT_NOT_WRITABLE,
];

/**
 * Pays every debonding delegation whose end epoch is at or before `epoch`, in key order (end
 * epoch, then delegator, then escrow account bytes), so every node credits in the same order.
 * Each gets what its shares are worth now (after any slash), rounded down; returns what was paid.
 * A delegator that cannot be credited in this domain now (frozen by a remap, or remapped into the
 * VED) keeps its debonding shares, moved to the next epoch: the payout waits until it can land.
 */
export async function payMaturedDebonding(ctx: BlockContext, epoch: bigint): Promise<DebondingDelegation[]> {
  const st = new StakingWriter(ctx.state);
  const paid: DebondingDelegation[] = [];
  for (const d of await st.maturedDebonding(epoch)) {
    const escrow = await st.escrow(d.account);
    const amount = amountForShares(escrow.debonding, d.shares);
    st.setDebonding(d.end_epoch, d.delegator, d.account, 0n);
    if (amount > 0n && !(await tryCredit(ctx, d.delegator, amount))) {
      const later = await st.debonding(epoch + 1n, d.delegator, d.account);
      st.setDebonding(epoch + 1n, d.delegator, d.account, later + d.shares);
      ctx.emit({ module: STAKING_MODULE, kind: 'DebondingPostponed', value: { ...d, until: epoch + 1n } });
      continue;
    }
    st.setEscrow(d.account, { ...escrow, debonding: withdraw(escrow.debonding, amount, d.shares) });
    paid.push(d);
    ctx.emit({
      module: STAKING_MODULE,
      kind: EVENT_DEBONDING_PAID,
      value: { delegator: d.delegator, account: d.account, end_epoch: d.end_epoch, shares: d.shares, amount },
    });
  }
  return paid;
}

/** Credit, or false (changing nothing) when the account cannot be credited in this domain now. */
async function tryCredit(ctx: BlockContext, to: Uint8Array, amount: bigint): Promise<boolean> {
  try {
    await ctx.ledger.credit(to, amount);
    return true;
  } catch (e) {
    if (e instanceof ConsensusError && NOT_HERE.includes(e.code)) return false;
    throw e;
  }
}
