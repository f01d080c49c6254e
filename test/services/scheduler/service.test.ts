// The scheduler service's epoch hook (RT-8, RT-22, RT-24): committees per runtime stored and
// queried, events, the base epoch, pruning, idempotency and determinism across instances.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { toHex } from '../../../src/common/index.js';
import type { Service, ServiceEvent } from '../../../src/consensus/index.js';
import {
  type Committee,
  CommitteeKind,
  committee,
  createSchedulerService,
  EVENT_ELECTED,
  EVENT_NO_COMMITTEE,
  NODE_ROLE_COMPUTE,
  NODE_ROLE_STORAGE,
  NoCommitteeReason,
  Role,
  SchedulerError,
  SchedulerStateReader,
} from '../../../src/services/scheduler/index.js';
import { MemoryKvState } from '../../helpers/kv-state.js';
import { blockCtx } from '../beacon/context.js';
import { computeNodes, FakeRegistry, id32, insecureBeacon, runtime, runtimeId } from './fixtures.js';

const RT31 = new Uint8Array(31);
const GENESIS = { params: { max_committee_size: 100 } };
const code = (n: number) => (e: unknown) => SchedulerError.is(e, 'scheduler', n);

async function setup(reg: FakeRegistry, state = new MemoryKvState()) {
  const svc = createSchedulerService({ runtimes: reg, candidates: reg, beacon: insecureBeacon });
  await svc.initGenesis!(blockCtx(state, 0n, 0n), GENESIS);
  return { svc, state, r: new SchedulerStateReader(state) };
}

async function epoch(svc: Service, state: MemoryKvState, e: bigint) {
  const ctx = blockCtx(state, e * 10n, e);
  await svc.onEpoch!(ctx, e);
  return ctx.events;
}

function registry(): FakeRegistry {
  const reg = new FakeRegistry();
  reg.nodes = computeNodes(10);
  reg.rts = [runtime(2, 3, 2), runtime(1, 4, 0)];
  return reg;
}

/** The event about runtime `i`. */
function eventFor(events: ServiceEvent[], i: number): ServiceEvent {
  return events.find(
    (e) => toHex((e.value as { runtime_id: Uint8Array }).runtime_id) === toHex(runtimeId(i)),
  )!;
}

const roles = (c: Committee) => c.members.map((m) => m.role);

test('RT-8: never in the base epoch; epoch 1 elects every runtime in runtime-id order, stored and queryable', async () => {
  const reg = registry();
  const { svc, state, r } = await setup(reg);
  assert.deepEqual(await epoch(svc, state, 0n), []);
  assert.equal((await r.epochCommittees(0n)).length, 0);
  const events = await epoch(svc, state, 1n);
  const sorted = [runtimeId(1), runtimeId(2)].sort((a, b) => (toHex(a) < toHex(b) ? -1 : 1));
  assert.deepEqual(
    events.map((e) => [e.kind, toHex((e.value as { runtime_id: Uint8Array }).runtime_id)]),
    sorted.map((id) => [EVENT_ELECTED, toHex(id)]),
  );
  const all = await r.epochCommittees(1n);
  assert.deepEqual(
    all.map((c) => toHex(c.runtime_id)),
    sorted.map(toHex),
  );
  const c2 = (await committee(state, runtimeId(2), CommitteeKind.executor, 1n))!;
  assert.deepEqual(roles(c2), [Role.worker, Role.worker, Role.worker, Role.backupWorker, Role.backupWorker]);
  assert.equal(c2.valid_for, 1n);
  assert.deepEqual(await r.runtimeCommittees(runtimeId(2), 1n), [c2]);
  assert.equal(await committee(state, runtimeId(2), CommitteeKind.storage, 1n), null);
  assert.ok(
    reg.calls.every((c) => c.role === NODE_ROLE_COMPUTE),
    'no storage candidates asked for',
  );
});

test('RT-24: fewer candidates than the group size gives a NoCommittee event and stores nothing for it', async () => {
  const reg = registry();
  reg.rts = [runtime(1, 4), runtime(2, 11), runtime(3, 2, 11)];
  const { svc, state, r } = await setup(reg);
  const events = await epoch(svc, state, 1n);
  assert.equal(eventFor(events, 1).kind, EVENT_ELECTED);
  for (const [i, role] of [
    [2, Role.worker],
    [3, Role.backupWorker],
  ]) {
    const e = eventFor(events, i!);
    assert.equal(e.kind, EVENT_NO_COMMITTEE);
    assert.deepEqual(e.value, {
      epoch: 1n,
      runtime_id: runtimeId(i!),
      kind: CommitteeKind.executor,
      role,
      reason: NoCommitteeReason.tooFewCandidates,
    });
    assert.deepEqual(await r.runtimeCommittees(runtimeId(i!), 1n), []);
  }
});

test('RT-22: a storage committee from storage nodes only when the runtime asks for one; all or nothing', async () => {
  const reg = registry();
  const storage = computeNodes(13, (i) => i, NODE_ROLE_STORAGE).slice(10);
  reg.nodes = [...reg.nodes, ...storage];
  reg.rts = [runtime(1, 3, 1, 2), runtime(2, 3, 1, 4)];
  const { svc, state, r } = await setup(reg);
  const events = await epoch(svc, state, 1n);
  assert.deepEqual((eventFor(events, 1).value as { kinds: number[] }).kinds, [
    CommitteeKind.executor,
    CommitteeKind.storage,
  ]);
  const sc = (await committee(state, runtimeId(1), CommitteeKind.storage, 1n))!;
  const storageIds = new Set(storage.map((n) => toHex(n.id)));
  assert.deepEqual(roles(sc), [Role.storage, Role.storage]);
  assert.ok(sc.members.every((m) => storageIds.has(toHex(m.public_key))));
  const ex = (await committee(state, runtimeId(1), CommitteeKind.executor, 1n))!;
  assert.ok(ex.members.every((m) => !storageIds.has(toHex(m.public_key))));
  assert.deepEqual(eventFor(events, 2).value, {
    epoch: 1n,
    runtime_id: runtimeId(2),
    kind: CommitteeKind.storage,
    role: Role.storage,
    reason: NoCommitteeReason.tooFewCandidates,
  });
  assert.deepEqual(await r.runtimeCommittees(runtimeId(2), 1n), [], 'no executor committee without storage');
});

test('committees older than the previous epoch are dropped; a repeated epoch hook changes nothing', async () => {
  const { svc, state, r } = await setup(registry());
  for (const e of [1n, 2n, 3n]) await epoch(svc, state, e);
  assert.equal((await r.epochCommittees(1n)).length, 0);
  assert.equal((await r.epochCommittees(2n)).length, 2);
  assert.equal((await r.epochCommittees(3n)).length, 2);
  const before = state.dump();
  const writes = state.writes;
  assert.deepEqual(await epoch(svc, state, 3n), []);
  assert.deepEqual(await epoch(svc, state, 2n), []);
  assert.equal(state.dump(), before);
  assert.equal(state.writes, writes);
});

test('RT-8: two instances fed the same epochs (candidates in another order) hold identical state', async () => {
  const a = registry();
  const b = registry();
  b.nodes = [...b.nodes].reverse();
  b.rts = [...b.rts].reverse();
  const x = await setup(a);
  const y = await setup(b);
  for (let e = 1n; e <= 6n; e++) {
    const ea = await epoch(x.svc, x.state, e);
    const eb = await epoch(y.svc, y.state, e);
    assert.deepEqual(ea, eb);
  }
  assert.equal(x.state.dump(), y.state.dump());
});

test('the hooks do nothing outside the VED', async () => {
  const { svc, state } = await setup(registry());
  const writes = state.writes;
  const ctx = blockCtx(state, 10n, 1n, { domain: 'ued' });
  await svc.onEpoch!(ctx, 1n);
  await svc.initGenesis!(blockCtx(new MemoryKvState(), 0n, 0n, { domain: 'ued' }), { bad: 1 });
  assert.equal(state.writes, writes);
  assert.deepEqual(ctx.events, []);
});

test('sizes: executor group 0 or above max_committee_size give NoCommittee invalid_size', async () => {
  const reg = registry();
  reg.rts = [runtime(1, 0), runtime(2, 101), runtime(3, 2, 101)];
  const { svc, state } = await setup(reg);
  const events = await epoch(svc, state, 1n);
  assert.deepEqual(
    events.map((e) => (e.value as { reason: string }).reason),
    [1, 2, 3].map(() => NoCommitteeReason.invalidSize),
  );
});

test('max_nodes_per_entity param caps each role; a runtime constraint overrides it', async () => {
  const reg = registry();
  reg.nodes = computeNodes(10, (i) => i % 2);
  reg.rts = [
    runtime(1, 2),
    runtime(2, 3),
    runtime(3, 3, 0, 0, { constraints: { [Role.worker]: { max_nodes: 2 } } }),
  ];
  const state = new MemoryKvState();
  const svc = createSchedulerService({ runtimes: reg, candidates: reg, beacon: insecureBeacon });
  await svc.initGenesis!(blockCtx(state, 0n, 0n), {
    params: { max_committee_size: 10, max_nodes_per_entity: 1 },
  });
  const events = await epoch(svc, state, 1n);
  assert.deepEqual(
    [1, 2, 3].map((i) => eventFor(events, i).kind),
    [EVENT_ELECTED, EVENT_NO_COMMITTEE, EVENT_ELECTED],
  );
  const c3 = (await committee(state, runtimeId(3), CommitteeKind.executor, 1n))!;
  assert.equal(c3.members.length, 3);
  const c1 = (await committee(state, runtimeId(1), CommitteeKind.executor, 1n))!;
  const ents = c1.members.map((m) => reg.nodes.findIndex((n) => toHex(n.id) === toHex(m.public_key)) % 2);
  assert.deepEqual([...ents].sort(), [0, 1]);
});

test('faulty sources are refused with coded errors and leave the state unchanged', async () => {
  const reg = registry();
  const { svc, state } = await setup(reg);
  const before = state.dump();
  reg.rts = [runtime(1, 2), runtime(1, 3)];
  await assert.rejects(epoch(svc, state, 1n), code(SchedulerError.INVALID_RUNTIME));
  for (const bad of [
    runtime(1, 1.5),
    runtime(1, 2, -1),
    runtime(1, 2, 0, 70_000),
    { ...runtime(1, 2), id: RT31 },
  ]) {
    reg.rts = [bad];
    await assert.rejects(epoch(svc, state, 1n), code(SchedulerError.INVALID_RUNTIME));
  }
  reg.rts = [runtime(1, 2), runtime(2, 2)];
  reg.nodes = [...reg.nodes, reg.nodes[0]!];
  await assert.rejects(epoch(svc, state, 1n), code(SchedulerError.INVALID_CANDIDATE));
  reg.nodes = [...computeNodes(5), { ...computeNodes(6)[5]!, id: id32('short', 0).slice(1) }];
  await assert.rejects(epoch(svc, state, 1n), code(SchedulerError.INVALID_CANDIDATE));
  assert.equal(state.dump(), before);
  const fresh = createSchedulerService({ runtimes: reg, candidates: reg, beacon: insecureBeacon });
  await assert.rejects(
    fresh.onEpoch!(blockCtx(new MemoryKvState(), 10n, 1n), 1n),
    code(SchedulerError.NOT_INITIALIZED),
  );
});
