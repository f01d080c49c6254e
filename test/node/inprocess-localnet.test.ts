/**
 * The local network in process (issue 8): 4 validators of the real chain; a transfer submitted to
 * validator 0's mempool is included and changes the balances in every validator's UED and VED
 * trees; a restart with the same directory resumes each app at its block store's height and
 * continues the chain without a fork; an existing genesis of another size is refused; with an
 * API port each validator serves the JSON-RPC API (calls and subscriptions) over the chain.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { TandemClient } from '../../src/client/index.js';
import {
  addressFromPublicKey,
  bytesEqual,
  loadKey,
  type Signer,
  TandemError,
} from '../../src/common/index.js';
import { accountKey, decodeAccount, signTransaction } from '../../src/consensus/index.js';
import type { ChainApp } from '../../src/domains/index.js';
import {
  type InProcessLocalnet,
  LOCALNET_BALANCE,
  localnetUserKeyPath,
  NodeError,
  startInProcessLocalnet,
} from '../../src/node/index.js';
import { SIM_TIMEOUTS } from '../../src/sim/index.js';
import { quantityRaw } from '../helpers/chain-app.js';
import { until } from '../helpers/until.js';

function transfer(app: ChainApp, from: Signer, to: Uint8Array, amount: bigint): Uint8Array {
  const payer = addressFromPublicKey(from.publicKey);
  return signTransaction(from, app.programs.params.chainContext, {
    nonce: 0n,
    fee: { amount: 10n, gas: 100_000n },
    method: 'system.Transfer',
    body: { to, amount: quantityRaw(amount) },
    accounts: [
      { address: payer, writable: true },
      { address: to, writable: true },
    ],
  });
}

async function balance(app: ChainApp, domain: 'ved' | 'ued', address: Uint8Array): Promise<bigint> {
  const raw =
    domain === 'ued' ? await app.ued.get(accountKey(address)) : await app.vedTree.get(accountKey(address));
  return raw === null ? -1n : decodeAccount(raw).balance;
}

async function blockBytes(net: InProcessLocalnet, v: number, h: number): Promise<Uint8Array> {
  return (await net.drivers[v]!.o.blocks.block(BigInt(h)))!;
}

test('localnet: a transfer in validator 0 mempool reaches every validator; a restart continues without a fork', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tandem-localnet-'));
  const errors: unknown[] = [];
  const start = () =>
    startInProcessLocalnet({
      dir,
      validators: 4,
      timeouts: SIM_TIMEOUTS,
      epochInterval: 3n,
      onError: (_i, e) => errors.push(e),
    });
  let net = await start();
  try {
    await until('height 2', () => net.apps[0]!.committed.height >= 2n);
    const users = (['ued', 'ved'] as const).map((d) => ({
      d,
      from: loadKey(localnetUserKeyPath(dir, d, 0)),
      to: addressFromPublicKey(loadKey(localnetUserKeyPath(dir, d, 1)).publicKey),
    }));
    const junk = await net.mempools[0]!.add(Uint8Array.of(0xa1, 0x61, 0x78, 0x01));
    assert.equal(junk.added, false, 'a malformed transaction is refused');
    for (const u of users) {
      const r = await net.mempools[0]!.add(transfer(net.apps[0]!, u.from, u.to, 1234n));
      assert.ok(r.added, JSON.stringify(r));
    }
    const moved = async (app: ChainApp) => {
      for (const u of users) if ((await balance(app, u.d, u.to)) !== LOCALNET_BALANCE + 1234n) return false;
      return true;
    };
    await until('the transfers on every validator', async () => {
      for (const app of net.apps) if (!(await moved(app))) return false;
      return true;
    });
    await until('height 5', () => net.apps[0]!.committed.height >= 5n);
    const stopped = net.apps[0]!.committed.height;
    const old = await Promise.all([1, 2, 3, 4, 5].map((h) => blockBytes(net, 0, h)));
    await net.stop();

    net = await start();
    for (const [i, app] of net.apps.entries()) {
      assert.equal(app.committedHeight(), net.drivers[i]!.o.blocks.height(), `v${i} app matches its blocks`);
      assert.ok(await moved(app), `v${i} resumed its state, not genesis`);
    }
    assert.ok(net.resumedAt >= stopped, 'resumed at the stored height, not at genesis');
    await until('three more heights', () => net.apps[0]!.committed.height >= stopped + 3n);
    for (let h = 1; h <= 5; h++) {
      assert.ok(bytesEqual(await blockBytes(net, 0, h), old[h - 1]!), `block ${h} unchanged (no fork)`);
    }
    const h = Number(stopped + 2n);
    await until('all validators past it', () => net.apps.every((a) => a.committed.height >= BigInt(h)));
    const tip = await blockBytes(net, 0, h);
    for (let v = 1; v < 4; v++)
      assert.ok(bytesEqual(await blockBytes(net, v, h), tip), `v${v} agrees at ${h}`);
    assert.deepEqual(errors, []);
  } finally {
    await net.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('localnet: a bad configuration or a genesis of another validator count is refused', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tandem-localnet-'));
  const o = { dir, validators: 2, timeouts: SIM_TIMEOUTS };
  const isNode = (code: number) => (e: unknown) => TandemError.is(e, NodeError.MODULE, code);
  try {
    await assert.rejects(startInProcessLocalnet({ ...o, validators: 0 }), isNode(NodeError.CONFIG));
    await assert.rejects(startInProcessLocalnet({ ...o, epochInterval: 1n }), isNode(NodeError.CONFIG));
    const net = await startInProcessLocalnet(o);
    await net.stop();
    await assert.rejects(startInProcessLocalnet({ ...o, validators: 3 }), isNode(NodeError.GENESIS));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('localnet: each validator serves the API over its chain backend; a transfer through the client is confirmed', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tandem-localnet-'));
  const errors: unknown[] = [];
  const net = await startInProcessLocalnet({
    dir,
    validators: 2,
    timeouts: SIM_TIMEOUTS,
    apiPort: 0,
    onError: (_i, e) => errors.push(e),
  });
  const client = new TandemClient({ url: net.apis[1]!.url, wsUrl: net.apis[1]!.wsUrl });
  try {
    assert.equal(net.apis.length, 2);
    const heights: number[] = [];
    const sub = await client.subscribe('blocks', (b) => heights.push(b.height));
    const reports: number[] = [];
    await client.subscribe('uedReports', (r) => reports.push(r.height));
    const s = await client.status();
    assert.equal(s.chain_id, net.chainId);
    assert.equal(s.peers, 1);
    const from = loadKey(localnetUserKeyPath(dir, 'ued', 0));
    const to = addressFromPublicKey(loadKey(localnetUserKeyPath(dir, 'ued', 1)).publicKey);
    const tx = signTransaction(from, s.chain_context, {
      nonce: 0n,
      fee: { amount: 10n, gas: 100_000n },
      method: 'system.Transfer',
      body: { to, amount: quantityRaw(99n) },
      accounts: [
        { address: addressFromPublicKey(from.publicKey), writable: true },
        { address: to, writable: true },
      ],
    });
    const r = await client.submitTx(tx, { wait: 'execution', timeoutMs: 60_000 });
    assert.equal(r.execution?.state, 'confirmed');
    assert.equal(r.execution?.receipt?.success, true);
    const included = await client.getTx(r.hash);
    assert.equal(included?.height, r.execution?.height);
    assert.equal((await client.getAccount(to)).balance, LOCALNET_BALANCE + 99n);
    await until('block events', () => heights.length >= 2);
    assert.ok(
      heights.every((h, i) => i === 0 || h === heights[i - 1]! + 1),
      `in order: ${heights}`,
    );
    await until('report events', () => reports.length >= 1);
    await sub.unsubscribe();
  } finally {
    await client.close();
    await net.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  assert.deepEqual(errors, [], 'a clean run and shutdown');
});
