// Election sort keys (spec/oasis.md §4 "VRF ordering") and the TupleHash256 they are built on.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { tuplehash256 } from '@noble/hashes/sha3-addons.js';
import { toHex, u64be, utf8 } from '../../../src/common/index.js';
import { committeeSortKey, tupleHash, validatorSortKey } from '../../../src/services/beacon/index.js';

const beta = new Uint8Array(64).fill(5);
const runtime = new Uint8Array(32).fill(7);

test('TupleHash256 matches the NIST SP 800-185 samples (empty and "My Tuple App" customization)', () => {
  const x = [Uint8Array.of(0, 1, 2), Uint8Array.of(0x10, 0x11, 0x12, 0x13, 0x14, 0x15)];
  assert.equal(
    toHex(tuplehash256(x, { dkLen: 64 })),
    'cfb7058caca5e668f81a12a20a2195ce97a925f1dba3e7449a56f82201ec607311ac2696b1ab5ea2352df1423bde7bd4bb78c9aed1a853c78672f9eb23bbe194',
  );
  assert.equal(
    toHex(tuplehash256(x, { dkLen: 64, personalization: utf8('My Tuple App') })),
    '147c2191d5ed7efd98dbd96d7ab5a11692576f5fe2a5065f3e33de6bba9f3aa1c4e9a068a289c61c95aab30aee1e410b0b607de3620e24a4e3bf9852a1d4367e',
  );
});

test('committeeSortKey = TupleHash256("tandem:vrf/committee"; chain, u64be(epoch), runtime, kind, role, beta)', () => {
  const k = committeeSortKey('chain', 9n, runtime, 1, 2, beta);
  const want = tuplehash256([utf8('chain'), u64be(9n), runtime, Uint8Array.of(1), Uint8Array.of(2), beta], {
    dkLen: 32,
    personalization: utf8('tandem:vrf/committee'),
  });
  assert.deepEqual(k, want);
  assert.equal(k.length, 32);
  const oasis = tuplehash256([utf8('chain'), u64be(9n), runtime, Uint8Array.of(1), Uint8Array.of(2), beta], {
    dkLen: 32,
    personalization: utf8('oasis-core:vrf/committee'),
  });
  assert.notDeepEqual(k, oasis, 'Tandem keys never coincide with Oasis keys');
});

test('committeeSortKey binds every field: chain, epoch, runtime, kind, role and beta', () => {
  const base = toHex(committeeSortKey('chain', 9n, runtime, 1, 1, beta));
  const variants = [
    committeeSortKey('chain2', 9n, runtime, 1, 1, beta),
    committeeSortKey('chain', 10n, runtime, 1, 1, beta),
    committeeSortKey('chain', 9n, new Uint8Array(32), 1, 1, beta),
    committeeSortKey('chain', 9n, runtime, 2, 1, beta),
    committeeSortKey('chain', 9n, runtime, 1, 2, beta),
    committeeSortKey('chain', 9n, runtime, 1, 1, new Uint8Array(64)),
  ].map(toHex);
  assert.equal(new Set([base, ...variants]).size, 7);
});

test('validatorSortKey = TupleHash256("tandem:vrf/validator"; chain, u64be(epoch), beta)', () => {
  assert.deepEqual(
    validatorSortKey('chain', 3n, beta),
    tupleHash('tandem:vrf/validator', [utf8('chain'), u64be(3n), beta]),
  );
  assert.notDeepEqual(validatorSortKey('chain', 3n, beta), validatorSortKey('chain', 4n, beta));
});
