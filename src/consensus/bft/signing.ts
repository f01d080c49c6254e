/**
 * What validators sign and how it is checked. Votes and proposals are signed over their canonical
 * body encoding under domain-separated contexts bound to the chain (spec/oasis.md §10), so a vote
 * can never be replayed as a proposal or on another chain.
 */
import {
  bytesEqual,
  context,
  EMPTY_HASH,
  fullContext,
  hash,
  toHex,
  utf8,
  verify,
} from '../../common/index.js';
import {
  encodeBlock,
  encodeCommit,
  encodeEvidenceList,
  encodeHeader,
  encodeProposalBody,
  encodeTxList,
} from './block-bytes.js';
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

const VOTE = context('consensus', 'vote');
const PROPOSAL = context('consensus', 'proposal');

const CACHE_HALF = 8192;

function latin1(b: Uint8Array): string {
  return Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('latin1');
}

/**
 * Chain-bound signing contexts for one chain id, and this node's cache of verified votes: a vote
 * checked once (on arrival) costs nothing again when it comes back by gossip or in the next
 * block's LastCommit. Each node has its own instance, so nodes never share verification work.
 */
export class ChainContexts {
  readonly vote: string;
  readonly proposal: string;
  private young = new Map<string, { pub: Uint8Array; msg: Uint8Array }>();
  private old = new Map<string, { pub: Uint8Array; msg: Uint8Array }>();

  constructor(readonly chainId: string) {
    const chainContext = toHex(hash(utf8(chainId)));
    this.vote = fullContext(VOTE, { chainContext });
    this.proposal = fullContext(PROPOSAL, { chainContext });
  }

  private readonly bodies = new WeakMap<VoteBody, Uint8Array>();

  private readonly blocks = new WeakMap<Block, Uint8Array>();

  private readonly commits = new WeakMap<Commit, Uint8Array>();

  private readonly bodyFn = (b: VoteBody) => this.signBytes(b);

  private readonly commitFn = (c: Commit) => this.commitBytes(c);

  /** The canonical encoding of a block, once per block object by this node. */
  blockBytes(b: Block): Uint8Array {
    let e = this.blocks.get(b);
    if (e === undefined) {
      e = encodeBlock(b, this.commitFn, this.bodyFn);
      this.blocks.set(b, e);
    }
    return e;
  }

  /** The canonical encoding of a commit, once per commit object by this node. */
  commitBytes(c: Commit): Uint8Array {
    let e = this.commits.get(c);
    if (e === undefined) {
      e = encodeCommit(c, this.bodyFn);
      this.commits.set(c, e);
    }
    return e;
  }

  /** The signed bytes of a vote body, encoded once per body object by this node. */
  signBytes(body: VoteBody): Uint8Array {
    let b = this.bodies.get(body);
    if (b === undefined) {
      b = voteSignBytes(body);
      this.bodies.set(body, b);
    }
    return b;
  }

  /** Verify a vote signature, remembering successes (keyed by signature, checked against key and message). */
  verifyCached(pub: Uint8Array, msg: Uint8Array, sig: Uint8Array): boolean {
    // A hit needs the same signature AND the same key and message byte for byte: a signature
    // copied onto another vote body must be verified, and fails.
    const key = latin1(sig);
    const hit = this.young.get(key) ?? this.old.get(key);
    if (hit !== undefined && bytesEqual(hit.msg, msg) && bytesEqual(hit.pub, pub)) return true;
    if (!verify(pub, this.vote, msg, sig)) return false;
    this.young.set(key, { pub, msg });
    if (this.young.size >= CACHE_HALF) {
      this.old = this.young;
      this.young = new Map();
    }
    return true;
  }
}

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
