// The VED account set's kept encoding and hash, and decoding by comparison with recent sets.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { compareBytes, encodeCanonical, hash, utf8 } from '../../src/common/index.js';
import { ConsensusError, VedAccountSet } from '../../src/consensus/index.js';

const is = (c: number) => (e: unknown) => ConsensusError.is(e, 'consensus', c);
const addrs = (n: number) => Array.from({ length: n }, () => new Uint8Array(randomBytes(21)));

test('VED set: encoding and hash are the canonical map of the sorted addresses, whatever the input order', () => {
  const list = addrs(300);
  const s = new VedAccountSet(7n, [...list, list[3]!, list[9]!]);
  const sorted = [...list].sort(compareBytes);
  const want = encodeCanonical({ epoch: 7n, addresses: sorted });
  assert.deepEqual(s.encode(), want);
  assert.deepEqual(s.hash(), hash(utf8('tandem/consensus: ved set'), want));
  assert.deepEqual(s.addresses(), sorted);
  assert.equal(s.size, 300);
  const r = new VedAccountSet(7n, [...list].reverse());
  assert.deepEqual(r.hash(), s.hash());
});

test('VED set: encode and hash hand out copies; changing them changes nothing', () => {
  const s = new VedAccountSet(2n, addrs(20));
  const e = s.encode();
  const h = s.hash();
  e.fill(0);
  h.fill(0);
  assert.notDeepEqual(s.encode(), e);
  assert.notDeepEqual(s.hash(), h);
  assert.deepEqual(VedAccountSet.decode(s.encode()).hash(), s.hash());
  const a = s.addresses();
  a[0]!.fill(0);
  assert.notDeepEqual(s.addresses()[0], a[0]);
});

test('VED set: decoding the same bytes again gives an equal set; other bytes are decoded strictly', () => {
  const s = new VedAccountSet(3n, addrs(50));
  const b = s.encode();
  const d1 = VedAccountSet.decode(b);
  const d2 = VedAccountSet.decode(b.slice());
  assert.deepEqual(d2.hash(), s.hash());
  assert.deepEqual(d1.addresses(), s.addresses());
  for (const a of s.addresses()) assert.equal(d2.has(a), true);
  b[b.length - 1]! ^= 1; // the last address changes: a different (valid) set
  const d3 = VedAccountSet.decode(b);
  assert.notDeepEqual(d3.hash(), s.hash());
  assert.deepEqual(d3.encode(), b);
  // The same addresses out of order, a non-minimal epoch, an extra key, a cut: all refused.
  const sorted = s.addresses();
  const swapped = [sorted[1]!, sorted[0]!, ...sorted.slice(2)];
  const unsorted = encodeCanonical({ epoch: 3n, addresses: swapped });
  assert.throws(() => VedAccountSet.decode(unsorted), is(ConsensusError.INVALID_MAPPING));
  const dup = encodeCanonical({ epoch: 3n, addresses: [sorted[0]!, ...sorted] });
  assert.throws(() => VedAccountSet.decode(dup), is(ConsensusError.INVALID_MAPPING));
  const good = s.encode();
  // `a2 65 "epoch" 03 ...`: the epoch as a one-byte argument head (18 03) is not canonical.
  const epochAt = good.indexOf(0x03, 1);
  const nonMinimal = new Uint8Array([...good.subarray(0, epochAt), 0x18, ...good.subarray(epochAt)]);
  assert.throws(() => VedAccountSet.decode(nonMinimal));
  assert.throws(() => VedAccountSet.decode(encodeCanonical({ epoch: 3n, addresses: sorted, x: 1 })));
  assert.throws(() => VedAccountSet.decode(good.subarray(0, good.length - 1)));
  assert.deepEqual(VedAccountSet.decode(good).hash(), s.hash(), 'refusals change nothing');
});

test('VED set: the next epoch from a decoded set equals the one from the original', () => {
  const s = new VedAccountSet(1n, addrs(40));
  const out = s.addresses()[5]!;
  const moves = [
    { address: out, to: 'ued' as const },
    { address: new Uint8Array(21).fill(1), to: 'ved' as const },
  ];
  const a = s.next(2n, moves);
  const b = VedAccountSet.decode(s.encode()).next(2n, moves);
  assert.deepEqual(a.hash(), b.hash());
  assert.equal(a.has(out), false);
  assert.equal(a.size, 40);
  assert.equal(a.epoch, 2n);
});

test('VED set: a wrong-sized or non-byte address is refused', () => {
  assert.throws(() => new VedAccountSet(1n, [new Uint8Array(20)]), is(ConsensusError.INVALID_KEY));
  assert.throws(() => new VedAccountSet(1n, ['x' as never]), is(ConsensusError.INVALID_KEY));
});

test('VED set: the direct encoding equals the canonical encoder at every head size; bad epochs refused', () => {
  const epochs = [0n, 23n, 24n, 255n, 256n, 65_535n, 65_536n, 2n ** 32n - 1n, 2n ** 32n, 2n ** 64n - 1n];
  for (const n of [0, 1, 23, 24, 255, 256]) {
    const list = addrs(n);
    for (const epoch of epochs) {
      const s = new VedAccountSet(epoch, list);
      const sorted = [...list].sort(compareBytes);
      assert.deepEqual(s.encode(), encodeCanonical({ epoch, addresses: sorted }), `${n} at ${epoch}`);
      assert.equal(VedAccountSet.decode(s.encode()).epoch, epoch);
    }
  }
  assert.throws(() => new VedAccountSet(-1n, addrs(2)).encode());
  assert.throws(() => new VedAccountSet(2n ** 64n, addrs(2)).hash());
});
