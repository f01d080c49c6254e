/**
 * The VED membership computation (APE-6, APE-7, APE-8), a pure function. At the start of epoch N
 * each node computes the membership valid for N+1 from the vote accounts (as recorded in VED
 * state) and the staking snapshot of the end of epoch N-1; every input is pinned, so a node that
 * computes it later, catching up, gets the same bytes.
 *
 * - Members: accounts active at the computation (see `activeAtComputation`) whose stake is
 *   strictly more than `minStake`; at most `maxValidators`, the highest stakes first (ties: the
 *   lowest address). A deactivation in epoch N-1 or earlier leaves at N+1.
 * - Each member brings its authority, fee payer and fund into the VED (APE-5, APE-7); the fund is
 *   the one in effect at N+1 (APE-8), so an old fund stays mapped until the end of the epoch its
 *   replacement enters. The vote account itself is program state, not a ledger account, and is
 *   not in the set: its address is the escrow the UED staking service keeps.
 * - Remap requests add or remove other accounts (APE-12); a member's role accounts always stay,
 *   and of two conflicting requests for one address, "to UED" wins (leaving is the safe side).
 */
import { ADDRESS_SIZE, compareBytes, toHex } from '../../../common/index.js';
import { VoteError } from '../api/errors.js';
import { MAX_VALIDATORS_LIMIT } from '../api/params.js';
import type { AddressedVoteAccount, RemapRequest, VedMember, VedMembership } from '../api/types.js';
import { powerDivisor, powerOf } from './power.js';
import { activeAtComputation, fundForEpoch } from './status.js';

/** Inputs of {@link computeVedMembership}. */
export interface MembershipInput {
  /** N: the epoch whose first block runs the computation (−1 for genesis). */
  epoch: bigint;
  voteAccounts: readonly AddressedVoteAccount[];
  /** Stake snapshot of the end of N-1: address (lower-case hex) → active escrow. */
  stake: ReadonlyMap<string, bigint>;
  minStake: bigint;
  /** Defaults to the BFT validator list bound. */
  maxValidators?: number;
  pendingRemaps?: readonly RemapRequest[];
}

function bad(why: string): never {
  throw new VoteError(VoteError.INVALID_MEMBERSHIP_INPUT, why);
}

function selectMembers(input: MembershipInput, target: bigint): VedMember[] {
  const max = input.maxValidators ?? MAX_VALIDATORS_LIMIT;
  if (!Number.isSafeInteger(max) || max < 1 || max > MAX_VALIDATORS_LIMIT) bad('maxValidators out of range');
  if (input.minStake < 0n) bad('minStake must be non-negative');
  const candidates: VedMember[] = [];
  for (const { address, account } of input.voteAccounts) {
    const stake = input.stake.get(toHex(address)) ?? 0n;
    if (stake < 0n) bad(`negative stake for ${toHex(address)}`);
    if (!activeAtComputation(account, input.epoch) || stake <= input.minStake) continue;
    const { node, authority, feePayer } = account;
    candidates.push({
      voteAccount: address,
      node,
      authority,
      feePayer,
      fund: fundForEpoch(account, target),
      stake,
    });
  }
  candidates.sort((a, b) =>
    a.stake !== b.stake ? (a.stake > b.stake ? -1 : 1) : compareBytes(a.voteAccount, b.voteAccount),
  );
  // One member per address and per node key, whatever the input holds (state guarantees both).
  const seen = new Set<string>();
  const chosen: VedMember[] = [];
  for (const c of candidates) {
    const ka = `a${toHex(c.voteAccount)}`;
    const kn = `n${toHex(c.node)}`;
    if (seen.has(ka) || seen.has(kn)) continue;
    seen.add(ka).add(kn);
    chosen.push(c);
    if (chosen.length === max) break;
  }
  return chosen.sort((a, b) => compareBytes(a.voteAccount, b.voteAccount));
}

function vedAccountsOf(members: readonly VedMember[], remaps: readonly RemapRequest[]): Uint8Array[] {
  const roles = new Map<string, Uint8Array>();
  for (const m of members) for (const a of [m.authority, m.feePayer, m.fund]) roles.set(toHex(a), a);
  for (const r of remaps) {
    if (r.address.length !== ADDRESS_SIZE || (r.to !== 'ved' && r.to !== 'ued'))
      bad('malformed remap request');
  }
  const toUed = new Set(remaps.filter((r) => r.to === 'ued').map((r) => toHex(r.address)));
  const out = new Map(roles);
  for (const r of remaps) {
    const k = toHex(r.address);
    if (r.to === 'ved' && !toUed.has(k)) out.set(k, r.address);
  }
  return [...out.values()].sort(compareBytes);
}

/** The membership valid for epoch N+1, computed at the start of epoch N = `input.epoch`. */
export function computeVedMembership(input: MembershipInput): VedMembership {
  if (input.epoch < -1n) bad('epoch must be ≥ −1');
  const target = input.epoch + 1n;
  const members = selectMembers(input, target);
  const divisor = powerDivisor(members.map((m) => m.stake));
  const validators = members
    .map((m) => ({ pubKey: m.node, power: powerOf(m.stake, divisor) }))
    .sort((a, b) => compareBytes(a.pubKey, b.pubKey));
  return {
    epoch: target,
    validators,
    members,
    vedAccounts: vedAccountsOf(members, input.pendingRemaps ?? []),
    powerDivisor: divisor,
  };
}
