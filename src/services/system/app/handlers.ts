/** The system program's transaction handlers. */
import { bytesEqual, quantityToBytes, readU64be, u64be } from '../../../common/index.js';
import {
  getAccount,
  newAccount,
  putAccount,
  requestRemap,
  type TxContext,
} from '../../../consensus/index.js';
import { SystemError } from '../api/errors.js';
import type { CreateAccountBody, RequestRemapBody, TransferBody } from '../api/methods.js';
import { CREATED_COUNT_KEY } from '../state/keys.js';

function requireListed(ctx: TxContext, address: Uint8Array): void {
  for (const a of ctx.accounts) if (a.writable && bytesEqual(a.address, address)) return;
  throw new SystemError(SystemError.ACCOUNT_NOT_LISTED, 'the account must be listed writable');
}

/** `system.CreateAccount`. */
export async function createAccount(ctx: TxContext, body: CreateAccountBody): Promise<void> {
  requireListed(ctx, body.address);
  if ((await getAccount(ctx.state, body.address)) !== null) {
    throw new SystemError(SystemError.ACCOUNT_EXISTS, 'account already exists');
  }
  putAccount(ctx.state, body.address, newAccount(ctx.domain));
  if (body.amount > 0n) {
    await ctx.ledger.debit(ctx.feePayer, body.amount);
    await ctx.ledger.credit(body.address, body.amount);
  }
  const v = await ctx.state.get(CREATED_COUNT_KEY);
  const n = v === null ? 0n : readU64be(v, 0);
  ctx.state.set(CREATED_COUNT_KEY, u64be(n + 1n));
  ctx.emit({ module: 'system', kind: 'created', value: { address: body.address } });
}

/**
 * `system.Transfer`. Event amounts are quantity bytes: CBOR integers stop at 2^64 − 1. With the
 * ledger's promise-free steps (the executor's has them) and both records at hand,
 * {@link transferNow} finishes without a promise; otherwise the rest is awaited.
 */
export async function transfer(ctx: TxContext, body: TransferBody): Promise<void> {
  await transferNow(ctx, body);
}

/** {@link transfer} for `MethodDef.handleNow`: undefined when done at once, else the promise. */
export function transferNow(ctx: TxContext, body: TransferBody): Promise<void> | undefined {
  requireListed(ctx, body.to);
  const l = ctx.ledger;
  if (l.debitNow?.(ctx.feePayer, body.amount) !== true) return transferAwaited(ctx, body, true);
  if (l.creditNow?.(body.to, body.amount) !== true) return transferAwaited(ctx, body, false);
  emitTransfer(ctx, body);
  return undefined;
}

/** The rest of a transfer whose debit (when `debit`) or credit must be awaited. */
async function transferAwaited(ctx: TxContext, body: TransferBody, debit: boolean): Promise<void> {
  if (debit) await ctx.ledger.debit(ctx.feePayer, body.amount);
  await ctx.ledger.credit(body.to, body.amount);
  emitTransfer(ctx, body);
}

function emitTransfer(ctx: TxContext, body: TransferBody): void {
  ctx.emit({
    module: 'system',
    kind: 'transfer',
    value: { from: ctx.feePayer, to: body.to, amount: quantityToBytes(body.amount) },
  });
}

/** `system.RequestRemap`: remap the fee payer's own account to the other domain. */
export async function requestRemapHandler(ctx: TxContext, body: RequestRemapBody): Promise<void> {
  if (body.to === ctx.domain)
    throw new SystemError(SystemError.SAME_DOMAIN, `account is already in the ${body.to}`);
  if (ctx.programDomains === undefined) {
    throw new SystemError(SystemError.NO_DOMAIN_INFO, 'the executor gave no program mapping');
  }
  const effective = await requestRemap(
    ctx.state,
    ctx.domain,
    (p) => ctx.programDomains!(p),
    ctx.feePayer,
    ctx.epoch,
  );
  ctx.emit({
    module: 'system',
    kind: 'remap',
    value: { address: ctx.feePayer, to: body.to, epoch: effective },
  });
}
