import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  Ed25519Signer,
  EMPTY_HASH,
  encodeWith,
  hash,
  hashCanonicalList,
  toHex,
} from '../../../src/common/index.js';
import {
  BftError,
  type Block,
  blockCodec,
  bodyHashes,
  ChainContexts,
  type Commit,
  commitCodec,
  decodeInput,
  decodeState,
  type EngineInput,
  type Evidence,
  encodeBlock,
  encodeCommit,
  encodeEvidenceList,
  encodeHeader,
  encodeInput,
  encodeProposalBody,
  encodeState,
  encodeTxList,
  encodeVote,
  evidenceCodec,
  headerCodec,
  MemoryRecordStore,
  PrivValidator,
  type ProposalBody,
  proposalBodyCodec,
  ValidatorSet,
  type Vote,
  voteCodec,
} from '../../../src/consensus/bft/index.js';
import { Rng } from '../../helpers/rng.js';

const U64 = [0n, 1n, 23n, 24n, 255n, 256n, 65535n, 65536n, 0xffffffffn, 0x100000000n, 0xffffffffffffffffn];
const U32 = [0, 23, 24, 255, 256, 65535, 65536, 0xffffffff];

function vote(rng: Rng, height: bigint, round: number): Vote {
  const type = rng.int(2) + 1;
  const hash = rng.int(4) === 0 ? null : rng.bytes(32);
  return {
    body: {
      type,
      height,
      round,
      block_hash: hash,
      validator: rng.pick([0, 1, 23, 24, 255, 256, 999, 65535]),
      extension: type === 2 && hash !== null ? rng.bytes(rng.pick([0, 1, 40, 256])) : new Uint8Array(0),
    },
    signature: rng.bytes(64),
  };
}

function commit(rng: Rng): Commit {
  const height = rng.pick(U64);
  const round = rng.pick(U32);
  const votes = Array.from({ length: rng.pick([0, 1, 23, 24, 70]) }, () => vote(rng, height, round));
  return { height, round, block_hash: rng.bytes(32), votes };
}

function evidence(rng: Rng): Evidence {
  return { pub_key: rng.bytes(32), a: vote(rng, 5n, 1), b: vote(rng, 5n, 1) };
}

function block(rng: Rng): Block {
  const txs = Array.from({ length: rng.pick([0, 1, 23, 24, 40]) }, () =>
    rng.bytes(rng.pick([0, 1, 8, 23, 24, 255, 256, 65535, 65536])),
  );
  return {
    header: {
      chain_id: rng.pick(['', 'tandem', 'x'.repeat(23), 'y'.repeat(24), 'ünïcødé-chain', 'z'.repeat(64)]),
      height: rng.pick(U64),
      time: rng.pick(U64),
      last_block_hash: rng.bytes(32),
      last_commit_hash: rng.bytes(32),
      txs_hash: rng.bytes(32),
      evidence_hash: rng.bytes(32),
      ved_hash: rng.bytes(32),
      validators_hash: rng.bytes(32),
      proposer: rng.bytes(32),
    },
    txs,
    evidence: Array.from({ length: rng.pick([0, 0, 1, 3]) }, () => evidence(rng)),
    last_commit: rng.int(3) === 0 ? null : commit(rng),
  };
}

test('fixed-layout encoders equal the canonical schema codecs on edge and random blocks, commits, votes', () => {
  const rng = new Rng(4242);
  for (let i = 0; i < 150; i++) {
    const b = block(rng);
    const ctx = new ChainContexts('bytes-test');
    assert.equal(toHex(encodeHeader(b.header)), toHex(encodeWith(headerCodec, b.header)));
    assert.equal(toHex(encodeBlock(b)), toHex(encodeWith(blockCodec, b)));
    assert.equal(toHex(ctx.blockBytes(b)), toHex(encodeWith(blockCodec, b)));
    if (b.txs.length > 0) assert.equal(toHex(hash(encodeTxList(b.txs))), toHex(hashCanonicalList(b.txs)));
    assert.deepEqual(bodyHashes(b, ctx), {
      txs_hash: hashCanonicalList(b.txs),
      evidence_hash: hashCanonicalList(b.evidence.map((e) => evidenceCodec.toCbor(e, ''))),
      last_commit_hash: bodyHashes(b).last_commit_hash,
    });
    if (b.last_commit) {
      const c = b.last_commit;
      assert.equal(toHex(encodeCommit(c)), toHex(encodeWith(commitCodec, c)));
      assert.equal(toHex(ctx.commitBytes(c)), toHex(encodeWith(commitCodec, c)));
      for (const v of c.votes.slice(0, 3))
        assert.equal(toHex(encodeVote(v)), toHex(encodeWith(voteCodec, v)));
    }
    if (b.evidence.length > 0) {
      const generic = encodeWith(evidenceCodec, b.evidence[0]!);
      assert.equal(toHex(encodeEvidenceList(b.evidence.slice(0, 1))).slice(2), toHex(generic));
    }
  }
});

test('fixed-layout proposal body equals the schema codec, including negative and large valid rounds', () => {
  const rng = new Rng(7);
  for (const valid_round of [-1, 0, 23, 24, -25, -256, 2 ** 40, -(2 ** 40), Number.MAX_SAFE_INTEGER]) {
    for (const round of U32) {
      const p: ProposalBody = {
        height: rng.pick(U64),
        round,
        valid_round,
        block_hash: rng.bytes(32),
        proposer: rng.pick([0, 24, 65535]),
      };
      assert.equal(toHex(encodeProposalBody(p)), toHex(encodeWith(proposalBodyCodec, p)));
    }
  }
});

test('fixed-layout WAL records equal the generic records for every input kind and decode back', () => {
  const rng = new Rng(11);
  const b = block(rng);
  const v = vote(rng, 9n, 2);
  const p = {
    body: { height: 9n, round: 2, valid_round: 1, block_hash: rng.bytes(32), proposer: 3 },
    block: b,
  };
  const inputs: EngineInput[] = [
    { kind: 'vote', vote: v },
    { kind: 'proposal', proposal: { ...p, signature: rng.bytes(64) } },
    { kind: 'block', height: 0xffffffffffn, round: 300, block: b },
    { kind: 'timeout', height: 5n, round: 70_000, step: 'precommit' },
    { kind: 'validated', hash: 'cd'.repeat(32), valid: true },
    { kind: 'validated', hash: '', valid: false },
  ];
  for (const i of inputs) {
    const fast = encodeInput(i, new ChainContexts('bytes-test'));
    assert.equal(toHex(fast), toHex(encodeInput(i)), i.kind);
    assert.deepEqual(decodeInput(fast), decodeInput(encodeInput(i)));
  }
});

test('fixed-layout consensus state decodes strictly (the decoder re-encodes generically and compares)', () => {
  const vals = [1, 2, 3, 4].map((i) => ({
    pubKey: Ed25519Signer.fromSeed(new Uint8Array(32).fill(i)).publicKey,
    power: BigInt(i) * 0x1_0000_0000n,
  }));
  const set = new ValidatorSet(vals).next().next().next();
  for (const pending of [null, [], vals]) {
    for (const lastSet of [null, set]) {
      const s = {
        height: 0xffffffffffn,
        time: 77n,
        lastBlockHash: EMPTY_HASH,
        lastCommit: null,
        next: set,
        pending,
        lastSet,
      };
      const back = decodeState(encodeState(s));
      assert.deepEqual(back.next.priorityList(), set.priorityList());
      assert.deepEqual(back.pending, pending);
      assert.equal(back.lastSet?.hash().length, lastSet?.hash().length);
      assert.equal(back.height, s.height);
    }
  }
});

test('fixed-layout encoders refuse out-of-range and malformed fields with a coded error', () => {
  const rng = new Rng(3);
  const b = block(rng);
  const c = commit(rng);
  const isBft = (e: unknown) => e instanceof BftError && e.code === BftError.MALFORMED_MESSAGE;
  const badBlocks: Block[] = [
    { ...b, header: { ...b.header, height: -1n } },
    { ...b, header: { ...b.header, time: 1n << 64n } },
    { ...b, header: { ...b.header, chain_id: 'c'.repeat(65) } },
    { ...b, header: { ...b.header, proposer: new Uint8Array(31) } },
    { ...b, header: { ...b.header, ved_hash: new Uint8Array(33) } },
    { ...b, txs: [new Uint8Array(64 * 1024 + 1)] },
    { ...b, txs: Array.from({ length: 10_001 }, () => new Uint8Array(0)) },
    { ...b, evidence: Array.from({ length: 65 }, () => evidence(rng)) },
    { ...b, last_commit: { ...c, block_hash: new Uint8Array(0) } },
    { ...b, last_commit: { ...c, round: -1 } },
    { ...b, last_commit: { ...c, votes: [{ ...vote(rng, 1n, 0), signature: new Uint8Array(63) }] } },
  ];
  for (const bad of badBlocks) assert.throws(() => encodeBlock(bad), isBft);
  const p: ProposalBody = { height: 1n, round: 0, valid_round: -1, block_hash: rng.bytes(32), proposer: 0 };
  for (const bad of [
    { ...p, proposer: 65536 },
    { ...p, round: 1.5 },
    { ...p, valid_round: 0.5 },
  ]) {
    assert.throws(() => encodeProposalBody(bad), isBft);
  }
  const i: EngineInput = { kind: 'timeout', height: 1n, round: 0, step: 'x'.repeat(17) as 'prevote' };
  assert.throws(() => encodeInput(i, new ChainContexts('bytes-test')), isBft);
});

test('fixed-layout last-signed record is read back strictly at every height and round width', () => {
  const signer = Ed25519Signer.fromSeed(new Uint8Array(32).fill(8));
  const ctx = new ChainContexts('bytes-test');
  for (const height of [0n, 24n, 0x100000000n, 0xffffffffffffffffn]) {
    for (const round of [0, 24, 65536, 0xffffffff]) {
      const store = new MemoryRecordStore();
      const body = { type: 2, height, round, block_hash: null, validator: 0, extension: new Uint8Array(0) };
      const sig = new PrivValidator(signer, store, ctx).signVote(body);
      const again = new PrivValidator(signer, store, ctx); // strict decode: canonical bytes only
      assert.equal(toHex(again.signVote(body)), toHex(sig));
    }
  }
});
