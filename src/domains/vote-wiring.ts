/**
 * The vote program's hooks wired to the other programs (docs/state.md, "Cross-domain flows").
 * Nothing here reads the other domain's state: what crosses arrives as a pinned record of the
 * block being executed ({@link Pinned}).
 *
 * - StakeSource (VED): the pinned UED stake snapshot of the end of N−1; the genesis allocation
 *   (the staking genesis delegations, constant for the chain) before epoch 0.
 * - MembershipSource (UED): the pinned VED membership of the ending epoch (APE-25).
 * - EscrowHooks: escrows are UED state, so rewards and slashes act in the UED only; in the VED the
 *   slash hook takes nothing (the vote account is frozen there, the escrow slashed in the UED).
 * - RemapSource (VED): the VED's own remaps plus the pinned UED remaps taking effect with the VED
 *   being computed.
 */
import { addressFromPublicKey, toHex } from '../common/index.js';
import { type BlockContext, outgoingMoves } from '../consensus/index.js';
import { parseStakingGenesis, rewardEscrows, StakingReader, slashEscrow } from '../services/staking/index.js';
import {
  decodeMembership,
  type Fraction,
  recordCommit,
  slashOnEvidence,
  type VedMembership,
  type VoteEvidence,
  type VoteHooks,
  type VoteParams,
  VoteStateWriter,
} from '../services/vote/index.js';
import { Pinned, pinnedCommit, pinnedEvidence, pinnedStake, pinnedUedRemaps } from './cross-domain.js';
import { DomainsError } from './errors.js';

/** Escrow account (hex) → stake allocated by the staking genesis. */
export function genesisStake(stakingGenesis: unknown): Map<string, bigint> {
  const out = new Map<string, bigint>();
  if (stakingGenesis === undefined) return out;
  for (const d of parseStakingGenesis(stakingGenesis).delegations) {
    const k = toHex(d.account);
    out.set(k, (out.get(k) ?? 0n) + d.amount);
  }
  return out;
}

/** The pinned membership of `epoch` (null before epoch 0). */
function pinnedMembership(ctx: BlockContext | undefined, epoch: bigint): VedMembership | null {
  if (epoch < 0n) return null;
  const b = ctx?.crossDomain?.[Pinned.membership];
  if (b === undefined) {
    throw new DomainsError(DomainsError.MISSING_PINNED, `no pinned VED membership of epoch ${epoch}`);
  }
  let m: VedMembership;
  try {
    m = decodeMembership(b);
  } catch (e) {
    throw new DomainsError(DomainsError.INVALID_PINNED, `pinned membership: ${(e as Error).message}`);
  }
  if (m.epoch !== epoch) {
    throw new DomainsError(DomainsError.INVALID_PINNED, `pinned membership is of epoch ${m.epoch}`);
  }
  return m;
}

/** Slashes `fraction` of an escrow's whole worth (active + debonding); UED only. */
async function slashFraction(ctx: BlockContext, escrow: Uint8Array, f: Fraction): Promise<bigint> {
  if (ctx.domain !== 'ued') return 0n;
  const e = await new StakingReader(ctx.state).escrow(escrow);
  const amount = ((e.active.balance + e.debonding.balance) * f.numerator) / f.denominator;
  return slashEscrow(ctx, escrow, amount);
}

/** The hooks of the vote service for a chain whose staking genesis is `stakingGenesis`. */
export function voteHooks(stakingGenesis: unknown): VoteHooks {
  const allocation = genesisStake(stakingGenesis);
  return {
    stake: {
      snapshot: async (epoch, ctx) => {
        if (epoch < 0n) return allocation;
        const s = pinnedStake(ctx?.crossDomain, epoch);
        return new Map(s.entries.map((r) => [toHex(r.account), r.balance]));
      },
    },
    escrow: {
      slashEscrow: slashFraction,
      rewardEscrows: async (ctx, escrows) => {
        if (ctx.domain === 'ued') await rewardEscrows(ctx, escrows);
      },
    },
    membership: { membership: async (epoch, ctx) => pinnedMembership(ctx, epoch) },
    remaps: {
      pendingRemaps: async (ctx, epoch) => {
        const own = await outgoingMoves(ctx.state, ctx.domain, epoch);
        const mine = own.map((m) => ({ address: m.address, to: m.to }));
        return [...mine, ...pinnedUedRemaps(ctx.crossDomain, epoch)];
      },
    },
  };
}

/** The UED side of APE-26: slash the escrow of the key, once per (key, height). */
async function slashEscrowOnEvidence(ctx: BlockContext, ev: VoteEvidence, p: VoteParams): Promise<void> {
  const st = new VoteStateWriter(ctx.state);
  if (await st.wasSlashed(ev.validator, ev.height)) return;
  const account = addressFromPublicKey(ev.validator);
  const amount = await slashFraction(ctx, account, p.slashFraction);
  st.markSlashed(ev.validator, ev.height);
  ctx.emit({ module: 'vote', kind: 'EscrowSlashed', value: { account, height: ev.height, amount } });
}

/**
 * The per-block step added to the vote program: in the VED, record the pinned commit's votes
 * (APE-15) and freeze the vote accounts named by evidence; in the UED, slash their escrows
 * (APE-26). Each domain acts on its own state, driven by the same pinned evidence.
 */
export async function voteBlockInputs(ctx: BlockContext, p: VoteParams, hooks: VoteHooks): Promise<void> {
  const evidence = pinnedEvidence(ctx.crossDomain);
  if (ctx.domain === 'ved') {
    await recordCommit(ctx, pinnedCommit(ctx.crossDomain));
    for (const ev of evidence) await slashOnEvidence(ctx, ev, p, hooks.escrow);
    return;
  }
  for (const ev of evidence) await slashEscrowOnEvidence(ctx, ev, p);
}
