// The scheduler over the real beacon service (spec/oasis.md §4–5, RT-8): the insecure beacon
// value seeds the shuffle; with VRF only nodes that proved are elected, and only once the proofs
// were over a high-quality alpha.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ecvrfProve, ecvrfPublicKey, toHex } from '../../../src/common/index.js';
import type { Service } from '../../../src/consensus/index.js';
import { BeaconStateReader, createBeaconService } from '../../../src/services/beacon/index.js';
import {
  CommitteeKind,
  committee,
  createSchedulerService,
  EVENT_ELECTED,
  electCommittee,
  NODE_ROLE_COMPUTE,
  NoCommitteeReason,
  Role,
  SchedulerError,
  withBetas,
} from '../../../src/services/scheduler/index.js';
import { MemoryKvState } from '../../helpers/kv-state.js';
import { blockCtx, CHAIN_CONTEXT, txCtx } from '../beacon/context.js';
import { FakeRegistry, id32, runtime, runtimeId } from './fixtures.js';

const seeds = [1, 2, 3, 4].map((i) => new Uint8Array(32).fill(i));
const ids = seeds.map((_, i) => id32('vrf-node', i));

function registry(): FakeRegistry {
  const reg = new FakeRegistry();
  reg.nodes = ids.map((id, i) => ({ id, entity_id: id32('entity', i), roles: NODE_ROLE_COMPUTE }));
  reg.rts = [runtime(1, 3)];
  return reg;
}

async function chain(beaconGenesis: unknown) {
  const state = new MemoryKvState();
  const beacon = createBeaconService();
  const reg = registry();
  const sched = createSchedulerService({ runtimes: reg, candidates: reg });
  await beacon.initGenesis!(blockCtx(state, 0n, 0n), beaconGenesis);
  await sched.initGenesis!(blockCtx(state, 0n, 0n), { params: { max_committee_size: 10 } });
  return { state, beacon, sched, reg };
}

/** The first block of `epoch`: the beacon's hook, then the scheduler's (the composition order). */
async function step(state: MemoryKvState, beacon: Service, sched: Service, epoch: bigint) {
  const ctx = blockCtx(state, epoch * 10n, epoch);
  await beacon.onEpoch!(ctx, epoch);
  await sched.onEpoch!(ctx, epoch);
  return ctx.events.filter((e) => e.module === 'scheduler');
}

async function prove(state: MemoryKvState, beacon: Service, which: number[]) {
  const s = (await new BeaconStateReader(state).vrfState())!;
  const m = beacon.methods.find((x) => x.name === 'beacon.VRFProve')!;
  for (const i of which) {
    await m.handle(txCtx(state, s.submit_after, s.epoch, ids[i]!), {
      epoch: s.epoch,
      pi: ecvrfProve(seeds[i]!, s.alpha),
    });
  }
}

test('RT-8: with the insecure beacon the epoch value seeds the election', async () => {
  const { state, beacon, sched, reg } = await chain({
    params: { backend: 'insecure', proof_delay: 0n, alpha_hq_threshold: 1n },
  });
  const events = await step(state, beacon, sched, 1n);
  assert.equal(events[0]!.kind, EVENT_ELECTED);
  const value = await new BeaconStateReader(state).beacon(1n);
  const want = electCommittee({
    chainContext: CHAIN_CONTEXT,
    epoch: 1n,
    runtimeId: runtimeId(1),
    kind: CommitteeKind.executor,
    role: Role.worker,
    size: 3,
    candidates: reg.nodes,
    beacon: { backend: 'insecure', value },
  });
  assert.ok(want.ok);
  const got = (await committee(state, runtimeId(1), CommitteeKind.executor, 1n))!;
  assert.deepEqual(
    got.members.map((m) => toHex(m.public_key)),
    want.nodes.map(toHex),
  );
});

test('RT-17: with VRF, no election over a weak alpha; then only nodes that proved are elected', async () => {
  const { state, beacon, sched, reg } = await chain({
    params: { backend: 'vrf', proof_delay: 2n, alpha_hq_threshold: 1n },
    vrf_keys: ids.map((node, i) => ({ node, vrf: ecvrfPublicKey(seeds[i]!) })),
  });
  await prove(state, beacon, [0, 1, 2, 3]);
  const weak = await step(state, beacon, sched, 1n);
  assert.equal((weak[0]!.value as { reason: string }).reason, NoCommitteeReason.weakBeacon);
  await prove(state, beacon, [0, 2, 3]);
  // A beta the candidate source supplies itself is ignored: the beacon's proofs decide.
  reg.nodes[1] = { ...reg.nodes[1]!, beta: new Uint8Array(64) };
  const events = await step(state, beacon, sched, 2n);
  assert.equal(events[0]!.kind, EVENT_ELECTED);
  const got = (await committee(state, runtimeId(1), CommitteeKind.executor, 2n))!;
  assert.deepEqual(
    got.members.map((m) => toHex(m.public_key)).sort(),
    [0, 2, 3].map((i) => toHex(ids[i]!)).sort(),
  );
  const { betas } = await new BeaconStateReader(state).electionBetas();
  const attached = withBetas(reg.nodes, { backend: 'vrf', canElect: true, betas });
  assert.equal(attached[1]!.beta, undefined);
});

test('without beacon state the epoch hook fails with BEACON_UNAVAILABLE and writes nothing', async () => {
  const state = new MemoryKvState();
  const reg = registry();
  const sched = createSchedulerService({ runtimes: reg, candidates: reg });
  await sched.initGenesis!(blockCtx(state, 0n, 0n), { params: { max_committee_size: 10 } });
  const before = state.dump();
  await assert.rejects(sched.onEpoch!(blockCtx(state, 10n, 1n), 1n), (e) =>
    SchedulerError.is(e, 'scheduler', SchedulerError.BEACON_UNAVAILABLE),
  );
  assert.equal(state.dump(), before);
});
