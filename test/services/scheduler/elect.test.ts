// One role's election (spec/oasis.md §4): VRF ordering, the insecure keyed shuffle, filtering,
// per-entity caps, pool sizes and determinism (RT-8, RT-17).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compareBytes, concatBytes, hash, toHex, u64be, utf8 } from '../../../src/common/index.js';
import { committeeSortKey } from '../../../src/services/beacon/index.js';
import {
  type Candidate,
  CommitteeKind,
  type ElectionInput,
  electCommittee,
  keyedShuffle,
  NoCommitteeReason,
  Role,
  SchedulerError,
  shuffleSeed,
} from '../../../src/services/scheduler/index.js';
import { Rng } from '../../helpers/rng.js';
import { computeNodes, id32, runtimeId, testBeaconValue } from './fixtures.js';

const CC = 'tandem-test-chain';
const RT = runtimeId(1);
const beta = (i: number, salt = 0): Uint8Array =>
  concatBytes(id32('beta', i * 1000 + salt), id32('beta2', i));
const withBeta = (cs: Candidate[]): Candidate[] => cs.map((c, i) => ({ ...c, beta: beta(i) }));

function input(over: Partial<ElectionInput>): ElectionInput {
  return {
    chainContext: CC,
    epoch: 5n,
    runtimeId: RT,
    kind: CommitteeKind.executor,
    role: Role.worker,
    size: 3,
    candidates: [],
    beacon: { backend: 'insecure', value: testBeaconValue(5n) },
    ...over,
  };
}

const hexes = (r: ReturnType<typeof electCommittee>): string[] => {
  assert.ok(r.ok, 'expected a committee');
  return r.nodes.map(toHex);
};

test('RT-8: same inputs give the same committee; the candidates order does not matter (both backends)', () => {
  const rng = new Rng(7);
  const cands = withBeta(computeNodes(20));
  for (const beacon of [
    { backend: 'insecure', value: testBeaconValue(9n) } as const,
    { backend: 'vrf' } as const,
  ]) {
    const want = hexes(electCommittee(input({ candidates: cands, beacon, size: 7 })));
    assert.equal(new Set(want).size, 7);
    for (let k = 0; k < 20; k++) {
      const shuffled = rng.shuffle([...cands].map((c) => ({ ...c })));
      assert.deepEqual(hexes(electCommittee(input({ candidates: shuffled, beacon, size: 7 }))), want);
    }
  }
});

test('RT-8: VRF order equals sorting by committeeSortKey ascending, per role', () => {
  const cands = withBeta(computeNodes(15));
  for (const role of [Role.worker, Role.backupWorker]) {
    const want = [...cands]
      .map((c) => ({ c, k: committeeSortKey(CC, 5n, RT, CommitteeKind.executor, role, c.beta!) }))
      .sort((a, b) => compareBytes(a.k, b.k))
      .slice(0, 6)
      .map((x) => toHex(x.c.id));
    assert.deepEqual(
      hexes(electCommittee(input({ candidates: cands, role, size: 6, beacon: { backend: 'vrf' } }))),
      want,
    );
  }
});

test('insecure order restated: SHA-512/256 counter-mode stream, rejection sampling, Fisher–Yates over ids', () => {
  const beacon = testBeaconValue(3n);
  const seed = hash(utf8('tandem:scheduler/shuffle'), beacon, RT, Uint8Array.of(1, 2));
  assert.deepEqual(shuffleSeed(beacon, RT, CommitteeKind.executor, Role.backupWorker), seed);
  const ids = computeNodes(30).map((c) => c.id);
  const words: number[] = [];
  for (let i = 0; i < 8; i++) {
    const b = hash(seed, u64be(i));
    for (let j = 0; j < 32; j += 4) words.push(new DataView(b.buffer, b.byteOffset).getUint32(j));
  }
  const out = [...ids].sort(compareBytes);
  for (let i = out.length - 1; i > 0; i--) {
    const m = i + 1;
    const limit = 2 ** 32 - (2 ** 32 % m);
    let x = words.shift()!;
    while (x >= limit) x = words.shift()!;
    const j = x % m;
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  assert.deepEqual(keyedShuffle(ids, (x) => x, seed).map(toHex), out.map(toHex));
});

test('workers and backups are elected independently: the insecure orders differ by role', () => {
  const cands = computeNodes(40);
  const w = hexes(electCommittee(input({ candidates: cands, size: 40 })));
  const b = hexes(electCommittee(input({ candidates: cands, size: 40, role: Role.backupWorker })));
  assert.deepEqual([...w].sort(), [...b].sort());
  assert.notDeepEqual(w, b);
});

test('RT-17: without a proof, frozen, not yet eligible or without the compute role: never elected', () => {
  const base = withBeta(computeNodes(10));
  const bad: Candidate[] = [
    { ...computeNodes(11)[10]! },
    { ...base[0]!, id: id32('frozen', 0), frozen: true },
    { ...base[1]!, id: id32('late', 0), election_eligible_after: 5n },
    { ...base[2]!, id: id32('storage-only', 0), roles: 1 << 5 },
  ];
  const badIds = new Set(bad.map((c) => toHex(c.id)));
  for (const beacon of [
    { backend: 'vrf' } as const,
    { backend: 'insecure', value: testBeaconValue(5n) } as const,
  ]) {
    const got = hexes(electCommittee(input({ candidates: [...bad, ...base], size: 10, beacon })));
    // Only the VRF backend needs a proof: with the insecure beacon the unproved node is eligible.
    const never = beacon.backend === 'vrf' ? badIds : new Set([...badIds].slice(1));
    assert.equal(got.filter((h) => never.has(h)).length, 0);
  }
  const justEligible = { ...base[1]!, id: id32('ok', 0), election_eligible_after: 4n };
  assert.ok(
    hexes(electCommittee(input({ candidates: [justEligible], size: 1 }))).includes(toHex(justEligible.id)),
  );
});

test('RT-24: fewer eligible candidates than the size gives no committee', () => {
  const cands = withBeta(computeNodes(4));
  assert.deepEqual(electCommittee(input({ candidates: cands, size: 5 })), {
    ok: false,
    reason: NoCommitteeReason.tooFewCandidates,
  });
  const noBeta = [...cands.slice(0, 4), ...computeNodes(6).slice(4)];
  assert.equal(electCommittee(input({ candidates: noBeta, size: 5, beacon: { backend: 'vrf' } })).ok, false);
  assert.deepEqual(electCommittee(input({ candidates: [], size: 0 })), { ok: true, nodes: [] });
});

test('max_nodes per entity: de-duplicated before electing, keeping the best sorted nodes of each entity', () => {
  const cands = withBeta(computeNodes(12, (i) => i % 3));
  const sortKey = (c: Candidate) => committeeSortKey(CC, 5n, RT, 1, 1, c.beta!);
  const x = input({ candidates: cands, size: 3, beacon: { backend: 'vrf' }, constraints: { max_nodes: 1 } });
  const got = hexes(electCommittee(x));
  for (let e = 0; e < 3; e++) {
    const best = cands.filter((_, i) => i % 3 === e).sort((a, b) => compareBytes(sortKey(a), sortKey(b)))[0]!;
    assert.ok(got.includes(toHex(best.id)), `entity ${e} keeps its best node`);
  }
  assert.equal(electCommittee({ ...x, size: 4 }).ok, false);
  const two = hexes(electCommittee({ ...x, size: 6, constraints: { max_nodes: 2 } }));
  const perEntity = [0, 1, 2].map(
    (e) => cands.filter((c, i) => i % 3 === e && two.includes(toHex(c.id))).length,
  );
  assert.deepEqual(perEntity, [2, 2, 2]);
});

test('min_pool_size: a pool below it gives no committee even when the size fits', () => {
  const cands = computeNodes(5);
  assert.deepEqual(electCommittee(input({ candidates: cands, size: 2, constraints: { min_pool_size: 6 } })), {
    ok: false,
    reason: NoCommitteeReason.poolTooSmall,
  });
  assert.equal(
    electCommittee(input({ candidates: cands, size: 2, constraints: { min_pool_size: 5 } })).ok,
    true,
  );
});

test('malformed inputs are refused with coded errors', () => {
  const c = computeNodes(3);
  const code = (n: number) => (e: unknown) => SchedulerError.is(e, 'scheduler', n);
  assert.throws(
    () => electCommittee(input({ candidates: [c[0]!, c[0]!] })),
    code(SchedulerError.INVALID_CANDIDATE),
  );
  assert.throws(
    () => electCommittee(input({ candidates: [{ ...c[0]!, beta: new Uint8Array(63) }] })),
    code(SchedulerError.INVALID_CANDIDATE),
  );
  assert.throws(
    () => electCommittee(input({ candidates: [{ ...c[0]!, id: new Uint8Array(31) }] })),
    code(SchedulerError.INVALID_CANDIDATE),
  );
  assert.throws(() => electCommittee(input({ size: -1 })), code(SchedulerError.INVALID_ARGUMENT));
  assert.throws(() => electCommittee(input({ size: 1.5 })), code(SchedulerError.INVALID_ARGUMENT));
  assert.throws(() => electCommittee(input({ role: Role.storage })), code(SchedulerError.INVALID_ARGUMENT));
  assert.throws(() => electCommittee(input({ role: 9 })), code(SchedulerError.INVALID_ARGUMENT));
  assert.throws(
    () => electCommittee(input({ beacon: { backend: 'insecure', value: new Uint8Array(31) } })),
    code(SchedulerError.INVALID_ARGUMENT),
  );
});
