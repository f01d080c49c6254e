/**
 * Allowances (spec/oasis.md §8): `staking.Allow` lets a beneficiary (typically a runtime's
 * account) withdraw up to an amount from the signer's general balance; a runtime's `withdraw`
 * message spends it through {@link withdrawFor}. Each checks everything before it writes.
 */
import { bytesEqual } from '../../../common/index.js';
import type { BlockContext, TxContext } from '../../../consensus/index.js';
import { StakingError } from '../api/errors.js';
import { EVENT_ALLOWANCE, EVENT_WITHDRAW, STAKING_MODULE } from '../api/methods.js';
import type { AllowBody } from '../api/types.js';
import { StakingWriter } from '../state/writer.js';
import { add, sub } from './shares.js';
import { writableSigner } from './signer.js';

/** `staking.Allow`: change what `beneficiary` may withdraw from the signer (not below 0). */
export async function handleAllow(ctx: TxContext, body: AllowBody): Promise<void> {
  const owner = writableSigner(ctx);
  if (bytesEqual(owner, body.beneficiary)) {
    throw new StakingError(StakingError.INVALID_ARGUMENT, 'an account cannot allow itself');
  }
  const st = new StakingWriter(ctx.state);
  const now = await st.allowance(owner, body.beneficiary);
  const next = body.negative
    ? now > body.amount_change
      ? now - body.amount_change
      : 0n
    : add(now, body.amount_change);
  st.setAllowance(owner, body.beneficiary, next);
  ctx.emit({
    module: STAKING_MODULE,
    kind: EVENT_ALLOWANCE,
    value: { owner, beneficiary: body.beneficiary, allowance: next },
  });
}

/** Withdraw `amount` from `from` to `beneficiary` under `from`'s allowance (a runtime's message). */
export async function withdrawFor(
  ctx: BlockContext,
  beneficiary: Uint8Array,
  from: Uint8Array,
  amount: bigint,
): Promise<void> {
  if (amount <= 0n) throw new StakingError(StakingError.INVALID_AMOUNT, 'amount must be positive');
  const st = new StakingWriter(ctx.state);
  const allowed = await st.allowance(from, beneficiary);
  if (allowed < amount)
    throw new StakingError(StakingError.INSUFFICIENT_ALLOWANCE, 'withdrawal above the allowance');
  await ctx.ledger.debit(from, amount);
  try {
    await ctx.ledger.credit(beneficiary, amount);
  } catch (e) {
    await ctx.ledger.credit(from, amount);
    throw e;
  }
  st.setAllowance(from, beneficiary, sub(allowed, amount));
  ctx.emit({ module: STAKING_MODULE, kind: EVENT_WITHDRAW, value: { from, to: beneficiary, amount } });
}
