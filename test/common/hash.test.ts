// SHA-512/256 and the MKVS node preimages from oasis-formats.json (§1.1, §1.3).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  decodeCanonical,
  EMPTY_HASH,
  EMPTY_HASH_HEX,
  fromHex,
  Hasher,
  hash,
  hashCanonicalList,
  hashParts,
  toHex,
  utf8,
} from '../../src/common/index.js';
import { readVectors } from '../helpers/paths.js';

interface Formats {
  empty_hash_hex: string;
  leaf_node_hash: {
    hash_preimage_hex: string;
    expected_hash_hex: string;
    key_utf8: string;
    value_utf8: string;
  };
  internal_node_hash: { hash_preimage_hex: string; expected_hash_hex: string };
  messages_hash_empty_list: { expected: string };
}
const v = readVectors<Formats>('oasis-formats.json');

test('§1.1 empty hash', () => {
  assert.equal(EMPTY_HASH_HEX, v.empty_hash_hex);
  assert.equal(toHex(EMPTY_HASH), v.empty_hash_hex);
  assert.equal(toHex(hash()), v.empty_hash_hex);
});

test('§1.3 leaf and internal node preimages hash to the vectors', () => {
  assert.equal(toHex(hash(fromHex(v.leaf_node_hash.hash_preimage_hex))), v.leaf_node_hash.expected_hash_hex);
  assert.equal(
    toHex(hash(fromHex(v.internal_node_hash.hash_preimage_hex))),
    v.internal_node_hash.expected_hash_hex,
  );
  // The leaf preimage is 00 ‖ u32le(len key) ‖ key ‖ u32le(len value) ‖ value, hashed in parts.
  const key = utf8(v.leaf_node_hash.key_utf8);
  const value = utf8(v.leaf_node_hash.value_utf8);
  const parts = [
    Uint8Array.of(0),
    Uint8Array.of(key.length, 0, 0, 0),
    key,
    Uint8Array.of(value.length, 0, 0, 0),
    value,
  ];
  assert.equal(toHex(hashParts(parts)), v.leaf_node_hash.expected_hash_hex);
  assert.equal(toHex(hash(...parts)), v.leaf_node_hash.expected_hash_hex);
  const h = new Hasher();
  for (const p of parts) h.update(p);
  assert.equal(toHex(h.digest()), v.leaf_node_hash.expected_hash_hex);
});

test('§8 list hash: empty and nil lists give the empty hash, others H(CBOR(list))', () => {
  assert.equal(toHex(hashCanonicalList([])), v.messages_hash_empty_list.expected);
  assert.equal(toHex(hashCanonicalList(null)), v.messages_hash_empty_list.expected);
  assert.notEqual(toHex(hashCanonicalList([1])), v.messages_hash_empty_list.expected);
  // The MessagesHash vectors are one-element lists: hashing the decoded list reproduces them.
  const all = readVectors<{
    cbor_struct_hashes: { name: string; cbor_hex: string; expected_sha512_256_hex: string }[];
  }>('oasis-formats.json').cbor_struct_hashes.filter((c) => c.name.startsWith('MessagesHash'));
  assert.equal(all.length, 2);
  for (const c of all) {
    const list = decodeCanonical(fromHex(c.cbor_hex)) as unknown[];
    assert.equal(toHex(hashCanonicalList(list)), c.expected_sha512_256_hex, c.name);
  }
});

test('hash output is a plain Uint8Array, independent between calls', () => {
  const a = hash(utf8('a'));
  const b = hash(utf8('b'));
  assert.equal(Object.getPrototypeOf(a), Uint8Array.prototype);
  assert.notEqual(toHex(a), toHex(b));
  assert.equal(a.length, 32);
});
