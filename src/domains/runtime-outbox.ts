/**
 * The UED side of roothash's outbox (RT-14, RT-27; docs/state.md, "Runtime programs"): the app
 * reads the entries a VED block wrote from its committed VED tree and pins them (record
 * `runtime-outbox`) into the UED of the same height, where roothash's UED hook executes them in
 * order before the block's transactions.
 *
 * - A staking message runs with the runtime's account (`addressFromRuntimeId`) as the caller:
 *   transfer from it, withdraw into it under an allowance (`staking.Allow`), add escrow from it,
 *   reclaim its own escrow. Registry and governance messages never reach
 *   the outbox (the VED runs them, runtime-hooks.ts); should one arrive, it fails. Each message is atomic (checked before its writes) and
 *   a failing one does not stop the others; every result is an event `MessageResult` and goes
 *   into the UED's message results record of the runtime (RuntimeQueries.lastRoundResults).
 * - A refund returns a refused incoming message's fee and tokens from the runtime's account.
 * - A penalty slashes each escrow (into the common pool), pays `runtime_percent` % of the total to
 *   the runtime's account and splits the rest equally among the rewarded escrows (spec/oasis.md
 *   §3.8); the remainder of the division stays in the common pool.
 */
import { addressFromRuntimeId, decodeWith, encodeWith, TandemError } from '../common/index.js';
import {
  type BlockContext,
  BlockOverlay,
  type CrossDomainInput,
  type EpochSchedule,
} from '../consensus/index.js';
import type { Tree } from '../mkvs/index.js';
import {
  type OutboxEntry,
  type OutMessage,
  outboxCodec,
  type Penalty,
  type Refund,
  ROOTHASH_MODULE,
  readOutbox,
  recordMessageResult,
} from '../services/roothash/index.js';
import {
  addEscrowFor,
  payFromCommonPool,
  reclaimEscrowFor,
  rewardEscrowFromPool,
  slashEscrow,
  withdrawFor,
} from '../services/staking/index.js';
import { Pinned } from './cross-domain.js';
import { DomainsError } from './errors.js';

/** Event of each executed message: `{runtime_id, round, index, module, code}` (code 0: done). */
export const EVENT_MESSAGE_RESULT = 'MessageResult';
/** Event of each refund of a refused incoming message: `{runtime_id, to, amount, module, code}`. */
export const EVENT_REFUND = 'Refund';
/** Event of each executed penalty: `{runtime_id, reason, slashed, to_runtime, rewarded}`. */
export const EVENT_PENALTY = 'Penalty';

/** The pinned outbox of a VED height read from the committed VED tree (undefined when empty). */
export async function outboxRecord(vedTree: Tree, epochs: EpochSchedule, height: bigint) {
  const entries = await readOutbox(new BlockOverlay(vedTree), epochs.epochOf(height), height);
  return entries.length === 0 ? undefined : encodeWith(outboxCodec, entries);
}

/** The pinned outbox entries of the block (none when absent); INVALID_PINNED when malformed. */
export function pinnedOutbox(input: CrossDomainInput | undefined): OutboxEntry[] {
  const b = input?.[Pinned.runtimeOutbox];
  if (b === undefined) return [];
  try {
    return decodeWith(outboxCodec, b, { maxSize: 16 << 20 });
  } catch (e) {
    if (!(e instanceof TandemError)) throw e;
    throw new DomainsError(DomainsError.INVALID_PINNED, `pinned ${Pinned.runtimeOutbox}: ${e.message}`);
  }
}

function unsupported(what: string): never {
  throw new DomainsError(
    DomainsError.UNSUPPORTED_MESSAGE,
    `runtime message ${what} is not executed in the UED`,
  );
}

/** Transfer that leaves nothing behind if the credit is refused (the debit is undone). */
async function transfer(ctx: BlockContext, from: Uint8Array, to: Uint8Array, amount: bigint): Promise<void> {
  await ctx.ledger.debit(from, amount);
  try {
    await ctx.ledger.credit(to, amount);
  } catch (e) {
    await ctx.ledger.credit(from, amount);
    throw e;
  }
}

async function runMessage(ctx: BlockContext, m: OutMessage): Promise<void> {
  const caller = addressFromRuntimeId(m.runtime_id);
  const s = m.message.staking;
  if (s === undefined) return unsupported(m.message.registry ? 'registry' : 'governance');
  if (s.transfer) return transfer(ctx, caller, s.transfer.to, s.transfer.amount);
  if (s.add_escrow) return addEscrowFor(ctx, caller, s.add_escrow);
  if (s.reclaim_escrow) return reclaimEscrowFor(ctx, caller, s.reclaim_escrow);
  if (s.withdraw) return withdrawFor(ctx, caller, s.withdraw.from, s.withdraw.amount);
  return unsupported('staking');
}

async function executeMessage(ctx: BlockContext, m: OutMessage): Promise<void> {
  let result = { module: '', code: 0 };
  try {
    await runMessage(ctx, m);
  } catch (e) {
    if (!(e instanceof TandemError)) throw e;
    result = { module: e.module, code: e.code };
  }
  const { runtime_id, round, index } = m;
  // Kept for the runtime's next round (what it reads of its messages' outcomes).
  await recordMessageResult(ctx.state, runtime_id, round, { index, ...result });
  ctx.emit({
    module: ROOTHASH_MODULE,
    kind: EVENT_MESSAGE_RESULT,
    value: { runtime_id, round, index, ...result },
  });
}

async function executeRefund(ctx: BlockContext, r: Refund): Promise<void> {
  let result = { module: '', code: 0 };
  try {
    await transfer(ctx, addressFromRuntimeId(r.runtime_id), r.to, r.amount);
  } catch (e) {
    // The runtime may have spent the deposit meanwhile (its messages run first): nothing to return.
    if (!(e instanceof TandemError)) throw e;
    result = { module: e.module, code: e.code };
  }
  ctx.emit({ module: ROOTHASH_MODULE, kind: EVENT_REFUND, value: { ...r, ...result } });
}

async function executePenalty(ctx: BlockContext, p: Penalty): Promise<void> {
  let slashed = 0n;
  for (const s of p.slash) slashed += await slashEscrow(ctx, s.account, s.amount);
  const share = (slashed * BigInt(p.runtime_percent)) / 100n;
  let toRuntime = 0n;
  try {
    toRuntime = await payFromCommonPool(ctx, addressFromRuntimeId(p.runtime_id), share);
  } catch (e) {
    // A runtime account that cannot be credited (e.g. frozen by a remap) leaves it in the pool.
    if (!(e instanceof TandemError)) throw e;
  }
  const each = p.rewards.length === 0 ? 0n : (slashed - toRuntime) / BigInt(p.rewards.length);
  let rewarded = 0n;
  for (const a of p.rewards) rewarded += await rewardEscrowFromPool(ctx, a, each);
  const value = { runtime_id: p.runtime_id, reason: p.reason, slashed, to_runtime: toRuntime, rewarded };
  ctx.emit({ module: ROOTHASH_MODULE, kind: EVENT_PENALTY, value });
}

/** Execute the block's pinned outbox in order (UED only). */
export async function executeOutbox(ctx: BlockContext): Promise<void> {
  if (ctx.domain !== 'ued') return;
  for (const e of pinnedOutbox(ctx.crossDomain)) {
    if (e.message) await executeMessage(ctx, e.message);
    else if (e.penalty) await executePenalty(ctx, e.penalty);
    else if (e.refund) await executeRefund(ctx, e.refund);
  }
}
