// Typed schemas: unknown fields, omitted defaults, quantities and variants, all strictly canonical.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  array,
  bytes32,
  CborError,
  decodeWith,
  EMPTY_HASH,
  encodeCanonical,
  encodeWith,
  fromHex,
  hash,
  optional,
  quantity,
  struct,
  toHex,
  u32,
  u64,
  variant,
  withDefault,
} from '../../src/common/index.js';
import { readVectors } from '../helpers/paths.js';

// Oasis's ComputeResultsHeader: optional roots, in_msgs_count omitted when 0.
const header = struct(
  {
    round: u64,
    previous_hash: bytes32,
    io_root: optional(bytes32),
    state_root: optional(bytes32),
    messages_hash: optional(bytes32),
    in_msgs_hash: optional(bytes32),
    in_msgs_count: withDefault(u32, 0),
  },
  'ComputeResultsHeader',
);

interface StructHash {
  name: string;
  cbor_hex: string;
  expected_sha512_256_hex: string;
}

test('§3.2 schema reproduces the ComputeResultsHeader vectors (zero and populated)', () => {
  const cases = readVectors<{ cbor_struct_hashes: StructHash[] }>('oasis-formats.json').cbor_struct_hashes;
  const zero = cases.find((c) => c.name.startsWith('ComputeResultsHeader zero'))!;
  const full = cases.find((c) => c.name === 'ComputeResultsHeader populated')!;
  const z = encodeWith(header, { round: 0n, previous_hash: new Uint8Array(32), in_msgs_count: 0 });
  assert.equal(toHex(z), zero.cbor_hex);
  assert.equal(toHex(hash(z)), zero.expected_sha512_256_hex);
  const f = encodeWith(header, {
    round: 42n,
    previous_hash: fromHex(zero.expected_sha512_256_hex),
    io_root: EMPTY_HASH,
    state_root: EMPTY_HASH,
    messages_hash: EMPTY_HASH,
    in_msgs_hash: EMPTY_HASH,
    in_msgs_count: 0,
  });
  assert.equal(toHex(hash(f)), full.expected_sha512_256_hex);
  assert.deepEqual(decodeWith(header, f).round, 42n);
});

test('schema decode rejects unknown fields, missing fields and wrong lengths', () => {
  const ok = { round: 1n, previous_hash: new Uint8Array(32) };
  const extra = encodeCanonical({ ...ok, bogus: 1 });
  assert.throws(
    () => decodeWith(header, extra),
    (e: unknown) => e instanceof CborError && e.code === CborError.UNKNOWN_FIELD,
  );
  const missing = encodeCanonical({ round: 1 });
  assert.throws(
    () => decodeWith(header, missing),
    (e: unknown) => e instanceof CborError && e.code === CborError.SCHEMA,
  );
  const short = encodeCanonical({ round: 1, previous_hash: new Uint8Array(31) });
  assert.throws(() => decodeWith(header, short), CborError);
});

test('schema decode rejects an explicit default value (its canonical form omits it)', () => {
  const explicit = encodeCanonical({ round: 1, previous_hash: new Uint8Array(32), in_msgs_count: 0 });
  assert.throws(
    () => decodeWith(header, explicit),
    (e: unknown) => e instanceof CborError && e.code === CborError.NON_CANONICAL,
  );
});

test('quantity: minimal big-endian bytes; leading zeros and negatives refused', () => {
  const q = struct({ amount: quantity });
  assert.equal(toHex(encodeWith(q, { amount: 0n })), 'a166616d6f756e7440');
  assert.equal(toHex(encodeWith(q, { amount: 256n })), 'a166616d6f756e74420100');
  assert.equal(decodeWith(q, fromHex('a166616d6f756e74420100')).amount, 256n);
  assert.throws(() => decodeWith(q, fromHex('a166616d6f756e7443000100')), CborError);
  assert.throws(() => encodeWith(q, { amount: -1n }), CborError);
});

test('variant: exactly one known key', () => {
  const body = variant({ Ping: struct({}), Echo: struct({ data: bytes32 }) });
  assert.deepEqual(decodeWith(body, encodeCanonical({ Ping: {} })), { Ping: {} });
  assert.throws(() => decodeWith(body, encodeCanonical({ Nope: {} })), CborError);
  assert.throws(
    () => decodeWith(body, encodeCanonical({ Ping: {}, Echo: { data: new Uint8Array(32) } })),
    CborError,
  );
  assert.throws(() => decodeWith(body, encodeCanonical({})), CborError);
});

test('array bound is enforced on decode', () => {
  const a = array(u32, 3);
  assert.deepEqual(decodeWith(a, encodeCanonical([1, 2, 3])), [1, 2, 3]);
  assert.throws(() => decodeWith(a, encodeCanonical([1, 2, 3, 4])), CborError);
});
