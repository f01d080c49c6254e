/**
 * What the consensus app carries from one height to the next outside the domain trees: the epoch's
 * VED account set and the next one, the UED's remap moves the VED receives at the next epoch start
 * (the UED receives the VED's from the VED result of the same height), the UED's records for the
 * next VED boundary, and the pinned votes of the last commit.
 */
import type { Commit, Evidence, Validator } from '../consensus/bft/index.js';
import {
  type AccountMove,
  type CrossDomainInput,
  type EpochSchedule,
  nextVedSet,
  type VedAccountSet,
} from '../consensus/index.js';
import type { Tree } from '../mkvs/index.js';
import { type CommitVote, encodeMembership, type VoteEvidence } from '../services/vote/index.js';
import { decodeUedReport } from './app-rules.js';
import { membershipIn } from './chain-view.js';
import { encodePinned, Pinned } from './cross-domain.js';
import { DomainsError } from './errors.js';

/** The carried state (see the module header). */
export interface Carry {
  vedSet: VedAccountSet;
  nextSet?: VedAccountSet;
  toVed: readonly AccountMove[];
  /** Epoch E → the UED's records after its last block, pinned into the VED at the start of E + 1. */
  forVed: Map<bigint, CrossDomainInput>;
  /** The pinned votes for the next VED block. */
  commitVotes?: Uint8Array;
}

/** The carry at height 0. */
export function genesisCarry(vedSet: VedAccountSet): Carry {
  return { vedSet, toVed: [], forVed: new Map() };
}

/** Evidence as the vote program takes it: the key and the height of the conflicting votes. */
export function evidenceOf(ev: readonly Evidence[]): VoteEvidence[] {
  return ev.map((e) => ({ validator: e.pub_key, height: e.a.body.height }));
}

/**
 * The pinned votes of a commit: each precommit's validator key (by index in the set that signed
 * it) and the UED report of its extension when that is one. Null commit → nothing to pin.
 */
export function commitVotesOf(commit: Commit | null, set: readonly Validator[]): Uint8Array | undefined {
  if (commit === null) return undefined;
  const votes: CommitVote[] = [];
  for (const v of commit.votes) {
    const val = set[v.body.validator];
    if (val === undefined) continue;
    const ued = decodeUedReport(v.body.extension);
    votes.push(ued ? { validator: val.pubKey, ued } : { validator: val.pubKey });
  }
  return encodePinned.commit(votes);
}

/** The VED's pinned records: the earlier commit's votes, evidence, and at an epoch start the UED's. */
export function vedInputs(
  carry: Carry,
  epochs: EpochSchedule,
  height: bigint,
  evidence: Uint8Array | undefined,
): CrossDomainInput {
  const cd: Record<string, Uint8Array> = {};
  if (carry.commitVotes !== undefined) cd[Pinned.commit] = carry.commitVotes;
  if (evidence !== undefined) cd[Pinned.evidence] = evidence;
  const epoch = epochs.epochOf(height);
  if (epochs.isEpochStart(height) && epoch >= 1n) {
    const fromUed = carry.forVed.get(epoch - 1n);
    if (fromUed === undefined) {
      throw new DomainsError(DomainsError.MISSING_PINNED, `the UED has not finished epoch ${epoch - 1n}`);
    }
    Object.assign(cd, fromUed);
  }
  return cd;
}

/** The UED's pinned records: evidence, and at an epoch start the ending epoch's membership. */
export async function uedInputs(
  vedTree: Tree,
  epochs: EpochSchedule,
  height: bigint,
  evidence: Uint8Array | undefined,
): Promise<CrossDomainInput> {
  const cd: Record<string, Uint8Array> = {};
  if (evidence !== undefined) cd[Pinned.evidence] = evidence;
  const epoch = epochs.epochOf(height);
  if (epochs.isEpochStart(height) && epoch >= 1n) {
    const m = await membershipIn(vedTree, epoch - 1n);
    if (m !== null) cd[Pinned.membership] = encodeMembership(m);
  }
  return cd;
}

/** What a committed height hands to the carry. */
export interface HeightOutputs {
  readonly vedSet: VedAccountSet;
  readonly vedOut: readonly AccountMove[];
  readonly uedOut: readonly AccountMove[];
  readonly commitVotes: Uint8Array | undefined;
  readonly forVed: CrossDomainInput | undefined;
}

/** The carry after committing `height`; at an epoch start the next VED set and remaps are derived. */
export function advanceCarry(carry: Carry, epochs: EpochSchedule, height: bigint, o: HeightOutputs): Carry {
  const c: Carry = { ...carry, commitVotes: o.commitVotes, forVed: new Map(carry.forVed) };
  const epoch = epochs.epochOf(height);
  if (o.forVed !== undefined) c.forVed.set(epoch, o.forVed);
  c.forVed.delete(epoch - 2n);
  if (!epochs.isEpochStart(height)) return c;
  c.vedSet = o.vedSet;
  c.nextSet = nextVedSet(o.vedSet, epoch + 1n, o.vedOut, o.uedOut);
  c.toVed = o.uedOut;
  return c;
}
