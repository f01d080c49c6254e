import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type Codec, decodeWith, encodeWith, fromHex, hash, toHex } from '../../../src/common/index.js';
import { blockHeaderCodec, computeResultsHeaderCodec } from '../../../src/runtime/rhp/index.js';
import { readVectors } from '../../helpers/paths.js';

interface StructHash {
  name: string;
  cbor_hex: string;
  expected_sha512_256_hex: string;
}

const vectors = readVectors<{ cbor_struct_hashes: StructHash[] }>('oasis-formats.json').cbor_struct_hashes;

function check(prefix: string, codec: Codec<unknown>): number {
  let n = 0;
  for (const v of vectors.filter((x) => x.name.startsWith(prefix))) {
    const bytes = fromHex(v.cbor_hex);
    const value = decodeWith(codec, bytes);
    assert.equal(toHex(encodeWith(codec, value)), v.cbor_hex, v.name);
    assert.equal(toHex(hash(bytes)), v.expected_sha512_256_hex, v.name);
    n++;
  }
  return n;
}

test('RHP vectors: block headers carried by RHP decode and re-encode exactly as Oasis hashes them', () => {
  assert.equal(check('block.Header', blockHeaderCodec as Codec<unknown>), 2);
});

test('RHP vectors: compute results headers (omitted optional fields) match Oasis', () => {
  assert.equal(check('ComputeResultsHeader', computeResultsHeaderCodec as Codec<unknown>), 2);
});
