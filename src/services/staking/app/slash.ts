/** Slashing of an escrow account into the common pool (APE-26), for the vote program and roothash. */
import type { BlockContext } from '../../../consensus/index.js';
import { StakingError } from '../api/errors.js';
import { EVENT_SLASH, STAKING_MODULE } from '../api/methods.js';
import { StakingWriter } from '../state/writer.js';
import { add, minAmount, sub } from './shares.js';

/**
 * Takes up to `amount` from `escrowAccount`'s active and debonding pools together, in proportion
 * to their balances, and adds it to the common pool. The active pool gives
 * floor(taken·A/(A+D)) and the debonding pool the rest, which is ceil(taken·D/(A+D)) ≤ D. Shares
 * are untouched, so every share (active or debonding) loses the same fraction of its worth.
 * Never takes more than exists; returns what was taken (0 for an account without escrow).
 */
export async function slashEscrow(
  ctx: BlockContext,
  escrowAccount: Uint8Array,
  amount: bigint,
): Promise<bigint> {
  if (typeof amount !== 'bigint' || amount < 0n) {
    throw new StakingError(StakingError.INVALID_ARGUMENT, 'slash amount must be a non-negative bigint');
  }
  const st = new StakingWriter(ctx.state);
  const escrow = await st.escrow(escrowAccount);
  const a = escrow.active.balance;
  const d = escrow.debonding.balance;
  const total = a + d;
  const taken = minAmount(amount, total);
  if (taken === 0n) return 0n;
  const fromActive = (taken * a) / total;
  const fromDebonding = taken - fromActive;
  const pool = add(await st.commonPool(), taken);
  st.setEscrow(escrowAccount, {
    active: { ...escrow.active, balance: sub(a, fromActive) },
    debonding: { ...escrow.debonding, balance: sub(d, fromDebonding) },
  });
  st.setCommonPool(pool);
  ctx.emit({
    module: STAKING_MODULE,
    kind: EVENT_SLASH,
    value: { account: escrowAccount, amount: taken, active: fromActive, debonding: fromDebonding },
  });
  return taken;
}
