// Strict decoders: malformed, oversized, non-canonical and hostile commitments, headers and
// proposals are refused with MALFORMED and nothing is built from them.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { EMPTY_HASH, encodeCanonical } from '../../../src/common/index.js';
import {
  blockHeaderHash,
  decodeBlockHeader,
  decodeExecutorCommitment,
  decodeProposal,
  emptyBlock,
  encodeBlockHeader,
  encodeExecutorCommitment,
  executorCommitmentCodec,
  genesisBlock,
  HeaderType,
  MAX_COMMITMENT_MESSAGES,
  RoothashError,
  type RuntimeMessage,
  signProposal,
  verifyProposal,
} from '../../../src/services/roothash/index.js';
import { CHAIN, commit, GENESIS, key, RUNTIME, throwsCode } from './fixture.js';

const A = key('w0');
const msg: RuntimeMessage = { staking: { v: 0, transfer: { to: new Uint8Array(21), amount: 1n } } };

test('a commitment round-trips through its strict decoder', () => {
  const c = commit(A, A, GENESIS, { messages: [msg] });
  assert.deepEqual(decodeExecutorCommitment(encodeExecutorCommitment(c)), c);
});

test('malformed commitments → MALFORMED: truncated, trailing bytes, unknown field, wrong lengths', () => {
  const b = encodeExecutorCommitment(commit(A, A, GENESIS));
  throwsCode(() => decodeExecutorCommitment(b.subarray(0, b.length - 1)), RoothashError.MALFORMED);
  throwsCode(() => decodeExecutorCommitment(Uint8Array.from([...b, 0])), RoothashError.MALFORMED);
  const raw = executorCommitmentCodec.toCbor(commit(A, A, GENESIS), '') as Record<string, unknown>;
  throwsCode(() => decodeExecutorCommitment(encodeCanonical({ ...raw, extra: 1 })), RoothashError.MALFORMED);
  throwsCode(
    () => decodeExecutorCommitment(encodeCanonical({ ...raw, sig: new Uint8Array(63) })),
    RoothashError.MALFORMED,
  );
  throwsCode(
    () => decodeExecutorCommitment(encodeCanonical({ ...raw, messages: [] })),
    RoothashError.MALFORMED,
  );
  throwsCode(() => decodeExecutorCommitment(Uint8Array.of(0xff)), RoothashError.MALFORMED);
});

test('oversized commitments → MALFORMED: too many messages, too many bytes, ambiguous messages', () => {
  const raw = executorCommitmentCodec.toCbor(commit(A, A, GENESIS), '') as Record<string, unknown>;
  const one = { staking: { v: 0, transfer: { to: new Uint8Array(21), amount: new Uint8Array([1]) } } };
  const many = Array.from({ length: MAX_COMMITMENT_MESSAGES + 1 }, () => one);
  throwsCode(
    () => decodeExecutorCommitment(encodeCanonical({ ...raw, messages: many })),
    RoothashError.MALFORMED,
  );
  const huge = new Uint8Array((1 << 20) + 10);
  throwsCode(() => decodeExecutorCommitment(huge), RoothashError.MALFORMED);
  const two = {
    staking: {
      v: 0,
      transfer: one.staking.transfer,
      withdraw: { from: new Uint8Array(21), amount: new Uint8Array() },
    },
  };
  throwsCode(
    () => decodeExecutorCommitment(encodeCanonical({ ...raw, messages: [two] })),
    RoothashError.MALFORMED,
  );
});

test('§3.1 headers: strict decode, header type 1..4 only; genesis and empty blocks', () => {
  const g = genesisBlock(RUNTIME, 5n, EMPTY_HASH);
  assert.deepEqual(decodeBlockHeader(encodeBlockHeader(g)), g);
  throwsCode(
    () => decodeBlockHeader(encodeBlockHeader({ ...g, header_type: 0 })),
    RoothashError.INVALID_HEADER_TYPE,
  );
  throwsCode(
    () => decodeBlockHeader(encodeBlockHeader({ ...g, header_type: 5 })),
    RoothashError.INVALID_HEADER_TYPE,
  );
  throwsCode(() => decodeBlockHeader(new Uint8Array(600)), RoothashError.MALFORMED);
  const state = new Uint8Array(32).fill(9);
  const parent = { ...genesisBlock(RUNTIME, 5n, state), io_root: new Uint8Array(32).fill(1) };
  for (const t of [HeaderType.RoundFailed, HeaderType.EpochTransition, HeaderType.Suspended]) {
    const e = emptyBlock(parent, 77n, t);
    assert.equal(e.round, 6n);
    assert.deepEqual(e.previous_hash, blockHeaderHash(parent));
    assert.deepEqual(e.state_root, state, 'state root unchanged');
    assert.deepEqual(e.io_root, EMPTY_HASH);
    assert.equal(e.header_type, t);
  }
  throwsCode(() => emptyBlock(parent, 0n, 0 as HeaderType), RoothashError.INVALID_HEADER_TYPE);
  throwsCode(
    () => emptyBlock({ ...parent, round: 2n ** 64n - 1n }, 0n, HeaderType.RoundFailed),
    RoothashError.INVALID_ARGUMENT,
  );
});

test('proposals: signed for the runtime and chain, based on the latest block, strictly decoded', () => {
  const header = { round: 1n, previous_hash: blockHeaderHash(GENESIS), batch_hash: EMPTY_HASH };
  const p = signProposal(A, RUNTIME, CHAIN, header, [EMPTY_HASH]);
  verifyProposal(p, RUNTIME, CHAIN, GENESIS);
  throwsCode(() => verifyProposal(p, RUNTIME, 'c1'.repeat(32), GENESIS), RoothashError.INVALID_PROPOSAL);
  const stale = signProposal(A, RUNTIME, CHAIN, { ...header, round: 2n });
  throwsCode(() => verifyProposal(stale, RUNTIME, CHAIN, GENESIS), RoothashError.INVALID_PROPOSAL);
  throwsCode(() => decodeProposal(new Uint8Array([0xa1, 0x61])), RoothashError.MALFORMED);
});
