/**
 * Rewards (APE-25): at the start of epoch N the vote accounts that were members of the VED
 * membership of the ending epoch N-1 are paid, and no other account. The membership is shared
 * read-only state, constant during its epoch, so the UED (where the staking escrows live) may
 * read it; it is an input here. The amount per account is the staking service's reward schedule.
 */
import { compareBytes } from '../../../common/index.js';
import type { BlockContext } from '../../../consensus/index.js';
import { VoteError } from '../api/errors.js';
import type { EscrowHooks } from '../api/hooks.js';
import type { VedMembership } from '../api/types.js';

/** Pays the members of `ending` (the membership of epoch ctx.epoch − 1); returns who was paid. */
export async function distributeRewards(
  ctx: BlockContext,
  ending: VedMembership | null,
  rewardEscrows: EscrowHooks['rewardEscrows'],
): Promise<Uint8Array[]> {
  if (ending === null || ending.members.length === 0) return [];
  if (ending.epoch !== ctx.epoch - 1n) {
    throw new VoteError(
      VoteError.MEMBERSHIP_EPOCH,
      `rewards at epoch ${ctx.epoch} need the membership of ${ctx.epoch - 1n}, got ${ending.epoch}`,
    );
  }
  const paid = ending.members.map((m) => m.voteAccount).sort(compareBytes);
  await rewardEscrows(ctx, paid);
  ctx.emit({ module: 'vote', kind: 'RewardsDistributed', value: { epoch: ending.epoch, accounts: paid } });
  return paid;
}
