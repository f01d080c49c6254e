// The scheduler's state: key layout (prefix 0x43), committee codec rules, strict decoding of
// stored values (malformed state is refused with a coded error) and genesis checks.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { concatBytes, encodeCanonical, encodeWith, toHex, u64be } from '../../../src/common/index.js';
import {
  type Committee,
  CommitteeKind,
  committeeCodec,
  committeeKey,
  createSchedulerService,
  epochStateKey,
  paramsKey,
  parseCommitteeKey,
  Role,
  SchedulerError,
  SchedulerStateReader,
  SchedulerStateWriter,
  validateCommittee,
} from '../../../src/services/scheduler/index.js';
import { MemoryKvState } from '../../helpers/kv-state.js';
import { blockCtx } from '../beacon/context.js';
import { FakeRegistry, id32, insecureBeacon, runtimeId } from './fixtures.js';

const code = (n: number) => (e: unknown) => SchedulerError.is(e, 'scheduler', n);
const RT = runtimeId(1);

function sample(epoch = 4n): Committee {
  return {
    kind: CommitteeKind.executor,
    members: [
      { role: Role.worker, public_key: id32('n', 0) },
      { role: Role.worker, public_key: id32('n', 1) },
      { role: Role.backupWorker, public_key: id32('n', 0) },
    ],
    runtime_id: RT,
    valid_for: epoch,
  };
}

test('keys: 43 01 params, 43 02 epoch state, 43 03 ‖ u64be(epoch) ‖ runtime ‖ kind; parse inverts', () => {
  assert.equal(toHex(paramsKey), '4301');
  assert.equal(toHex(epochStateKey), '4302');
  const k = committeeKey(7n, RT, 2);
  assert.deepEqual(k, concatBytes(Uint8Array.of(0x43, 0x03), u64be(7n), RT, Uint8Array.of(2)));
  assert.deepEqual(parseCommitteeKey(k), { epoch: 7n, runtimeId: RT, kind: 2 });
  assert.throws(() => parseCommitteeKey(k.slice(1)), code(SchedulerError.CORRUPT_STATE));
  assert.throws(() => committeeKey(-1n, RT, 1), code(SchedulerError.INVALID_ARGUMENT));
  assert.throws(() => committeeKey(2n ** 64n, RT, 1), code(SchedulerError.INVALID_ARGUMENT));
  assert.throws(() => committeeKey(1n, RT.slice(1), 1), code(SchedulerError.INVALID_ARGUMENT));
  assert.throws(() => committeeKey(1n, RT, 0), code(SchedulerError.INVALID_ARGUMENT));
});

test('committee rules: known kind, workers first, roles of the kind, no repeats, not empty', () => {
  assert.doesNotThrow(() => validateCommittee(sample()));
  const bad = (c: Partial<Committee>) =>
    assert.throws(() => validateCommittee({ ...sample(), ...c }), code(SchedulerError.INVALID_COMMITTEE));
  const m = sample().members;
  bad({ kind: 0 });
  bad({ kind: 3 });
  bad({ members: [] });
  bad({ members: [m[2]!, m[0]!] });
  bad({ members: [m[0]!, m[2]!, m[1]!] });
  bad({ members: [m[0]!, m[0]!] });
  bad({ members: [m[0]!, { role: Role.storage, public_key: id32('s', 0) }] });
  bad({ kind: CommitteeKind.storage });
  assert.doesNotThrow(() =>
    validateCommittee({
      ...sample(),
      kind: CommitteeKind.storage,
      members: [{ role: 3, public_key: id32('s', 0) }],
    }),
  );
});

test('malformed stored committees are refused with CORRUPT_STATE', async () => {
  const state = new MemoryKvState();
  const w = new SchedulerStateWriter(state);
  const r = new SchedulerStateReader(state);
  w.setCommittee(sample());
  assert.deepEqual(await r.committee(RT, CommitteeKind.executor, 4n), sample());
  const key = committeeKey(4n, RT, CommitteeKind.executor);
  const wire = committeeCodec.toCbor(sample(), '') as Record<string, unknown>;
  const cases: Uint8Array[] = [
    Uint8Array.of(0xff, 0x00),
    encodeCanonical({ ...wire, extra: 1 }),
    encodeCanonical({ ...wire, members: [] }),
    encodeCanonical({ ...wire, kind: 9 }),
    encodeWith(committeeCodec, sample(5n)),
    encodeWith(committeeCodec, { ...sample(), runtime_id: runtimeId(2) }),
    encodeWith(committeeCodec, {
      ...sample(),
      kind: CommitteeKind.storage,
      members: [{ role: 3, public_key: RT }],
    }),
  ];
  for (const v of cases) {
    state.set(key, v);
    await assert.rejects(r.committee(RT, CommitteeKind.executor, 4n), code(SchedulerError.CORRUPT_STATE));
    await assert.rejects(r.epochCommittees(4n), code(SchedulerError.CORRUPT_STATE));
  }
  state.delete(key);
  state.set(concatBytes(committeeKey(4n, RT, 1), Uint8Array.of(0)), encodeWith(committeeCodec, sample()));
  await assert.rejects(r.epochCommittees(4n), code(SchedulerError.CORRUPT_STATE));
});

test('corrupt params or epoch state stop the epoch hook with CORRUPT_STATE and write nothing', async () => {
  for (const key of [paramsKey, epochStateKey]) {
    const state = new MemoryKvState();
    const reg = new FakeRegistry();
    const svc = createSchedulerService({ runtimes: reg, candidates: reg, beacon: insecureBeacon });
    await svc.initGenesis!(blockCtx(state, 0n, 0n), { params: { max_committee_size: 5 } });
    state.set(key, encodeCanonical({ nonsense: true }));
    const before = state.dump();
    await assert.rejects(svc.onEpoch!(blockCtx(state, 10n, 1n), 1n), code(SchedulerError.CORRUPT_STATE));
    assert.equal(state.dump(), before);
  }
});

test('genesis: malformed document, params out of range, or a second genesis are refused', async () => {
  const reg = new FakeRegistry();
  const svc = createSchedulerService({ runtimes: reg, candidates: reg });
  const state = new MemoryKvState();
  const init = (g: unknown) => svc.initGenesis!(blockCtx(state, 0n, 0n), g);
  await assert.rejects(init({}), code(SchedulerError.INVALID_GENESIS));
  await assert.rejects(
    init({ params: { max_committee_size: 5, debug: true } }),
    code(SchedulerError.INVALID_GENESIS),
  );
  await assert.rejects(init({ params: { max_committee_size: -1 } }), code(SchedulerError.INVALID_GENESIS));
  await assert.rejects(init({ params: { max_committee_size: 0 } }), code(SchedulerError.INVALID_PARAMS));
  await assert.rejects(init({ params: { max_committee_size: 70_000 } }), code(SchedulerError.INVALID_PARAMS));
  assert.equal(state.size, 0);
  await init({ params: { max_committee_size: 5 } });
  assert.deepEqual(await new SchedulerStateReader(state).epochState(), { base_epoch: 0n });
  await assert.rejects(init({ params: { max_committee_size: 5 } }), code(SchedulerError.INVALID_GENESIS));
});
