/**
 * Incoming messages (api/incoming.ts). In the UED, `roothash.SubmitMsg` moves the fee and tokens
 * from the caller to the runtime's account and appends the message to the epoch's inbox (the UED
 * cannot see the registry: whether the runtime accepts it is decided by the VED). In the VED, at
 * the next epoch start, {@link importInbox} queues each message for its runtime, or refunds it
 * through the outbox when the runtime is unknown, takes no incoming messages, its queue is full
 * (`txn_scheduler.max_in_messages`) or the fee is below `min_in_message_fee`.
 */
import { addressFromPublicKey, addressFromRuntimeId, bytesEqual } from '../../../common/index.js';
import type { BlockContext, MethodDef, TxContext } from '../../../consensus/index.js';
import {
  METHOD_SUBMIT_MSG,
  type PendingInMessage,
  RoothashError,
  SUBMIT_MSG_GAS,
  type SubmitMsgBody,
  submitMsgBodyCodec,
} from '../api/index.js';
import {
  appendInbox,
  appendOutbox,
  enqueue,
  queueLength,
  readRuntimeState,
  requireInboxRoom,
} from '../state/index.js';
import type { RoothashSources } from './sources.js';

/** Handle one SubmitMsg body (UED). */
export async function submitMsg(ctx: TxContext, body: SubmitMsgBody): Promise<void> {
  const account = addressFromRuntimeId(body.id);
  if (!ctx.accounts.some((a) => a.writable && bytesEqual(a.address, account))) {
    throw new RoothashError(
      RoothashError.ACCOUNT_NOT_DECLARED,
      "roothash: declare the runtime's account writable",
    );
  }
  const caller = addressFromPublicKey(ctx.signer);
  await requireInboxRoom(ctx.state, ctx.epoch);
  const amount = body.fee + body.tokens;
  await ctx.ledger.debit(caller, amount);
  await ctx.ledger.credit(account, amount);
  const { id: runtime_id, tag, fee, tokens, data } = body;
  await appendInbox(ctx.state, ctx.epoch, { runtime_id, caller, tag, fee, tokens, data });
}

/** The method definition (UED). */
export const submitMsgMethod: MethodDef<SubmitMsgBody> = {
  name: METHOD_SUBMIT_MSG,
  domain: 'ued',
  body: submitMsgBodyCodec,
  gas: SUBMIT_MSG_GAS,
  handle: submitMsg,
};

async function accepts(ctx: BlockContext, src: RoothashSources, m: PendingInMessage): Promise<boolean> {
  if ((await readRuntimeState(ctx.state, m.runtime_id)) === null) return false;
  const info = await src.runtime(ctx, m.runtime_id);
  if (info === null || m.fee < (info.minInMessageFee ?? 0n)) return false;
  return (await queueLength(ctx.state, m.runtime_id)) < (info.maxInMessages ?? 0);
}

/** Queue (or refund) the UED inbox of the ending epoch, in order (VED, epoch start). */
export async function importInbox(
  ctx: BlockContext,
  src: RoothashSources,
  inbox: readonly PendingInMessage[],
): Promise<void> {
  for (const m of inbox) {
    const { runtime_id, ...rest } = m;
    if (await accepts(ctx, src, m)) {
      await enqueue(ctx.state, runtime_id, rest);
      continue;
    }
    const refund = { runtime_id, to: m.caller, amount: m.fee + m.tokens };
    await appendOutbox(ctx.state, ctx.epoch, ctx.height, { refund });
  }
}
