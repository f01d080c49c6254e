// Roothash formats against the Oasis vectors (spec/oasis.md §3.1, §3.2, §8, §10): block header and
// compute-results header hashes byte for byte, message hashes, and the signature context strings.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  EMPTY_HASH,
  encodeWith,
  fromHex,
  hash,
  toHex,
  withContextPrefix,
} from '../../../src/common/index.js';
import {
  blockHeaderHash,
  computeResultsHash,
  computeResultsHeaderCodec,
  computeResultsHeaderContext,
  decodeBlockHeader,
  encodeBlockHeader,
  executorCommitmentContext,
  messagesHash,
  proposalContext,
  type RuntimeMessage,
  storageReceiptContext,
} from '../../../src/services/roothash/index.js';
import { readVectors } from '../../helpers/paths.js';

interface StructHash {
  name: string;
  cbor_hex: string;
  expected_sha512_256_hex: string;
}
interface Formats {
  cbor_struct_hashes: StructHash[];
  messages_hash_empty_list: { expected: string };
}
const v = readVectors<Formats>('oasis-formats.json');
const vec = (prefix: string) => v.cbor_struct_hashes.find((c) => c.name.startsWith(prefix))!;
const zero32 = new Uint8Array(32);

test('§3.1 zero-value block header: CBOR and hash match the vector', () => {
  const want = vec('block.Header zero value');
  const h = {
    version: 0,
    namespace: zero32,
    round: 0n,
    timestamp: 0n,
    header_type: 0,
    previous_hash: zero32,
    io_root: zero32,
    state_root: zero32,
    messages_hash: zero32,
    in_msgs_hash: zero32,
  };
  assert.equal(toHex(encodeBlockHeader(h)), want.cbor_hex);
  assert.equal(toHex(blockHeaderHash(h)), want.expected_sha512_256_hex);
});

test('§3.1 populated block header (RoundFailed, v42, round 1000) matches the vector', () => {
  const want = vec('block.Header populated');
  const h = {
    version: 42,
    namespace: EMPTY_HASH,
    round: 1000n,
    timestamp: 1560257841n,
    header_type: 2,
    previous_hash: fromHex(vec('block.Header zero value').expected_sha512_256_hex),
    io_root: EMPTY_HASH,
    state_root: EMPTY_HASH,
    messages_hash: EMPTY_HASH,
    in_msgs_hash: EMPTY_HASH,
  };
  const enc = encodeBlockHeader(h);
  assert.equal(toHex(enc), want.cbor_hex);
  assert.equal(toHex(blockHeaderHash(h)), want.expected_sha512_256_hex);
  assert.deepEqual(decodeBlockHeader(enc), h, 'strict decode round-trips');
});

test('§3.2 compute results header: empty and populated hashes match the vectors', () => {
  const empty = vec('ComputeResultsHeader zero');
  const full = vec('ComputeResultsHeader populated');
  const e = { round: 0n, previous_hash: zero32, in_msgs_count: 0 };
  assert.equal(toHex(encodeWith(computeResultsHeaderCodec, e)), empty.cbor_hex);
  assert.equal(toHex(computeResultsHash(e)), empty.expected_sha512_256_hex);
  const f = {
    round: 42n,
    previous_hash: fromHex(empty.expected_sha512_256_hex),
    io_root: EMPTY_HASH,
    state_root: EMPTY_HASH,
    messages_hash: EMPTY_HASH,
    in_msgs_hash: EMPTY_HASH,
    in_msgs_count: 0,
  };
  assert.equal(toHex(encodeWith(computeResultsHeaderCodec, f)), full.cbor_hex);
  assert.equal(toHex(computeResultsHash(f)), full.expected_sha512_256_hex);
});

test('§8 messages hash: empty list is the empty hash; staking transfer/withdraw match the vectors', () => {
  assert.equal(toHex(messagesHash([])), v.messages_hash_empty_list.expected);
  assert.equal(toHex(messagesHash(undefined)), v.messages_hash_empty_list.expected);
  assert.notEqual(toHex(messagesHash([])), toHex(hash(Uint8Array.of(0x80))), 'not H(cbor([]))');
  const addr = new Uint8Array(21);
  const transfer: RuntimeMessage = { staking: { v: 0, transfer: { to: addr, amount: 0n } } };
  const withdraw: RuntimeMessage = { staking: { v: 0, withdraw: { from: addr, amount: 0n } } };
  assert.equal(
    toHex(messagesHash([transfer])),
    vec('MessagesHash([{staking:{v:0,transfer').expected_sha512_256_hex,
  );
  assert.equal(
    toHex(messagesHash([withdraw])),
    vec('MessagesHash([{staking:{v:0,withdraw').expected_sha512_256_hex,
  );
});

test('§3.2/§10 signature contexts: runtime suffix before chain separation; Tandem prefix by default', () => {
  const rt = fromHex('8000000000000000000000000000000000000000000000000000000000000001');
  const chain = 'ab'.repeat(32);
  const rtHex = toHex(rt);
  withContextPrefix('oasis-core', () => {
    assert.equal(
      executorCommitmentContext(rt, chain),
      `oasis-core/roothash: executor commitment for runtime ${rtHex} for chain ${chain}`,
    );
    assert.equal(
      proposalContext(rt, chain),
      `oasis-core/roothash: proposal for runtime ${rtHex} for chain ${chain}`,
    );
    assert.equal(computeResultsHeaderContext(), 'oasis-core/roothash: compute results header');
  });
  assert.equal(
    executorCommitmentContext(rt, chain),
    `tandem/roothash: executor commitment for runtime ${rtHex} for chain ${chain}`,
  );
  assert.equal(
    storageReceiptContext(rt, chain),
    `tandem/roothash: storage receipt for runtime ${rtHex} for chain ${chain}`,
  );
});
