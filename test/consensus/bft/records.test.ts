import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Ed25519Signer, EMPTY_HASH, encodeWith, toHex } from '../../../src/common/index.js';
import {
  assembleBlock,
  blockHash,
  ChainContexts,
  decodeInput,
  decodeState,
  type EngineInput,
  encodeInput,
  encodeState,
  ValidatorSet,
  voteBodyCodec,
  voteSignBytes,
} from '../../../src/consensus/bft/index.js';

const ctx = new ChainContexts('records-test');
const signer = Ed25519Signer.fromSeed(new Uint8Array(32).fill(5));
const body = {
  type: 2,
  height: 7n,
  round: 3,
  block_hash: new Uint8Array(32).fill(9),
  validator: 1,
  extension: new Uint8Array(40),
};
const vote = { body, signature: signer.sign(ctx.vote, voteSignBytes(body)) };

test('WAL records: the spliced vote record equals the generic canonical encoding and decodes back', () => {
  const i: EngineInput = { kind: 'vote', vote };
  const fast = encodeInput(i, new ChainContexts('records-test'));
  assert.equal(toHex(fast), toHex(encodeInput(i)));
  assert.deepEqual(decodeInput(fast), i);
  assert.equal(toHex(encodeWith(voteBodyCodec, body)), toHex(ctx.signBytes(body)));
});

test('WAL records: the spliced proposal record equals the generic canonical encoding and decodes back', () => {
  const block = assembleBlock({
    chainId: 'records-test',
    height: 1n,
    time: 5n,
    parent: { height: 0n, time: 0n, lastBlockHash: EMPTY_HASH, lastSet: null },
    lastCommit: null,
    txs: [Uint8Array.of(1, 2, 3)],
    evidence: [],
    vedHash: EMPTY_HASH,
    set: new ValidatorSet([{ pubKey: signer.publicKey, power: 1n }]),
    proposer: signer.publicKey,
  });
  const pbody = { height: 1n, round: 0, valid_round: -1, block_hash: blockHash(block), proposer: 0 };
  const i: EngineInput = {
    kind: 'proposal',
    proposal: { body: pbody, block, signature: new Uint8Array(64).fill(1) },
  };
  const fast = encodeInput(i, new ChainContexts('records-test'));
  assert.equal(toHex(fast), toHex(encodeInput(i)));
  assert.deepEqual(decodeInput(fast), i);
});

test('WAL records: every input kind round-trips', () => {
  const inputs: EngineInput[] = [
    { kind: 'timeout', height: 5n, round: 2, step: 'prevote' },
    { kind: 'validated', hash: 'ab'.repeat(32), valid: false },
    {
      kind: 'vote',
      vote: { ...vote, body: { ...body, type: 1, block_hash: null, extension: new Uint8Array(0) } },
    },
  ];
  for (const i of inputs) assert.deepEqual(decodeInput(encodeInput(i)), i);
});

test('WAL records: malformed records are refused with a coded error', () => {
  const good = encodeInput({ kind: 'timeout', height: 5n, round: 2, step: 'prevote' });
  assert.throws(
    () => decodeInput(good.subarray(0, good.length - 1)),
    (e: Error & { code?: number }) => e.code !== undefined,
  );
  const bad = encodeInput({ kind: 'timeout', height: 5n, round: 2, step: 'nonsense' as 'prevote' });
  assert.throws(() => decodeInput(bad), /WAL timeout step/);
  assert.throws(() => decodeInput(Uint8Array.of(0xa1, 0x63, 0x66, 0x6f, 0x6f, 0x01)), /unknown variant/);
});

test('consensus state: round-trips with negative priorities and pending updates', () => {
  const vals = [1, 2, 3].map((i) => ({
    pubKey: Ed25519Signer.fromSeed(new Uint8Array(32).fill(i)).publicKey,
    power: BigInt(i * 10),
  }));
  const set = new ValidatorSet(vals).next().next();
  assert.ok(set.priorityList().some((p) => p < 0n));
  const s = {
    height: 9n,
    time: 1234n,
    lastBlockHash: EMPTY_HASH,
    lastCommit: null,
    next: set,
    pending: [vals[0]!],
    lastSet: set,
  };
  const back = decodeState(encodeState(s));
  assert.deepEqual(back.next.priorityList(), set.priorityList());
  assert.deepEqual(back.next.hash(), set.hash());
  assert.equal(back.pending?.length, 1);
  assert.equal(back.next.proposerIndex(5), set.proposerIndex(5));
});
