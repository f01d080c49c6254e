/**
 * What the consensus app carries from one height to the next outside the domain trees: the epoch's
 * VED account set and the next one, the remap moves each domain receives at the next epoch start,
 * the UED's records for the next VED boundary, and the pinned votes of the last commit.
 */
import type { Commit, Evidence, Validator } from '../consensus/bft/index.js';
import type { AccountMove, CrossDomainInput, VedAccountSet } from '../consensus/index.js';
import type { CommitVote, VoteEvidence } from '../services/vote/index.js';
import { decodeUedReport } from './app-rules.js';
import { encodePinned } from './cross-domain.js';

/** The carried state (see the module header). */
export interface Carry {
  vedSet: VedAccountSet;
  nextSet?: VedAccountSet;
  toVed: readonly AccountMove[];
  toUed: readonly AccountMove[];
  /** Epoch E → the UED's records after its last block, pinned into the VED at the start of E + 1. */
  forVed: Map<bigint, CrossDomainInput>;
  /** The pinned votes for the next VED block. */
  commitVotes?: Uint8Array;
}

/** The carry at height 0. */
export function genesisCarry(vedSet: VedAccountSet): Carry {
  return { vedSet, toVed: [], toUed: [], forVed: new Map() };
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
