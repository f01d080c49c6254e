/**
 * Slashing (APE-26): evidence against a validator key slashes the vote account of that key in
 * every state (active, inactive, deactivating, or serving in a VED membership) through the
 * staking escrow hook, then freezes it: an active account is deactivated (it leaves at the next
 * computation) and activation is refused for `freezeEpochs` epochs. One piece of evidence (key,
 * height) is slashed once, however often it is submitted.
 */
import { addressFromPublicKey } from '../../../common/index.js';
import type { BlockContext } from '../../../consensus/index.js';
import { VoteError } from '../api/errors.js';
import type { EscrowHooks } from '../api/hooks.js';
import type { VoteParams } from '../api/params.js';
import type { VoteEvidence } from '../api/types.js';
import { VoteStateWriter } from '../state/views.js';

/** What a slash did. */
export interface SlashResult {
  account: Uint8Array;
  amount: bigint;
  frozenUntil: bigint;
}

/** Slashes and freezes the vote account of `evidence.validator`; null if none or already done. */
export async function slashOnEvidence(
  ctx: BlockContext,
  evidence: VoteEvidence,
  params: Pick<VoteParams, 'slashFraction' | 'freezeEpochs'>,
  escrow: Pick<EscrowHooks, 'slashEscrow'>,
): Promise<SlashResult | null> {
  if (
    !(evidence.validator instanceof Uint8Array) ||
    evidence.validator.length !== 32 ||
    evidence.height < 0n
  ) {
    throw new VoteError(VoteError.INVALID_ARGUMENT, 'evidence needs a 32-byte key and a height ≥ 0');
  }
  const st = new VoteStateWriter(ctx.state);
  const account = addressFromPublicKey(evidence.validator);
  const acct = await st.account(account);
  if (acct === null || (await st.wasSlashed(evidence.validator, evidence.height))) return null;
  const amount = await escrow.slashEscrow(ctx, account, params.slashFraction);
  // bigint: Math.max does not apply; a later freeze never shortens an earlier one.
  let frozenUntil = ctx.epoch + params.freezeEpochs;
  if (acct.frozenUntil > frozenUntil) frozenUntil = acct.frozenUntil;
  const deactivate = acct.status === 'active';
  st.putAccount(account, {
    ...acct,
    frozenUntil,
    status: deactivate ? 'deactivating' : acct.status,
    deactivationEpoch: deactivate ? ctx.epoch : acct.deactivationEpoch,
  });
  st.markSlashed(evidence.validator, evidence.height);
  ctx.emit({
    module: 'vote',
    kind: 'Slashed',
    value: { account, height: evidence.height, amount, frozenUntil },
  });
  return { account, amount, frozenUntil };
}
