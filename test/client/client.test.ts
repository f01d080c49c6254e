// The typed client against a real server over a fake backend: every method round-trips its values
// (bigints beyond 2^64, bytes, bech32 addresses), submitTx waits, remote errors keep their module and
// code, subscriptions deliver decoded events until unsubscribed.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { RpcCode } from '../../src/api/index.js';
import { ClientError, TandemClient } from '../../src/client/index.js';
import { addressToString, hash, TandemError } from '../../src/common/index.js';
import { account, addr, BIG, block7, h, receipt, tx1, voteAccount } from '../api/fake-backend.js';
import { type Harness, startServer } from '../api/helpers.js';

let hx: Harness;
let client: TandemClient;
before(async () => {
  hx = await startServer({ maxSubscriptions: 4 });
  client = new TandemClient({ url: hx.server.url, wsUrl: hx.server.wsUrl, timeoutMs: 3000 });
});
after(async () => {
  await client.close();
  await hx.server.close();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

test('status, blocks, transactions, epoch and validators decode to the backend values', async () => {
  const s = await client.status();
  assert.equal(s.chain_id, 'tandem-test');
  assert.deepEqual(s.latest_block_hash, block7.hash);
  assert.equal(s.ued_lag, 1);
  assert.deepEqual(await client.getBlock(7), block7);
  assert.equal(await client.getBlock(8), null);
  assert.deepEqual(await client.getBlockByHash(block7.hash), block7);
  assert.equal(await client.getBlockByHash(h('x')), null);
  assert.deepEqual(await client.getTx(h('tx1')), tx1);
  assert.equal(await client.getTx(h('x')), null);
  assert.deepEqual(await client.getEpoch(), { epoch: 3, start_height: 6, interval: 100 });
  const vs = await client.getValidators(5);
  assert.equal(vs.height, 5);
  assert.equal(vs.total_power, BIG);
  assert.deepEqual(vs.validators[0]!.address, voteAccount.address);
  assert.equal((await client.getValidators()).height, 7);
});

test('accounts round-trip bigints and addresses (bytes or bech32 in)', async () => {
  const a = await client.getAccount(account.address);
  assert.deepEqual(a, account);
  assert.equal(a.nonce, 2n ** 64n - 1n);
  assert.deepEqual(await client.getAccount(addressToString(account.address)), account);
  assert.deepEqual(await client.getVoteAccount(voteAccount.address), voteAccount);
  assert.equal(await client.getVoteAccount(addr('nobody')), null);
  await assert.rejects(client.getAccount(Uint8Array.of(1, 2)), (e) =>
    TandemError.is(e, 'client', ClientError.INVALID_ARGUMENT),
  );
});

test('APE-19 executionStatus passes minStake and decodes states, receipts and stake', async () => {
  const c = await client.executionStatus(h('tx1'), 50n);
  assert.deepEqual(c, { state: 'confirmed', receipt, height: 7, reported_stake: 60n, total_stake: BIG });
  assert.equal(hx.backend.lastMinStake, 50n);
  const e = await client.executionStatus(h('tx1'), BIG);
  assert.equal(e.state, 'executed');
  assert.equal(hx.backend.lastMinStake, BIG, 'a minStake beyond 2^64 arrives intact');
  const p = await client.executionStatus(h('other'));
  assert.deepEqual(p, { state: 'pending', reported_stake: 0n, total_stake: BIG });
  assert.equal(hx.backend.lastMinStake, undefined, 'omitted minStake leaves the node default (APE-20)');
});

test('APE-18 a halted node reports diverged status, halted in status and 503 on /health', async () => {
  hx.backend.halted = true;
  try {
    const s = await client.executionStatus(h('tx1'), 0n);
    assert.equal(s.state, 'diverged');
    assert.equal(s.receipt, undefined);
    assert.equal((await client.status()).halted, true);
    const health = await fetch(new URL('health', hx.server.url));
    assert.equal(health.status, 503);
    assert.equal(((await health.json()) as { status: string }).status, 'halted');
  } finally {
    hx.backend.halted = false;
  }
});

test('submitTx with wait none, inclusion and execution', async () => {
  const tx = Uint8Array.of(9, 8, 7);
  const none = await client.submitTx(tx);
  assert.deepEqual(none, { hash: hash(tx) });
  const inc = await client.submitTx(tx, { wait: 'inclusion', timeoutMs: 1000 });
  assert.deepEqual(inc.hash, hash(tx));
  assert.deepEqual(inc.included!.tx, tx);
  assert.equal(inc.execution, undefined);
  const ex = await client.submitTx(tx, { wait: 'execution', minStake: BIG });
  assert.equal(ex.execution!.state, 'confirmed');
  assert.equal(ex.execution!.reported_stake, BIG);
  assert.deepEqual(ex.execution!.receipt, receipt);
});

test('remote errors become ClientErrors with the JSON-RPC code and the remote module/code', async () => {
  hx.backend.rejectTx = new TandemError('mempool', 4, 'fee too low');
  try {
    await assert.rejects(client.submitTx(Uint8Array.of(1)), (e) => {
      assert.ok(e instanceof ClientError);
      assert.equal(e.code, ClientError.RPC);
      assert.equal(e.rpcCode, RpcCode.APPLICATION);
      assert.deepEqual(e.remote, { module: 'mempool', code: 4, message: 'fee too low' });
      assert.ok(e.isRemote('mempool', 4));
      return true;
    });
  } finally {
    hx.backend.rejectTx = undefined;
  }
  await assert.rejects(
    client.rawCall('nope', {}),
    (e) => e instanceof ClientError && e.rpcCode === RpcCode.METHOD_NOT_FOUND,
  );
  await assert.rejects(
    client.getBlock(-1),
    (e) => e instanceof ClientError && e.rpcCode === RpcCode.INVALID_PARAMS,
  );
  hx.backend.fail = new Error('boom');
  try {
    await assert.rejects(client.status(), (e) => e instanceof ClientError && e.rpcCode === RpcCode.INTERNAL);
  } finally {
    hx.backend.fail = undefined;
  }
  assert.equal((await client.status()).height, 7);
});

test('subscribe delivers decoded events for every topic; unsubscribe stops them', async () => {
  const got: unknown[] = [];
  const subs = [
    await client.subscribe('blocks', (b) => got.push(b)),
    await client.subscribe('uedReports', (r) => got.push(r)),
    await client.subscribe('alerts', (a) => got.push(a)),
  ];
  const report = { validator: addr('v1'), height: 6, hash: h('ued6'), stake: BIG };
  const alert = { kind: 'divergence' as const, height: 9, message: 'APE-18 halt' };
  hx.backend.events.blocks.emit(block7);
  hx.backend.events.uedReports.emit(report);
  hx.backend.events.alerts.emit(alert);
  for (let i = 0; i < 100 && got.length < 3; i++) await sleep(5);
  assert.deepEqual(got, [block7, report, alert]);
  for (const s of subs) await s.unsubscribe();
  assert.equal(hx.backend.events.blocks.listeners.size, 0);
  hx.backend.events.blocks.emit(block7);
  await sleep(30);
  assert.equal(got.length, 3);
});

test('timeouts, unreachable servers, missing wsUrl and malformed responses give coded ClientErrors', async () => {
  hx.backend.holdWaits = true;
  try {
    const fast = new TandemClient({ url: hx.server.url, timeoutMs: 100 });
    await assert.rejects(fast.submitTx(Uint8Array.of(5), { wait: 'inclusion', timeoutMs: 50 }), (e) =>
      TandemError.is(e, 'client', ClientError.TIMEOUT),
    );
  } finally {
    hx.backend.release?.();
    hx.backend.holdWaits = false;
  }
  const noWs = new TandemClient({ url: hx.server.url });
  await assert.rejects(
    noWs.subscribe('blocks', () => {}),
    (e) => TandemError.is(e, 'client', ClientError.INVALID_ARGUMENT),
  );
  const liar = createServer((_req, res) => {
    const body = liarBodies.shift() ?? 'not json';
    res.writeHead(200, { 'content-type': 'application/json' }).end(body);
  });
  const liarBodies = [JSON.stringify({ jsonrpc: '2.0', id: 1, result: { height: 'seven' } }), 'not json'];
  await new Promise<void>((r) => liar.listen(0, '127.0.0.1', r));
  const port = (liar.address() as AddressInfo).port;
  try {
    const c = new TandemClient({ url: `http://127.0.0.1:${port}/` });
    await assert.rejects(c.getEpoch(), (e) => TandemError.is(e, 'client', ClientError.BAD_RESPONSE));
    await assert.rejects(c.getEpoch(), (e) => TandemError.is(e, 'client', ClientError.HTTP));
  } finally {
    liar.close();
  }
  const gone = new TandemClient({ url: `http://127.0.0.1:${port}/`, timeoutMs: 1000 });
  await assert.rejects(gone.status(), (e) => TandemError.is(e, 'client', ClientError.NETWORK));
});
