// The roothash program over the service contract (spec/oasis.md §3.6, RT-10, RT-12, RT-13, RT-20,
// RT-24, RT-26): ExecutorCommit transactions, end-of-block finalization, round timers, epoch
// transitions and suspension, with committees and runtime parameters injected.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  CborError,
  decodeWith,
  encodeCanonical,
  type Signed,
  type Signer,
} from '../../../src/common/index.js';
import type { BlockContext, TxContext } from '../../../src/consensus/index.js';
import {
  type Committee,
  createRoothashService,
  EVENT_DISCREPANCY,
  EVENT_LIVENESS,
  EVENT_ROUND_FAILED,
  type ExecutorCommitBody,
  executorCommitBodyCodec,
  HeaderType,
  RoothashError,
  type RoothashSources,
  type RuntimeInfo,
  type RuntimeState,
  readRoundResults,
  readRuntimeState,
  schedulerIndex,
  signStorageReceipt,
} from '../../../src/services/roothash/index.js';
import { World } from '../../helpers/service-context.js';
import { CHAIN, commit, committeeOf, key, RUNTIME, root } from './fixture.js';

const W = [key('w0'), key('w1')];
const B0 = key('b0');
const EXEC = {
  group_size: 2,
  group_backup_size: 1,
  allowed_stragglers: 0,
  round_timeout: 4n,
  max_messages: 8,
  min_live_rounds_percent: 90,
  max_missed_proposals_percent: 0,
  min_live_rounds_eval: 1n,
  max_liveness_fails: 0,
};

class Setup {
  readonly world = new World();
  committee: Committee | null = committeeOf(W, [B0]);
  info: RuntimeInfo = { executor: EXEC };
  readonly store = [key('s0'), key('s1')];
  readonly src: RoothashSources = {
    runtime: async () => this.info,
    executorCommittee: async () => this.committee,
    storageCommittee: async () => this.store.map((k) => k.publicKey),
  };
  readonly service = createRoothashService(this.src);

  block(): BlockContext {
    return { ...this.world.block({ domain: 'ved' }), chainContext: CHAIN };
  }
  tx(): TxContext {
    return { ...this.world.tx(W[0]!.publicKey), domain: 'ved', chainContext: CHAIN };
  }
  async state(): Promise<RuntimeState> {
    return (await readRuntimeState(this.world.state, RUNTIME))!;
  }
  /** Send commitments (through the strict body decoder, as the executor would). */
  async send(commits: ExecutorCommitBody['commits'], storage_receipts: Signed[] = []): Promise<void> {
    const body = { id: RUNTIME, commits, storage_receipts };
    const raw = encodeCanonical(executorCommitBodyCodec.toCbor(body, ''));
    await this.service.methods[0]!.handle(this.tx(), decodeWith(executorCommitBodyCodec, raw));
  }
  async endBlock(): Promise<void> {
    await this.service.endBlock!(this.block());
    this.world.height++;
  }
  /** The primary and the other worker of the next round. */
  async roles(): Promise<{ P: Signer; S: Signer; latest: RuntimeState['last_block'] }> {
    const st = await this.state();
    const round = st.last_block.round + 1n;
    const P = W[schedulerIndex(st.committee!, round, 0n)]!;
    return { P, S: W.find((w) => w !== P)!, latest: st.last_block };
  }
  kinds(): string[] {
    return this.world.events.map((e) => e.kind);
  }
}

async function started(): Promise<Setup> {
  const s = new Setup();
  await s.service.initGenesis!(s.block(), { runtimes: [{ id: RUNTIME, state_root: root('genesis') }] });
  return s;
}

test('RT-26 genesis: genesis block, then an EpochTransition block with the elected committee', async () => {
  const s = await started();
  const st = await s.state();
  assert.equal(st.genesis_block.round, 0n);
  assert.equal(st.last_block.header_type, HeaderType.EpochTransition);
  assert.equal(st.last_block.round, 1n);
  assert.deepEqual(st.last_block.state_root, root('genesis'));
  assert.equal(st.suspended, false);
});

test('RT-10/RT-12 ExecutorCommit from all workers → Normal block at the end of the block', async () => {
  const s = await started();
  const { P, S, latest } = await s.roles();
  await s.send([commit(P, P, latest), commit(S, P, latest)]);
  assert.equal((await s.state()).last_block.round, 1n, 'nothing final before the end of the block');
  await s.endBlock();
  const st = await s.state();
  assert.equal(st.last_block.header_type, HeaderType.Normal);
  assert.deepEqual(st.last_block.state_root, root('good'));
  assert.equal(st.next_timeout, 0n);
  assert.equal(st.liveness!.total_rounds, 1n);
  assert.equal((await readRoundResults(s.world.state, RUNTIME))!.good_compute_nodes.length, 2);
});

test('RT-13/RT-20 discrepancy: event and backup timer; the backup resolves in a later block', async () => {
  const s = await started();
  const { P, S, latest } = await s.roles();
  await s.send([commit(P, P, latest), commit(S, P, latest, { label: 'evil' })]);
  const h = s.world.height;
  await s.endBlock();
  assert.ok(s.kinds().includes(EVENT_DISCREPANCY));
  assert.equal((await s.state()).next_timeout, h + 6n, 'round_timeout 4 × 1.5');
  await s.send([commit(B0, P, latest)]);
  await s.endBlock();
  const st = await s.state();
  assert.equal(st.last_block.header_type, HeaderType.Normal);
  const res = (await readRoundResults(s.world.state, RUNTIME))!;
  assert.deepEqual(res.bad_compute_nodes, [S.publicKey]);
});

test('round timer: a missing worker → discrepancy at timeout; backups silent → RoundFailed', async () => {
  const s = await started();
  const { P, latest } = await s.roles();
  await s.send([commit(P, P, latest)]);
  const armed = (await s.state()).next_timeout;
  assert.equal(armed, s.world.height + 4n);
  await s.endBlock();
  while (s.world.height < armed) await s.endBlock();
  await s.endBlock();
  assert.ok(s.kinds().includes(EVENT_DISCREPANCY));
  const backupTimer = (await s.state()).next_timeout;
  while (s.world.height <= backupTimer) await s.endBlock();
  const st = await s.state();
  assert.equal(st.last_block.header_type, HeaderType.RoundFailed);
  assert.deepEqual(st.last_block.state_root, latest.state_root, 'state root unchanged');
  assert.ok(s.kinds().includes(EVENT_ROUND_FAILED));
  assert.equal(
    st.liveness!.missed_proposals.reduce((a, b) => a + b, 0n),
    1n,
  );
});

test('a rejected commitment fails the whole transaction and writes nothing', async () => {
  const s = await started();
  const { P, S, latest } = await s.roles();
  const writes = s.world.state.writes;
  await assert.rejects(
    s.send([commit(P, P, latest), commit(key('outsider'), P, latest)]),
    (e: unknown) => e instanceof RoothashError && e.code === RoothashError.NOT_IN_COMMITTEE,
  );
  assert.equal(s.world.state.writes, writes);
  const body = { id: new Uint8Array(32).fill(9), commits: [commit(S, P, latest)], storage_receipts: [] };
  await assert.rejects(s.service.methods[0]!.handle(s.tx(), body), (e: unknown) =>
    RoothashError.is(e, 'roothash', RoothashError.UNKNOWN_RUNTIME),
  );
  assert.throws(
    () => decodeWith(executorCommitBodyCodec, Uint8Array.of(0xa1, 0x62, 0x69, 0x64, 0x00)),
    CborError,
  );
});

test('RT-24/RT-26 no committee at an epoch → Suspended (commits refused); a committee again → resumed', async () => {
  const s = await started();
  const { P, S, latest } = await s.roles();
  await s.send([commit(P, P, latest), commit(S, P, latest)]);
  await s.endBlock();
  s.committee = null;
  await s.service.onEpoch!(s.block(), 1n);
  assert.ok(s.kinds().includes(EVENT_LIVENESS), 'liveness evaluated before the transition');
  let st = await s.state();
  assert.equal(st.last_block.header_type, HeaderType.Suspended);
  assert.equal(st.suspended, true);
  await assert.rejects(s.send([commit(P, P, st.last_block)]), (e: unknown) =>
    RoothashError.is(e, 'roothash', RoothashError.NO_COMMITTEE),
  );
  await s.service.onEpoch!(s.block(), 2n);
  assert.equal((await s.state()).last_block.round, st.last_block.round, 'no second Suspended block');
  s.committee = committeeOf(W, [B0]);
  await s.service.onEpoch!(s.block(), 3n);
  st = await s.state();
  assert.equal(st.last_block.header_type, HeaderType.EpochTransition);
  assert.equal(st.suspended, false);
});

test('RT-22 with min_write_replication the round waits for storage receipts sent in ExecutorCommit', async () => {
  const s = await started();
  s.info = { executor: EXEC, minWriteReplication: 2 };
  const { P, S, latest } = await s.roles();
  await s.send([commit(P, P, latest), commit(S, P, latest)]);
  await s.endBlock();
  assert.equal((await s.state()).last_block.round, latest.round, 'not final without receipts');
  const receipt = (k: Signer) =>
    signStorageReceipt(k, CHAIN, {
      runtime_id: RUNTIME,
      round: latest.round + 1n,
      roots: [root('io/good'), root('good')],
    });
  await s.send([], [receipt(s.store[0]!)]);
  await assert.rejects(s.send([], [receipt(s.store[0]!)]), (e: unknown) =>
    RoothashError.is(e, 'roothash', RoothashError.RECEIPT_DUPLICATE_SIGNER),
  );
  await s.endBlock();
  assert.equal((await s.state()).last_block.round, latest.round);
  await s.send([], [receipt(s.store[1]!)]);
  await s.endBlock();
  const st = await s.state();
  assert.equal(st.last_block.header_type, HeaderType.Normal);
  assert.deepEqual(st.last_block.state_root, root('good'));
});
