/**
 * Epoch hooks. In the VED, the first block of epoch N computes and stores the membership valid
 * for N+1 from the stake snapshot of the end of N-1 (APE-6), keeping a few past ones for readers
 * that lag (the UED pays rewards from them). In the UED, the same block pays the members of the
 * ending epoch (APE-25).
 */
import type { BlockContext, KvState } from '../../../consensus/index.js';
import type { VoteHooks } from '../api/hooks.js';
import type { VoteParams } from '../api/params.js';
import type { VedMembership } from '../api/types.js';
import { VoteStateReader, VoteStateWriter } from '../state/views.js';
import { computeVedMembership } from './membership.js';
import { distributeRewards } from './rewards.js';

/** Memberships kept in state: the one being built, the current one and two past ones. */
export const MEMBERSHIP_HISTORY = 4n;

/** Computes and stores the membership valid for `epoch + 1` (run at the start of `epoch`). */
export async function computeAndStoreMembership(
  ctx: BlockContext,
  epoch: bigint,
  params: VoteParams,
  hooks: Pick<VoteHooks, 'stake' | 'remaps'>,
): Promise<VedMembership> {
  const st = new VoteStateWriter(ctx.state);
  const m = computeVedMembership({
    epoch,
    voteAccounts: await st.accounts(),
    stake: await hooks.stake.snapshot(epoch - 1n, ctx),
    minStake: params.minStake,
    maxValidators: params.maxValidators,
    pendingRemaps: hooks.remaps ? await hooks.remaps.pendingRemaps(ctx, epoch + 1n) : [],
  });
  st.putMembership(m);
  st.deleteMembership(m.epoch - MEMBERSHIP_HISTORY);
  ctx.emit({
    module: 'vote',
    kind: 'MembershipComputed',
    value: { epoch: m.epoch, members: BigInt(m.members.length), powerDivisor: m.powerDivisor },
  });
  return m;
}

/** The `onEpoch` hook of the vote service, for either domain. */
export async function onVoteEpoch(
  ctx: BlockContext,
  epoch: bigint,
  params: VoteParams,
  hooks: VoteHooks,
): Promise<void> {
  if (ctx.domain === 'ved') {
    await computeAndStoreMembership(ctx, epoch, params, hooks);
    return;
  }
  const ending = hooks.membership ? await hooks.membership.membership(epoch - 1n, ctx) : null;
  await distributeRewards(ctx, ending, (c, escrows) => hooks.escrow.rewardEscrows(c, escrows));
}

/**
 * The stored membership valid for `epoch` (validator set, members, VED account set), or null.
 * For the consensus app (next validator set), the executor (domain classification) and, as
 * shared read-only state, the UED (rewards).
 */
export function readMembership(state: KvState, epoch: bigint): Promise<VedMembership | null> {
  return new VoteStateReader(state).membership(epoch);
}
