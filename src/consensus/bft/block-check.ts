/**
 * Assembling a proposal's block and the consensus-level validity checks every node applies
 * before asking the application (spec/bft.md "Validity of a proposal").
 */
import { bytesEqual, toHex } from '../../common/index.js';
import type { ChainContexts } from './chain-contexts.js';
import { BftError } from './errors.js';
import { type Block, type Commit, type Evidence, MAX_BLOCK_BYTES, VoteType } from './messages.js';
import { bodyHashes, verifyCommit, verifyVote } from './signing.js';
import type { ValidatorSet } from './validator-set.js';

/** What a block at `height` must agree with. */
export interface ParentInfo {
  height: bigint;
  time: bigint;
  lastBlockHash: Uint8Array;
  /** Validators of the parent height (to check LastCommit), null at height 1. */
  lastSet: ValidatorSet | null;
}

/** Build a block from its parts. */
export function assembleBlock(a: {
  chainId: string;
  height: bigint;
  time: bigint;
  parent: ParentInfo;
  lastCommit: Commit | null;
  txs: Uint8Array[];
  evidence: Evidence[];
  vedHash: Uint8Array;
  set: ValidatorSet;
  proposer: Uint8Array;
  /** The node's memoized encodings (its `ChainContexts`), if any. */
  memo?: ChainContexts;
}): Block {
  const body = { txs: a.txs, evidence: a.evidence, last_commit: a.lastCommit };
  return {
    header: {
      chain_id: a.chainId,
      height: a.height,
      time: a.time,
      last_block_hash: a.parent.lastBlockHash,
      ...bodyHashes(body, a.memo),
      ved_hash: a.vedHash,
      validators_hash: a.set.hash(),
      proposer: a.proposer,
    },
    ...body,
  };
}

/** Throw INVALID_BLOCK unless `b` is a well-formed child of `parent` for `set`. */
export function checkBlock(
  ctx: ChainContexts,
  b: Block,
  parent: ParentInfo,
  set: ValidatorSet,
  now: bigint,
  maxFutureMs: bigint,
): void {
  const h = b.header;
  const bad = (m: string) => new BftError(BftError.INVALID_BLOCK, `block ${h.height}: ${m}`);
  if (h.chain_id !== ctx.chainId) throw bad('wrong chain id');
  if (h.height !== parent.height + 1n) throw bad('wrong height');
  if (!bytesEqual(h.last_block_hash, parent.lastBlockHash)) throw bad('wrong parent');
  if (h.time <= parent.time || h.time > now + maxFutureMs) throw bad('time out of range');
  if (!bytesEqual(h.validators_hash, set.hash())) throw bad('wrong validator set');
  if (set.indexOf(h.proposer) < 0) throw bad('proposer is not a validator');
  const want = bodyHashes(b, ctx);
  if (!bytesEqual(want.txs_hash, h.txs_hash)) throw bad('txs hash mismatch');
  if (!bytesEqual(want.evidence_hash, h.evidence_hash)) throw bad('evidence hash mismatch');
  if (!bytesEqual(want.last_commit_hash, h.last_commit_hash)) throw bad('last commit hash mismatch');
  if (ctx.blockBytes(b).length > MAX_BLOCK_BYTES) throw bad('too large');
  if (parent.height === 0n) {
    if (b.last_commit !== null) throw bad('first block with a LastCommit');
  } else {
    if (b.last_commit === null || parent.lastSet === null) throw bad('missing LastCommit');
    verifyCommit(ctx, parent.lastSet, parent.height, parent.lastBlockHash, b.last_commit);
  }
  const seen = new Set<string>();
  for (const e of b.evidence) {
    const k = `${toHex(e.pub_key)}/${e.a.body.height}/${e.a.body.round}/${e.a.body.type}`;
    if (seen.has(k)) throw bad('duplicate evidence');
    seen.add(k);
    const evSet = e.a.body.height === h.height - 1n ? parent.lastSet : null;
    if (evSet === null) throw bad('evidence for an unsupported height');
    checkEvidence(ctx, e, evSet);
  }
}

/** Throw INVALID_EVIDENCE unless `e` proves that its validator signed two conflicting votes. */
export function checkEvidence(ctx: ChainContexts, e: Evidence, set: ValidatorSet): void {
  const bad = (m: string) => new BftError(BftError.INVALID_EVIDENCE, m);
  const a = e.a.body;
  const b = e.b.body;
  if (a.height !== b.height || a.round !== b.round || a.type !== b.type || a.validator !== b.validator) {
    throw bad('votes are not for the same position');
  }
  if (a.type !== VoteType.Prevote && a.type !== VoteType.Precommit) throw bad('bad vote type');
  const ka = a.block_hash === null ? '' : toHex(a.block_hash);
  const kb = b.block_hash === null ? '' : toHex(b.block_hash);
  if (ka === kb) throw bad('votes do not conflict');
  const v = set.validators[a.validator];
  if (!v || !bytesEqual(v.pubKey, e.pub_key)) throw bad('validator mismatch');
  if (!verifyVote(ctx, set, e.a) || !verifyVote(ctx, set, e.b)) throw bad('bad signature');
}
