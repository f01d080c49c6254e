/**
 * Pure rules of a vote account's lifecycle against epochs (APE-7, APE-8). The VED recomputation
 * runs in the first block of epoch N, before any transaction of N, so a change made in epoch E is
 * seen by the computation of every epoch N > E and by none with N ≤ E. Judging by the recorded
 * epochs (not by the current status alone) makes the result the same when the computation is
 * repeated later in epoch N, e.g. by a node catching up.
 */
import type { VoteAccount, VoteStatus } from '../api/types.js';

/** Whether the account counts as active for the VED computation run at the start of `epoch`. */
export function activeAtComputation(a: VoteAccount, epoch: bigint): boolean {
  if (a.status === 'inactive') return false;
  const activatedBefore = a.activationEpoch === null || a.activationEpoch < epoch;
  if (!activatedBefore) return false;
  if (a.status === 'active') return true;
  // Deactivating: still active for a computation that ran before the deactivation.
  return a.deactivationEpoch !== null && a.deactivationEpoch >= epoch;
}

/**
 * The status as of `epoch`: a deactivation made in epoch D is excluded from the membership of
 * D+2 onwards (it stays in the one of D+1, computed before it), so the account is fully inactive
 * from D+2.
 */
export function effectiveStatus(a: VoteAccount, epoch: bigint): VoteStatus {
  if (a.status === 'deactivating' && a.deactivationEpoch !== null && epoch >= a.deactivationEpoch + 2n) {
    return 'inactive';
  }
  return a.status;
}

/**
 * The fund of the account in the membership valid for `targetEpoch` (APE-8): the pending fund once
 * its epoch is reached, the current one before.
 */
export function fundForEpoch(a: VoteAccount, targetEpoch: bigint): Uint8Array {
  return a.pendingFund !== null && a.pendingFund.epoch <= targetEpoch ? a.pendingFund.address : a.fund;
}

/** The account with any pending fund that is in effect at `epoch` folded into `fund`. */
export function settleFund(a: VoteAccount, epoch: bigint): VoteAccount {
  if (a.pendingFund === null || a.pendingFund.epoch > epoch) return a;
  return { ...a, fund: a.pendingFund.address, pendingFund: null };
}
