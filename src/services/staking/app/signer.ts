/** Who a staking transaction acts for, and the check that it declared that account. */
import { addressFromPublicKey, bytesEqual } from '../../../common/index.js';
import type { TxContext } from '../../../consensus/index.js';
import { StakingError } from '../api/errors.js';

/**
 * The signer's address, which the handler debits or credits. It must be the fee payer or be
 * declared writable: a handler touches no account the transaction did not declare. The escrow
 * account is not touched as an account (its escrow is staking's own state), so a vote account
 * mapped into the VED can still receive delegations from the UED.
 */
export function writableSigner(ctx: TxContext): Uint8Array {
  const me = addressFromPublicKey(ctx.signer);
  if (bytesEqual(me, ctx.feePayer)) return me;
  if (ctx.accounts.some((a) => a.writable && bytesEqual(a.address, me))) return me;
  throw new StakingError(StakingError.ACCOUNT_NOT_DECLARED, 'the signer account is not declared writable');
}
