/**
 * What validators sign and how it is checked. Votes and proposals are signed over their canonical
 * body encoding under domain-separated contexts bound to the chain (spec/oasis.md §10), so a vote
 * can never be replayed as a proposal or on another chain.
 */
import { EMPTY_HASH, hash, toHex } from '../../common/index.js';
import {
  encodeCommit,
  encodeEvidenceList,
  encodeHeader,
  encodeProposalBody,
  encodeTxList,
} from './block-bytes.js';
import type { ChainContexts } from './chain-contexts.js';
import { BftError } from './errors.js';
import {
  type Block,
  type Commit,
  type ProposalBody,
  type Vote,
  type VoteBody,
  VoteType,
} from './messages.js';
import type { ValidatorSet } from './validator-set.js';
import { encodeVoteBody } from './vote-bytes.js';

/** Bytes a vote signature covers: the canonical CBOR of the body. */
export function voteSignBytes(body: VoteBody): Uint8Array {
  return encodeVoteBody(body);
}

/** Bytes a proposal signature covers. */
export function proposalSignBytes(body: ProposalBody): Uint8Array {
  return encodeProposalBody(body);
}

/** Check a vote's signature against the validator it names in `set` (through `ctx`'s cache). */
export function verifyVote(ctx: ChainContexts, set: ValidatorSet, v: Vote): boolean {
  const val = set.validators[v.body.validator];
  if (!val) return false;
  return ctx.verifyCached(val.pubKey, ctx.signBytes(v.body), v.signature);
}

/** Block id: SHA-512/256 of the canonical header. */
export function blockHash(b: Block): Uint8Array {
  return hash(encodeHeader(b.header));
}

/**
 * The hashes a header commits to for a block body (an empty list hashes to the empty hash, as
 * `hashCanonicalList` has it). With `memo` (a node's `ChainContexts`), the LastCommit and vote
 * bodies come from its memoized encodings.
 */
export function bodyHashes(
  b: Pick<Block, 'txs' | 'evidence' | 'last_commit'>,
  memo?: Pick<ChainContexts, 'commitBytes' | 'signBytes'>,
): {
  txs_hash: Uint8Array;
  evidence_hash: Uint8Array;
  last_commit_hash: Uint8Array;
} {
  const lc = b.last_commit;
  const body = memo === undefined ? undefined : (v: VoteBody) => memo.signBytes(v);
  return {
    txs_hash: b.txs.length === 0 ? EMPTY_HASH : hash(encodeTxList(b.txs)),
    evidence_hash: b.evidence.length === 0 ? EMPTY_HASH : hash(encodeEvidenceList(b.evidence, body)),
    last_commit_hash: lc === null ? EMPTY_HASH : hash(memo ? memo.commitBytes(lc) : encodeCommit(lc)),
  };
}

/**
 * Verify that `commit` proves `blockHash` at `height`: every vote a distinct validator's valid
 * precommit for that block at the commit's round, and more than 2/3 of `set`'s power in total.
 */
export function verifyCommit(
  ctx: ChainContexts,
  set: ValidatorSet,
  height: bigint,
  blockHashValue: Uint8Array,
  commit: Commit,
): void {
  const bad = (m: string) => new BftError(BftError.INVALID_COMMIT, `commit for height ${height}: ${m}`);
  if (commit.height !== height) throw bad(`wrong height ${commit.height}`);
  if (toHex(commit.block_hash) !== toHex(blockHashValue)) throw bad('wrong block hash');
  const seen = new Set<number>();
  let power = 0n;
  for (const v of commit.votes) {
    const b = v.body;
    if (b.type !== VoteType.Precommit || b.height !== height || b.round !== commit.round)
      throw bad('vote mismatch');
    if (b.block_hash === null || toHex(b.block_hash) !== toHex(blockHashValue))
      throw bad('vote for another block');
    if (seen.has(b.validator)) throw bad('duplicate validator');
    seen.add(b.validator);
    if (!verifyVote(ctx, set, v)) throw bad(`bad signature of validator ${b.validator}`);
    power += set.validators[b.validator]!.power;
  }
  if (power * 3n <= set.totalPower * 2n) throw bad('less than 2/3 of the voting power');
}
