// The VED membership computation (APE-6, APE-7, APE-8): determinism, invariants and the power cap.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compareBytes, toHex } from '../../../src/common/index.js';
import { MAX_TOTAL_POWER, ValidatorSet } from '../../../src/consensus/bft/index.js';
import {
  type AddressedVoteAccount,
  activeAtComputation,
  computeVedMembership,
  encodeMembership,
  type MembershipInput,
  type RemapRequest,
  type VoteAccount,
  VoteError,
  type VoteStatus,
} from '../../../src/services/vote/index.js';
import { Rng } from '../../helpers/rng.js';

function randomAccount(rng: Rng, shared: Uint8Array[]): AddressedVoteAccount {
  const status = rng.pick<VoteStatus>(['inactive', 'active', 'deactivating']);
  const epochOrNull = () => (rng.chance(200) ? null : BigInt(rng.int(12)));
  // Role accounts are sometimes shared between operators, to exercise de-duplication.
  const addr = () => (rng.chance(150) ? rng.pick(shared) : rng.bytes(21));
  const account: VoteAccount = {
    node: rng.chance(30) ? new Uint8Array(32).fill(7) : rng.bytes(32), // a shared key: one member
    authority: addr(),
    feePayer: addr(),
    fund: addr(),
    pendingFund: rng.chance(300) ? { address: addr(), epoch: BigInt(rng.int(14)) } : null,
    status,
    activationEpoch: status === 'inactive' ? null : epochOrNull(),
    deactivationEpoch: status === 'deactivating' ? BigInt(rng.int(12)) : null,
    frozenUntil: 0n,
    lastReport: null,
    reportConflicts: 0n,
    credits: BigInt(rng.int(1000)),
  };
  return { address: rng.bytes(21), account };
}

function randomStake(rng: Rng): bigint {
  const r = rng.int(10);
  if (r === 0) return 0n;
  if (r === 1) return (1n << 60n) + BigInt(rng.u32()) * BigInt(rng.u32()) * BigInt(rng.u32()); // beyond the cap
  return BigInt(rng.int(5_000));
}

function randomInput(rng: Rng): MembershipInput {
  const shared = Array.from({ length: 3 }, () => rng.bytes(21));
  const voteAccounts = Array.from({ length: rng.int(41) }, () => randomAccount(rng, shared));
  const stake = new Map<string, bigint>();
  for (const a of voteAccounts) if (!rng.chance(100)) stake.set(toHex(a.address), randomStake(rng));
  const pendingRemaps: RemapRequest[] = Array.from({ length: rng.int(5) }, () => ({
    address:
      rng.chance(300) && voteAccounts.length > 0
        ? rng.pick(voteAccounts).account.fund
        : rng.pick([...shared, rng.bytes(21)]),
    to: rng.pick<'ved' | 'ued'>(['ved', 'ued']),
  }));
  return {
    epoch: BigInt(rng.int(13)),
    voteAccounts,
    stake,
    minStake: BigInt(rng.int(2_000)),
    maxValidators: rng.range(1, 50),
    pendingRemaps,
  };
}

function permuted(rng: Rng, input: MembershipInput): MembershipInput {
  const stake = new Map(rng.shuffle([...input.stake]));
  return {
    ...input,
    voteAccounts: rng.shuffle([...input.voteAccounts]),
    stake,
    pendingRemaps: rng.shuffle([...(input.pendingRemaps ?? [])]),
  };
}

function strictlySorted(xs: readonly Uint8Array[]): boolean {
  return xs.every((x, i) => i === 0 || compareBytes(xs[i - 1]!, x) < 0);
}

function checkInvariants(input: MembershipInput, m: ReturnType<typeof computeVedMembership>): void {
  assert.equal(m.epoch, input.epoch + 1n);
  assert.ok(m.members.length <= input.maxValidators!);
  assert.ok(strictlySorted(m.members.map((x) => x.voteAccount)));
  assert.ok(strictlySorted(m.validators.map((v) => v.pubKey)));
  assert.ok(strictlySorted(m.vedAccounts));
  let total = 0n;
  for (const v of m.validators) {
    assert.ok(v.power >= 1n);
    total += v.power;
  }
  assert.ok(total <= MAX_TOTAL_POWER, 'total power within the BFT cap');
  const byAddr = new Map(input.voteAccounts.map((a) => [toHex(a.address), a.account]));
  for (const x of m.members) {
    assert.ok(x.stake > input.minStake, 'APE-7: strictly more than the minimum');
    assert.ok(activeAtComputation(byAddr.get(toHex(x.voteAccount))!, input.epoch));
    if (m.powerDivisor === 1n) {
      assert.ok(m.validators.some((v) => toHex(v.pubKey) === toHex(x.node) && v.power === x.stake));
    }
  }
  // The highest stakes win: an eligible account left out has no more stake than the smallest
  // member when the membership is full, and otherwise shares a node key with a member.
  const chosenNodes = new Set(m.members.map((x) => toHex(x.node)));
  const chosen = new Set(m.members.map((x) => toHex(x.voteAccount)));
  const minChosen = m.members.map((x) => x.stake).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))[0] ?? 0n;
  for (const { address, account } of input.voteAccounts) {
    const s = input.stake.get(toHex(address)) ?? 0n;
    if (chosen.has(toHex(address)) || s <= input.minStake || !activeAtComputation(account, input.epoch))
      continue;
    assert.ok(
      chosenNodes.has(toHex(account.node)) || (m.members.length === input.maxValidators && s <= minChosen),
      `left out ${toHex(address)} stake ${s}, ${m.members.length} of ${input.maxValidators}, min ${minChosen}`,
    );
  }
}

test('computeVedMembership is deterministic: 1,000 seeded random cases, input order permuted', () => {
  const rng = new Rng(0x5e7ed);
  let capped = 0;
  let nonEmpty = 0;
  for (let i = 0; i < 1000; i++) {
    const input = randomInput(rng);
    const m = computeVedMembership(input);
    checkInvariants(input, m);
    const again = computeVedMembership(permuted(rng, input));
    assert.deepEqual(encodeMembership(again), encodeMembership(m), `case ${i}`);
    if (m.powerDivisor > 1n) capped++;
    if (m.members.length > 0) nonEmpty++;
  }
  assert.ok(capped > 50 && nonEmpty > 500, `coverage: ${capped} capped, ${nonEmpty} non-empty`);
});

function mk(i: number, stake: bigint) {
  const address = new Uint8Array(21).fill(i);
  const account: VoteAccount = {
    node: new Uint8Array(32).fill(i),
    authority: address,
    feePayer: address,
    fund: address,
    pendingFund: null,
    status: 'active',
    activationEpoch: 0n,
    deactivationEpoch: null,
    frozenUntil: 0n,
    lastReport: null,
    reportConflicts: 0n,
    credits: 0n,
  };
  return { acct: { address, account }, stake: [toHex(address), stake] as [string, bigint] };
}

test('power is linear in stake and scaled by one integer divisor past MAX_TOTAL_POWER', () => {
  const small = [mk(1, 10n), mk(2, 30n)];
  const m1 = computeVedMembership({
    epoch: 1n,
    voteAccounts: small.map((x) => x.acct),
    stake: new Map(small.map((x) => x.stake)),
    minStake: 0n,
  });
  assert.deepEqual(
    m1.validators.map((v) => v.power),
    [10n, 30n],
  );
  const big = [mk(1, 1n << 62n), mk(2, 3n << 62n), mk(3, 5n)];
  const m2 = computeVedMembership({
    epoch: 1n,
    voteAccounts: big.map((x) => x.acct),
    stake: new Map(big.map((x) => x.stake)),
    minStake: 0n,
  });
  const d = m2.powerDivisor;
  assert.ok(d > 1n);
  assert.deepEqual(
    m2.validators.map((v) => v.power),
    [(1n << 62n) / d, (3n << 62n) / d, 1n],
    'floored, with a floor of 1',
  );
  const set = new ValidatorSet(m2.validators);
  assert.ok(set.totalPower <= MAX_TOTAL_POWER, 'the BFT engine accepts the set');
});

test('computeVedMembership refuses inconsistent inputs', () => {
  const negative = mk(1, -5n);
  const base = { epoch: 1n, voteAccounts: [], stake: new Map(), minStake: 0n };
  for (const bad of [
    { ...base, epoch: -2n },
    { ...base, minStake: -1n },
    { ...base, maxValidators: 0 },
    { ...base, maxValidators: 10_001 },
    { ...base, voteAccounts: [negative.acct], stake: new Map([negative.stake]) },
    { ...base, pendingRemaps: [{ address: new Uint8Array(3), to: 'ved' as const }] },
  ]) {
    assert.throws(
      () => computeVedMembership(bad),
      (e) => VoteError.is(e, 'vote', VoteError.INVALID_MEMBERSHIP_INPUT),
    );
  }
});
