/**
 * Account management handlers (APE-7, APE-8): create, activate, deactivate, and the authority,
 * fee-payer and fund changes. Only the authority manages an account: the transaction's fee payer
 * (the signer's address) must equal it. Every check runs before the one write, so a refused
 * transaction changes nothing.
 *
 * Authority and fee-payer changes take effect in the record at once and in the VED account set
 * at the next recomputation (the old accounts stay mapped until the membership built without
 * them activates). A fund change follows APE-8: the new fund enters with the membership of
 * epoch E+2 (the one computed at the start of E+1) and the old one stays until then.
 */
import { addressFromPublicKey, bytesEqual, encodeWith, verify } from '../../../common/index.js';
import type { TxContext } from '../../../consensus/index.js';
import {
  type AccountBody,
  type CreateAccountBody,
  createConsentCodec,
  type SetAuthorityBody,
  type SetFeePayerBody,
  type SetFundBody,
} from '../api/codecs.js';
import { VoteError } from '../api/errors.js';
import { createConsentContext } from '../api/methods.js';
import type { VoteAccount } from '../api/types.js';
import { VoteStateWriter } from '../state/views.js';
import { effectiveStatus, settleFund } from './status.js';

function emit(ctx: TxContext, kind: string, value: Record<string, unknown>): void {
  ctx.emit({ module: 'vote', kind, value });
}

/** Loads an account the signer is the authority of. */
async function managed(ctx: TxContext, address: Uint8Array): Promise<[VoteStateWriter, VoteAccount]> {
  const st = new VoteStateWriter(ctx.state);
  const acct = await st.account(address);
  if (acct === null) throw new VoteError(VoteError.ACCOUNT_NOT_FOUND, 'no vote account at this address');
  if (!bytesEqual(ctx.feePayer, acct.authority)) {
    throw new VoteError(VoteError.NOT_AUTHORIZED, 'only the vote authority manages the account');
  }
  return [st, acct];
}

/** `vote.CreateAccount`: a new account starts inactive (APE-7); the node key must consent. */
export async function createAccount(ctx: TxContext, b: CreateAccountBody): Promise<void> {
  const address = addressFromPublicKey(b.node);
  const st = new VoteStateWriter(ctx.state);
  if ((await st.account(address)) !== null) {
    throw new VoteError(VoteError.ACCOUNT_EXISTS, 'a vote account exists for this node key');
  }
  const consent = encodeWith(createConsentCodec, {
    authority: b.authority,
    fee_payer: b.fee_payer,
    fund: b.fund,
  });
  if (!verify(b.node, createConsentContext(ctx.chainContext), consent, b.node_signature)) {
    throw new VoteError(VoteError.INVALID_NODE_SIGNATURE, 'node key did not sign this vote account');
  }
  st.putAccount(address, {
    node: b.node,
    authority: b.authority,
    feePayer: b.fee_payer,
    fund: b.fund,
    pendingFund: null,
    status: 'inactive',
    activationEpoch: null,
    deactivationEpoch: null,
    frozenUntil: 0n,
    lastReport: null,
    reportConflicts: 0n,
    credits: 0n,
  });
  emit(ctx, 'AccountCreated', { account: address, node: b.node });
}

/** `vote.Activate`: joins at the next VED computation (APE-7). */
export async function activate(ctx: TxContext, b: AccountBody): Promise<void> {
  const [st, acct] = await managed(ctx, b.account);
  const status = effectiveStatus(acct, ctx.epoch);
  if (status === 'active') throw new VoteError(VoteError.ALREADY_ACTIVE, 'vote account is already active');
  if (status === 'deactivating') {
    throw new VoteError(VoteError.STILL_DEACTIVATING, 'vote account is still in a VED membership');
  }
  if (ctx.epoch < acct.frozenUntil) {
    throw new VoteError(VoteError.FROZEN, `vote account is frozen until epoch ${acct.frozenUntil}`);
  }
  st.putAccount(b.account, {
    ...acct,
    status: 'active',
    activationEpoch: ctx.epoch,
    deactivationEpoch: null,
  });
  emit(ctx, 'AccountActivated', { account: b.account, epoch: ctx.epoch });
}

/** `vote.Deactivate`: leaves the VED membership of epoch E+2 (APE-7: N+1 of the next computation). */
export async function deactivate(ctx: TxContext, b: AccountBody): Promise<void> {
  const [st, acct] = await managed(ctx, b.account);
  if (acct.status !== 'active') throw new VoteError(VoteError.NOT_ACTIVE, 'vote account is not active');
  st.putAccount(b.account, { ...acct, status: 'deactivating', deactivationEpoch: ctx.epoch });
  emit(ctx, 'AccountDeactivated', { account: b.account, epoch: ctx.epoch });
}

/** `vote.SetAuthority`. */
export async function setAuthority(ctx: TxContext, b: SetAuthorityBody): Promise<void> {
  const [st, acct] = await managed(ctx, b.account);
  st.putAccount(b.account, { ...acct, authority: b.authority });
  emit(ctx, 'AuthorityChanged', { account: b.account, authority: b.authority });
}

/** `vote.SetFeePayer`. */
export async function setFeePayer(ctx: TxContext, b: SetFeePayerBody): Promise<void> {
  const [st, acct] = await managed(ctx, b.account);
  st.putAccount(b.account, { ...acct, feePayer: b.fee_payer });
  emit(ctx, 'FeePayerChanged', { account: b.account, feePayer: b.fee_payer });
}

/** `vote.SetFund` (APE-8): one pending change at a time; it takes effect with epoch E+2. */
export async function setFund(ctx: TxContext, b: SetFundBody): Promise<void> {
  const [st, current] = await managed(ctx, b.account);
  const acct = settleFund(current, ctx.epoch);
  if (acct.pendingFund !== null) {
    throw new VoteError(
      VoteError.FUND_CHANGE_PENDING,
      `a fund change is pending until epoch ${acct.pendingFund.epoch}`,
    );
  }
  const epoch = ctx.epoch + 2n;
  st.putAccount(b.account, { ...acct, pendingFund: { address: b.fund, epoch } });
  emit(ctx, 'FundChangeScheduled', { account: b.account, fund: b.fund, epoch });
}
