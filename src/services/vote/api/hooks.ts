/**
 * What the vote program needs from other services, as small interfaces the composition root wires
 * to the real staking service, executor and shared-state reader. Nothing here is imported from
 * another service: the vote program stays testable alone.
 */
import type { BlockContext } from '../../../consensus/index.js';
import type { Fraction } from './params.js';
import type { RemapRequest, VedMembership } from './types.js';

/** The staking stake snapshot (APE-6): escrow address (lower-case hex) → active escrow balance. */
export interface StakeSource {
  /**
   * The snapshot taken at the end of `epoch`; epoch −1 (and below) is the genesis allocation.
   * `ctx` is the VED block computing the membership (its pinned inputs carry the snapshot).
   */
  snapshot(epoch: bigint, ctx?: BlockContext): Promise<ReadonlyMap<string, bigint>>;
}

/** Escrow operations of the staking service. */
export interface EscrowHooks {
  /** Slashes `fraction` of the escrow pool of `escrow`; returns the amount taken. */
  slashEscrow(ctx: BlockContext, escrow: Uint8Array, fraction: Fraction): Promise<bigint>;
  /** Pays this epoch's rewards to the escrow pools of the given vote accounts (sorted, unique). */
  rewardEscrows(ctx: BlockContext, escrows: readonly Uint8Array[]): Promise<void>;
}

/** Read-only access to the VED membership of an epoch, shared with the UED (APE-2). */
export interface MembershipSource {
  /** `ctx` is the block asking (its pinned inputs may carry the membership). */
  membership(epoch: bigint, ctx?: BlockContext): Promise<VedMembership | null>;
}

/** System-program remap requests that take effect with the VED of `epoch` (APE-12). */
export interface RemapSource {
  pendingRemaps(ctx: BlockContext, epoch: bigint): Promise<readonly RemapRequest[]>;
}

/** Everything {@link voteService} is wired with. */
export interface VoteHooks {
  stake: StakeSource;
  escrow: EscrowHooks;
  /** Needed in the UED for rewards; without it the UED epoch hook pays nothing. */
  membership?: MembershipSource;
  remaps?: RemapSource;
}
