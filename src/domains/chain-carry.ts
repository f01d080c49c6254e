/**
 * What the consensus app carries from one height to the next outside the domain trees: the epoch's
 * VED account set, the VED's side of the last epoch start (its set and remaps out, from which the
 * next set is derived; the UED takes the accounts the VED lets go from the VED result of the same
 * height, APE-8), and the pinned votes of
 * the last commit. What the UED hands back ({@link UedOutputs}) arrives on its own schedule when
 * the UED runs on a worker, so it is kept apart and only read at the VED's epoch start (APE-6).
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
import { outboxRecord } from './runtime-outbox.js';

/** The carried state (see the module header). */
export interface Carry {
  vedSet: VedAccountSet;
  /** The VED side of the last epoch start: the set it used and the remaps out it reported. */
  lastStart?: { epoch: bigint; vedSet: VedAccountSet; vedOut: readonly AccountMove[] };
  /** The pinned votes for the next VED block. */
  commitVotes?: Uint8Array;
}

/** What the UED handed back, by epoch (complete once the UED finished the epoch). */
export interface UedOutputs {
  /** The UED's remaps out reported at the first block of `epoch`. */
  startOut(epoch: bigint): readonly AccountMove[] | undefined;
  /** The UED's records after the last block of `epoch`, for the VED at the start of `epoch` + 1. */
  forVed(epoch: bigint): CrossDomainInput | undefined;
}

/** The carry at height 0. */
export function genesisCarry(vedSet: VedAccountSet): Carry {
  return { vedSet };
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
  ued: UedOutputs,
  epochs: EpochSchedule,
  height: bigint,
  evidence: Uint8Array | undefined,
): CrossDomainInput {
  const cd: Record<string, Uint8Array> = {};
  if (carry.commitVotes !== undefined) cd[Pinned.commit] = carry.commitVotes;
  if (evidence !== undefined) cd[Pinned.evidence] = evidence;
  const epoch = epochs.epochOf(height);
  if (epochs.isEpochStart(height) && epoch >= 1n) {
    const fromUed = ued.forVed(epoch - 1n);
    if (fromUed === undefined) {
      throw new DomainsError(DomainsError.MISSING_PINNED, `the UED has not finished epoch ${epoch - 1n}`);
    }
    Object.assign(cd, fromUed);
  }
  return cd;
}

/**
 * The VED account set and incoming remaps of a VED block: at an epoch start, the set of the last
 * start with both domains' remaps out applied, and the UED's remaps out as the incoming ones.
 */
export function vedSetAt(
  carry: Carry,
  ued: UedOutputs,
  epochs: EpochSchedule,
  height: bigint,
): { vedSet: VedAccountSet; remapsIn: readonly AccountMove[] } {
  const s = carry.lastStart;
  if (!epochs.isEpochStart(height) || s === undefined) return { vedSet: carry.vedSet, remapsIn: [] };
  const uedOut = ued.startOut(s.epoch);
  if (uedOut === undefined) {
    throw new DomainsError(DomainsError.MISSING_PINNED, `the UED has not reported epoch ${s.epoch}'s remaps`);
  }
  return { vedSet: nextVedSet(s.vedSet, s.epoch + 1n, s.vedOut, uedOut), remapsIn: uedOut };
}

/** The UED's pinned records: evidence, roothash's outbox, at an epoch start the ending epoch's membership. */
export async function uedInputs(
  vedTree: Tree,
  epochs: EpochSchedule,
  height: bigint,
  evidence: Uint8Array | undefined,
): Promise<CrossDomainInput> {
  const cd: Record<string, Uint8Array> = {};
  if (evidence !== undefined) cd[Pinned.evidence] = evidence;
  const outbox = await outboxRecord(vedTree, epochs, height);
  if (outbox !== undefined) cd[Pinned.runtimeOutbox] = outbox;
  const epoch = epochs.epochOf(height);
  if (epochs.isEpochStart(height) && epoch >= 1n) {
    const m = await membershipIn(vedTree, epoch - 1n);
    if (m !== null) cd[Pinned.membership] = encodeMembership(m);
  }
  return cd;
}

/** What a committed height's VED hands to the carry. */
export interface HeightOutputs {
  readonly vedSet: VedAccountSet;
  readonly vedOut: readonly AccountMove[];
  readonly commitVotes: Uint8Array | undefined;
}

/** The carry after committing `height`; an epoch start records the VED's side of the boundary. */
export function advanceCarry(carry: Carry, epochs: EpochSchedule, height: bigint, o: HeightOutputs): Carry {
  const c: Carry = { ...carry, commitVotes: o.commitVotes };
  if (!epochs.isEpochStart(height)) return c;
  c.vedSet = o.vedSet;
  c.lastStart = { epoch: epochs.epochOf(height), vedSet: o.vedSet, vedOut: o.vedOut };
  return c;
}
