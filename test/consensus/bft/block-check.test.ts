// Consensus-level block validity (spec/bft.md "Validity of a proposal"): header fields against the
// parent, body hashes, the LastCommit that proves the parent, evidence; and commit verification.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Ed25519Signer, EMPTY_HASH, utf8 } from '../../../src/common/index.js';
import {
  assembleBlock,
  BftError,
  type Block,
  blockHash,
  ChainContexts,
  type Commit,
  checkBlock,
  type Evidence,
  MAX_TX_BYTES,
  type ParentInfo,
  ValidatorSet,
  type Vote,
  VoteType,
  verifyCommit,
} from '../../../src/consensus/bft/index.js';
import { CHAIN_ID, Net } from './engine-harness.js';

const NOW = 2_000n;
const FUTURE = 5_000n;
const net1 = new Net([1n, 1n, 1n, 1n], 1n); // signs the height-1 votes
const { set, ctx } = net1;
/** A key outside every test set. */
const stranger = (i: number) => Ed25519Signer.fromSeed(new Uint8Array(32).fill(200 + i));
const genesis: ParentInfo = { height: 0n, time: 500n, lastBlockHash: EMPTY_HASH, lastSet: null };

function block(
  parent: ParentInfo,
  o: { lastCommit?: Commit | null; evidence?: Evidence[]; txs?: Uint8Array[] } = {},
): Block {
  return assembleBlock({
    chainId: CHAIN_ID,
    height: parent.height + 1n,
    time: parent.time + 1_000n,
    parent,
    lastCommit: o.lastCommit ?? null,
    txs: o.txs ?? [utf8('tx')],
    evidence: o.evidence ?? [],
    vedHash: EMPTY_HASH,
    set,
    proposer: set.validators[1]!.pubKey,
  });
}

const b1 = block(genesis);
const h1 = blockHash(b1);
const commitOf = (votes: Vote[], round = 0): Commit => ({ height: 1n, round, block_hash: h1, votes });
const commit1 = commitOf(net1.precommits([0, 1, 2], 0, b1));
const parent: ParentInfo = { height: 1n, time: b1.header.time, lastBlockHash: h1, lastSet: set };
const good = block(parent, { lastCommit: commit1 });

const code = (c: number, why?: RegExp) => (e: unknown) =>
  e instanceof BftError && e.code === c && (why === undefined || why.test(e.message));
const check = (b: Block, p = parent) => checkBlock(ctx, b, p, set, NOW, FUTURE);
const badBlock = (b: Block, why: RegExp, p = parent) =>
  assert.throws(() => check(b, p), code(BftError.INVALID_BLOCK, why));
const withHeader = (h: Partial<Block['header']>): Block => ({ ...good, header: { ...good.header, ...h } });
const flip = (sig: Uint8Array) => sig.map((x, i) => (i === 5 ? x ^ 0x10 : x));

test('checkBlock: accepts a correct first block and a correct child with its LastCommit', () => {
  check(b1, genesis);
  check(good);
  check(withHeader({ time: NOW + FUTURE })); // the future bound is inclusive
});

test('checkBlock: rejects a wrong chain id, height or parent hash', () => {
  badBlock(withHeader({ chain_id: 'other-chain' }), /wrong chain id/);
  badBlock(withHeader({ height: 3n }), /wrong height/);
  badBlock(withHeader({ height: 1n }), /wrong height/);
  badBlock(withHeader({ last_block_hash: EMPTY_HASH }), /wrong parent/);
});

test('checkBlock: rejects a time not after the parent or too far in the future', () => {
  badBlock(withHeader({ time: parent.time }), /time out of range/);
  badBlock(withHeader({ time: parent.time - 1n }), /time out of range/);
  badBlock(withHeader({ time: NOW + FUTURE + 1n }), /time out of range/);
});

test('checkBlock: rejects a wrong validator set hash and a proposer outside the set', () => {
  badBlock(withHeader({ validators_hash: EMPTY_HASH }), /wrong validator set/);
  badBlock(withHeader({ proposer: stranger(0).publicKey }), /proposer is not a validator/);
});

test('checkBlock: rejects a body that does not match the header hashes', () => {
  badBlock({ ...good, txs: [utf8('other tx')] }, /txs hash mismatch/);
  badBlock({ ...good, txs: [] }, /txs hash mismatch/);
  const ev = evidence(1, net1.vote(1, VoteType.Prevote, 0, b1), net1.vote(1, VoteType.Prevote, 0, null));
  badBlock({ ...good, evidence: [ev] }, /evidence hash mismatch/);
  badBlock(
    { ...good, last_commit: commitOf(net1.precommits([0, 1, 3], 0, b1)) },
    /last commit hash mismatch/,
  );
});

test('checkBlock: rejects a block above MAX_BLOCK_BYTES', () => {
  const txs = Array.from({ length: 70 }, (_, i) => new Uint8Array(MAX_TX_BYTES).fill(i));
  badBlock(block(parent, { lastCommit: commit1, txs }), /too large/);
});

test('checkBlock: LastCommit must be absent at height 1 and present after', () => {
  badBlock(block(genesis, { lastCommit: commit1 }), /first block with a LastCommit/, genesis);
  badBlock(block(parent), /missing LastCommit/);
  badBlock(good, /missing LastCommit/, { ...parent, lastSet: null });
});

test('checkBlock: rejects an insufficient or forged LastCommit', () => {
  const bad = (c: Commit, why: RegExp) =>
    assert.throws(() => check(block(parent, { lastCommit: c })), code(BftError.INVALID_COMMIT, why));
  const [v0, v1, v2] = commit1.votes as [Vote, Vote, Vote];
  bad(commitOf([v0, v1]), /less than 2\/3/);
  bad(commitOf([v0, v1, v1]), /duplicate validator/);
  bad(commitOf([v0, v1, { ...v2, signature: flip(v2.signature) }]), /bad signature/);
  bad(commitOf([v0, v1, net1.vote(2, VoteType.Precommit, 0, null)]), /another block/);
  bad(commitOf([v0, v1, net1.vote(2, VoteType.Precommit, 0, EMPTY_HASH)]), /another block/);
  bad({ ...commit1, block_hash: EMPTY_HASH }, /wrong block hash/);
});

/** Evidence of validator `i` of the height-1 set signing `a` and `b`. */
function evidence(i: number, a: Vote, b: Vote): Evidence {
  return { pub_key: set.validators[i]!.pubKey, a, b };
}
const withEvidence = (e: Evidence[]) => block(parent, { lastCommit: commit1, evidence: e });
const badEvidence = (e: Evidence, why: RegExp) =>
  assert.throws(() => check(withEvidence([e])), code(BftError.INVALID_EVIDENCE, why));

test('checkBlock: accepts evidence of two conflicting votes at the parent height', () => {
  const pre = net1.vote(3, VoteType.Prevote, 0, b1);
  check(withEvidence([evidence(3, pre, net1.vote(3, VoteType.Prevote, 0, null))]));
  const pc = net1.vote(2, VoteType.Precommit, 1, EMPTY_HASH);
  check(withEvidence([evidence(2, pc, net1.vote(2, VoteType.Precommit, 1, b1))]));
});

test('checkBlock: rejects invalid evidence', () => {
  const a = net1.vote(3, VoteType.Prevote, 0, b1);
  const b = net1.vote(3, VoteType.Prevote, 0, null);
  badEvidence(evidence(3, a, a), /do not conflict/);
  badEvidence(evidence(3, a, net1.vote(2, VoteType.Prevote, 0, null)), /same position/);
  badEvidence(evidence(3, a, net1.vote(3, VoteType.Prevote, 1, null)), /same position/);
  badEvidence(evidence(3, a, net1.vote(3, VoteType.Precommit, 0, null)), /same position/);
  badEvidence(evidence(3, a, { ...b, signature: flip(b.signature) }), /bad signature/);
  badEvidence(evidence(2, a, b), /validator mismatch/);
  const t3 = (v: Vote) => ({ ...v, body: { ...v.body, type: 3 } });
  badEvidence(evidence(3, t3(a), t3(b)), /bad vote type/);
  const e = evidence(3, a, b);
  assert.throws(() => check(withEvidence([e, e])), code(BftError.INVALID_BLOCK, /duplicate evidence/));
  const net2 = new Net([1n, 1n, 1n, 1n], 2n);
  const old = evidence(3, net2.vote(3, VoteType.Prevote, 0, b1), net2.vote(3, VoteType.Prevote, 0, null));
  assert.throws(() => check(withEvidence([old])), code(BftError.INVALID_BLOCK, /unsupported height/));
});

test('verifyCommit: accepts more than 2/3 of the power, in any vote order', () => {
  verifyCommit(ctx, set, 1n, h1, commit1);
  verifyCommit(ctx, set, 1n, h1, commitOf([...commit1.votes].reverse()));
  verifyCommit(ctx, set, 1n, h1, commitOf(net1.precommits([0, 1, 2, 3], 0, b1)));
  verifyCommit(ctx, set, 1n, h1, { ...commitOf(net1.precommits([1, 2, 3], 4, b1)), round: 4 });
});

test('verifyCommit: rejects exactly 2/3, wrong height, block, round, type or signer set', () => {
  const bad = (f: () => void, why: RegExp) => assert.throws(f, code(BftError.INVALID_COMMIT, why));
  const three = new Net([1n, 1n, 1n], 1n);
  const c3: Commit = { height: 1n, round: 0, block_hash: h1, votes: three.precommits([0, 1], 0, b1) };
  bad(() => verifyCommit(three.ctx, three.set, 1n, h1, c3), /less than 2\/3/);
  verifyCommit(three.ctx, three.set, 1n, h1, { ...c3, votes: three.precommits([0, 1, 2], 0, b1) });
  bad(() => verifyCommit(ctx, set, 2n, h1, commit1), /wrong height/);
  bad(() => verifyCommit(ctx, set, 1n, EMPTY_HASH, commit1), /wrong block hash/);
  bad(() => verifyCommit(ctx, set, 1n, h1, { ...commit1, round: 1 }), /vote mismatch/);
  bad(() => verifyCommit(ctx, set, 1n, h1, commitOf(net1.prevotes([0, 1, 2], 0, b1))), /vote mismatch/);
  const strangers = new ValidatorSet([0, 1, 2, 3].map((i) => ({ pubKey: stranger(i).publicKey, power: 1n })));
  bad(() => verifyCommit(ctx, strangers, 1n, h1, commit1), /bad signature/);
  bad(() => verifyCommit(new ChainContexts('other-chain'), set, 1n, h1, commit1), /bad signature/);
  bad(() => verifyCommit(ctx, set, 1n, h1, commitOf([])), /less than 2\/3/);
});
