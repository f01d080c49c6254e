// Validator sets and CometBFT's weighted round-robin proposer selection: frequency proportional to
// power, deterministic tie-break by public key, next-height advance, updates that cannot jump the
// queue, strict construction, and a hash that commits to keys and powers.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Ed25519Signer, toHex } from '../../../src/common/index.js';
import { BftError, MAX_TOTAL_POWER, type Validator, ValidatorSet } from '../../../src/consensus/bft/index.js';
import { seed } from './engine-harness.js';

const key = (i: number) => Ed25519Signer.fromSeed(seed(i)).publicKey;
const vals = (powers: readonly bigint[]): Validator[] =>
  powers.map((power, i) => ({ pubKey: key(i), power }));
const isBft = (code: number) => (e: unknown) => e instanceof BftError && e.code === code;

/** How often each validator (by index) proposes rounds 0..rounds-1. */
function counts(set: ValidatorSet, rounds: number): number[] {
  const c = set.validators.map(() => 0);
  for (let r = 0; r < rounds; r++) c[set.proposerIndex(r)]!++;
  return c;
}

test('ValidatorSet: proposer frequency is proportional to power (1,2,3,4 over 1000 rounds, ±1)', () => {
  const set = new ValidatorSet(vals([1n, 2n, 3n, 4n]));
  const c = counts(set, 1000);
  set.validators.forEach((v, i) => {
    const exact = Number(v.power) * 100;
    assert.ok(Math.abs(c[i]! - exact) <= 1, `power ${v.power}: ${c[i]} proposals, want ${exact} ± 1`);
  });
});

test('ValidatorSet: frequency follows power for uneven powers too', () => {
  const set = new ValidatorSet(vals([1n, 10n, 100n]));
  const c = counts(set, 1110);
  set.validators.forEach((v, i) => {
    const exact = Number(v.power) * 10;
    assert.ok(Math.abs(c[i]! - exact) <= 1, `power ${v.power}: ${c[i]} proposals, want ${exact} ± 1`);
  });
});

test('ValidatorSet: equal powers take turns, ties going to the lowest public key', () => {
  const set = new ValidatorSet(vals([5n, 5n, 5n, 5n]));
  const byKey = set.validators.map((v) => toHex(v.pubKey));
  assert.deepEqual(byKey, [...byKey].sort(), 'indices follow public key order');
  assert.equal(set.proposerIndex(0), 0, 'all priorities equal: the lowest key proposes');
  const first = [0, 1, 2, 3].map((r) => set.proposerIndex(r));
  assert.deepEqual([...first].sort(), [0, 1, 2, 3], 'each proposes once per 4 rounds');
  assert.deepEqual(
    [4, 5, 6, 7].map((r) => set.proposerIndex(r)),
    first,
  );
});

test('ValidatorSet: selection is deterministic and independent of input order and query order', () => {
  const a = new ValidatorSet(vals([3n, 1n, 4n, 1n, 5n]));
  const b = new ValidatorSet([...vals([3n, 1n, 4n, 1n, 5n])].reverse());
  const seqA = Array.from({ length: 200 }, (_, r) => a.proposerIndex(r));
  const seqB = Array.from({ length: 200 }, (_, r) => 199 - r).map((r) => b.proposerIndex(r));
  assert.deepEqual(seqA, seqB.reverse());
  assert.equal(toHex(a.hash()), toHex(b.hash()));
});

test('ValidatorSet: next() advances the priorities by one round', () => {
  const set = new ValidatorSet(vals([1n, 2n, 3n, 4n]));
  const next = set.next();
  for (let r = 0; r < 20; r++) assert.equal(next.proposerIndex(r), set.proposerIndex(r + 1), `round ${r}`);
  assert.notDeepEqual(next.priorityList(), set.priorityList());
  assert.deepEqual(
    new ValidatorSet(next.validators, next.priorityList()).proposerIndex(0),
    next.proposerIndex(0),
    'priorities carry over through the constructor',
  );
});

test('ValidatorSet: withUpdates keeps priorities and a new validator does not propose at once', () => {
  const set = new ValidatorSet(vals([1n, 1n, 1n, 1n])).next().next();
  for (const power of [1n, 4n, 100n]) {
    const updated = set.withUpdates([...vals([1n, 1n, 1n, 1n]), { pubKey: key(9), power }]);
    const fresh = updated.indexOf(key(9));
    assert.ok(fresh >= 0);
    assert.notEqual(updated.proposerIndex(0), fresh, `power ${power}: not the next proposer`);
    assert.ok(updated.priorityList()[fresh]! < 0n);
    const seen = counts(updated, 520)[fresh]!; // 520 rounds: a whole number of cycles for each total
    const share = (520 * Number(power)) / Number(updated.totalPower);
    assert.ok(
      Math.abs(seen - share) <= 2,
      `power ${power}: proposes its share eventually (${seen} ≈ ${share})`,
    );
  }
  const kept = set.withUpdates(vals([1n, 1n, 1n, 1n]));
  assert.deepEqual(kept.priorityList(), set.priorityList());
  const dropped = set.withUpdates(vals([1n, 1n, 1n]));
  assert.equal(dropped.size, 3);
});

test('ValidatorSet: rejects empty sets, non-positive power, duplicates and too much power', () => {
  assert.throws(() => new ValidatorSet([]), isBft(BftError.INVALID_VALIDATOR_SET));
  assert.throws(() => new ValidatorSet(vals([1n, 0n])), isBft(BftError.INVALID_VALIDATOR_SET));
  assert.throws(() => new ValidatorSet(vals([1n, -1n])), isBft(BftError.INVALID_VALIDATOR_SET));
  const v = vals([1n])[0]!;
  assert.throws(() => new ValidatorSet([v, { ...v, power: 2n }]), isBft(BftError.INVALID_VALIDATOR_SET));
  assert.throws(() => new ValidatorSet(vals([MAX_TOTAL_POWER, 1n])), isBft(BftError.INVALID_VALIDATOR_SET));
  assert.equal(new ValidatorSet(vals([MAX_TOTAL_POWER])).totalPower, MAX_TOTAL_POWER);
});

test('ValidatorSet: hash() commits to the powers and the keys', () => {
  const base = new ValidatorSet(vals([1n, 2n, 3n])).hash();
  assert.equal(base.length, 32);
  assert.notEqual(toHex(new ValidatorSet(vals([1n, 2n, 4n])).hash()), toHex(base));
  const otherKey = [...vals([1n, 2n]), { pubKey: key(7), power: 3n }];
  assert.notEqual(toHex(new ValidatorSet(otherKey).hash()), toHex(base));
  assert.equal(
    toHex(new ValidatorSet(vals([1n, 2n, 3n])).next().hash()),
    toHex(base),
    'priorities are not hashed',
  );
});

test('ValidatorSet: indexOf finds members and returns -1 for others; huge rounds are refused', () => {
  const set = new ValidatorSet(vals([1n, 2n]));
  for (const [i, v] of set.validators.entries()) assert.equal(set.indexOf(v.pubKey), i);
  assert.equal(set.indexOf(key(5)), -1);
  assert.throws(() => set.proposerIndex(100_001), isBft(BftError.CONFIG));
});
