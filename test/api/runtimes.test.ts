// The runtime methods of the API (issue 6) over a real chain with a registered, elected runtime:
// getRuntimes, getRuntime, getRuntimeBlock, getCommittees, getNode and getRoundResults through the
// typed client and as raw JSON-RPC, with bad params (-32602) and unknown runtimes (-32000, data
// naming roothash's UNKNOWN_RUNTIME).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { ApiError, type ApiServer, RpcCode } from '../../src/api/index.js';
import { ClientError, TandemClient } from '../../src/client/index.js';
import { bytesEqual, decodeWith, hash, toHex, utf8 } from '../../src/common/index.js';
import type { ChainApp } from '../../src/domains/index.js';
import { runtimeCodec } from '../../src/services/registry/index.js';
import { blockHeaderHash, RoothashError } from '../../src/services/roothash/index.js';
import { type Committee, Role } from '../../src/services/scheduler/index.js';
import { byRole, entities, nodes, queries, RUNTIME, runtime } from '../domains/runtime-chain-fixture.js';
import { type Msg, post, rpc } from './helpers.js';
import { startRuntimeApi } from './runtime-api.js';

let app: ChainApp;
let committee: Committee;
let server: ApiServer;
let client: TandemClient;

before(async () => {
  ({ app, committee, server } = await startRuntimeApi());
  client = new TandemClient({ url: server.url, timeoutMs: 5000 });
});
after(async () => {
  await client.close();
  await server.close();
});

const call = async (method: string, params: unknown): Promise<Msg> =>
  (await post(server.url, JSON.stringify(rpc(method, params)))).json;

test('getRuntimes and getRuntime: the registry descriptor (with its CBOR) and roothash chain', async () => {
  const all = await client.getRuntimes();
  assert.equal(all.length, 1);
  const rt = await client.getRuntime(RUNTIME);
  assert.deepEqual(all[0], rt);
  assert.ok(rt.descriptor && rt.chain);
  assert.deepEqual(rt.descriptor.entity_id, entities[0]!.publicKey);
  assert.deepEqual(decodeWith(runtimeCodec, rt.descriptor.cbor), runtime());
  assert.equal(rt.descriptor.suspended, false);
  assert.equal(rt.descriptor.active_version, '1.0.0');
  const st = (await queries(app).runtimeStatus(RUNTIME))!;
  assert.equal(rt.chain.round, st.round);
  assert.equal(rt.chain.last_normal_round, st.round, 'the round above was normal');
  assert.equal(rt.chain.latest_height, Number(app.committed.height));
  assert.deepEqual(rt.chain.latest_block_hash, blockHeaderHash(st.latest_block));
});

test('getRuntimeBlock: latest, by round when kept (latest, genesis), null otherwise', async () => {
  const st = (await queries(app).runtimeState(RUNTIME))!;
  const latest = await client.getRuntimeBlock(RUNTIME);
  assert.ok(latest);
  assert.equal(latest.round, st.last_block.round);
  assert.equal(latest.header_type, 'normal');
  assert.deepEqual(latest.hash, blockHeaderHash(st.last_block));
  assert.deepEqual(latest.state_root, st.last_block.state_root);
  assert.deepEqual(await client.getRuntimeBlock(RUNTIME, st.last_block.round), latest);
  const g = await client.getRuntimeBlock(RUNTIME, st.genesis_block.round);
  assert.deepEqual(g?.hash, blockHeaderHash(st.genesis_block));
  assert.equal(await client.getRuntimeBlock(RUNTIME, st.last_block.round - 1n), null, 'not kept');
  assert.equal(await client.getRuntimeBlock(RUNTIME, 2n ** 64n - 1n), null);
});

test('getCommittees: the current epoch by default, another epoch on request, none when not kept', async () => {
  const now = await client.getCommittees(RUNTIME);
  assert.equal(now.epoch, 2);
  const ex = now.committees.find((c) => c.kind === 'executor');
  assert.ok(ex);
  assert.equal(ex.valid_for, 2);
  const workers = ex.members.filter((m) => m.role === 'worker').map((m) => m.public_key);
  assert.deepEqual(workers, byRole(committee, Role.worker));
  assert.deepEqual(await client.getCommittees(RUNTIME, 2), now);
  assert.deepEqual(await client.getCommittees(RUNTIME, 0), { epoch: 0, committees: [] });
});

test('getNode: the descriptor summary and the registry status; unknown nodes are null', async () => {
  const id = nodes[0]!.id.publicKey;
  const n = await client.getNode(id);
  assert.ok(n);
  assert.deepEqual(n.entity_id, entities[0]!.publicKey);
  assert.deepEqual(n.consensus_id, nodes[0]!.consensus.publicKey);
  assert.deepEqual(n.runtimes, [RUNTIME]);
  assert.equal(n.roles, 1);
  assert.ok(n.status);
  assert.equal(n.status.freeze_end_time, 0n);
  assert.equal(await client.getNode(hash(utf8('nobody'))), null);
});

test('getRoundResults: the last normal round with its good nodes', async () => {
  const r = await client.getRoundResults(RUNTIME);
  assert.ok(r);
  const st = (await queries(app).runtimeStatus(RUNTIME))!;
  assert.equal(r.round, st.last_normal_round);
  assert.equal(r.height, Number(app.committed.height));
  assert.deepEqual(r.messages, []);
  assert.deepEqual(r.message_results, []);
  assert.equal(r.message_results_complete, true);
  const workers = byRole(committee, Role.worker);
  assert.equal(r.good_compute_nodes.length, workers.length);
  for (const w of workers) assert.ok(r.good_compute_nodes.some((g) => bytesEqual(g, w)));
  assert.deepEqual(r.bad_compute_nodes, []);
});

test('an unknown runtime id is a -32000 error naming roothash UNKNOWN_RUNTIME; the client keeps it', async () => {
  const other = toHex(hash(utf8('no such runtime')));
  for (const [method, params] of [
    ['getRuntime', { id: other }],
    ['getRuntimeBlock', { id: other }],
    ['getCommittees', { id: other, epoch: 1 }],
    ['getRoundResults', { id: other }],
  ] as const) {
    const r = await call(method, params);
    assert.equal(r.error.code, RpcCode.APPLICATION, method);
    assert.equal(r.error.data.module, RoothashError.MODULE);
    assert.equal(r.error.data.code, RoothashError.UNKNOWN_RUNTIME);
  }
  await assert.rejects(client.getRuntime(hash(utf8('x'))), (e: unknown) => {
    assert.ok(e instanceof ClientError);
    return (
      e.rpcCode === RpcCode.APPLICATION && e.isRemote(RoothashError.MODULE, RoothashError.UNKNOWN_RUNTIME)
    );
  });
});

test('bad params are -32602 (api INVALID_PARAMS): wrong types, bad hex, wrong lengths, extra fields', async () => {
  const id = toHex(RUNTIME);
  const cases: [string, unknown][] = [
    ['getRuntime', {}],
    ['getRuntime', { id: 7 }],
    ['getRuntime', { id: id.slice(2) }],
    ['getRuntime', { id: `${id}00` }],
    ['getRuntime', { id: id.replace(/^../, 'zz') }],
    ['getRuntime', { id, extra: 1 }],
    ['getRuntime', [id]],
    ['getRuntimes', { id }],
    ['getRuntimeBlock', { id, round: 3 }],
    ['getRuntimeBlock', { id, round: '-1' }],
    ['getRuntimeBlock', { id, round: '01' }],
    ['getRuntimeBlock', { id, round: (2n ** 64n).toString() }],
    ['getCommittees', { id, epoch: '2' }],
    ['getCommittees', { id, epoch: -1 }],
    ['getCommittees', { id, epoch: 1.5 }],
    ['getNode', { id: null }],
    ['getRoundResults', { id: 'x'.repeat(10_000) }],
  ];
  for (const [method, params] of cases) {
    const r = await call(method, params);
    assert.equal(r.error?.code, RpcCode.INVALID_PARAMS, `${method} ${JSON.stringify(params).slice(0, 80)}`);
    assert.equal(r.error.data.module, ApiError.MODULE);
    assert.equal(r.error.data.code, ApiError.INVALID_PARAMS);
  }
  assert.equal((await call('getRuntime', { id })).result.id, id, 'the server still serves');
});
