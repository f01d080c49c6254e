/**
 * `tandem tx transfer`, `tandem status` and `tandem block` as spawned processes against an
 * in-process local network serving its API: a transfer is confirmed and moves the balances; a
 * bad key file, a bad address, an unknown sender and a transfer beyond the balance fail with
 * coded errors and a non-zero exit; status and block print text and `--json`. The processes run
 * concurrently (each start is slow on a loaded machine) and each test awaits its own.
 */
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import {
  addressFromPublicKey,
  addressToString,
  Ed25519Signer,
  fromHex,
  loadKey,
  saveKey,
} from '../../src/common/index.js';
import {
  type InProcessLocalnet,
  LOCALNET_BALANCE,
  LOCALNET_STAKE,
  localnetUserKeyPath,
  startInProcessLocalnet,
} from '../../src/node/index.js';
import { SIM_TIMEOUTS } from '../../src/sim/index.js';
import { type CliResult, runCliAsync as spawnCli } from '../helpers/cli.js';

// Generous: a dozen CLI processes start at once, and the machine may be loaded.
const runCliAsync = (args: string[]) => spawnCli(args, { timeoutMs: 180_000 });

const dir = mkdtempSync(join(tmpdir(), 'tandem-tx-'));
let net: InProcessLocalnet;
const runs = new Map<string, Promise<CliResult>>();
const fresh = addressFromPublicKey(Ed25519Signer.generate().publicKey);
const node = Ed25519Signer.generate();
const nodeKey = join(dir, 'node.pem');
const voteAccount0 = () => addressFromPublicKey(loadKey(join(dir, 'v0', 'consensus.pem')).publicKey);
const run = (name: string) => runs.get(name)!;

before(async () => {
  net = await startInProcessLocalnet({ dir, validators: 1, timeouts: SIM_TIMEOUTS, apiPort: 0 });
  const rpc = ['--rpc', net.apis[0]!.url];
  const wait = ['--timeout', '150000'];
  const key = (d: 'ued' | 'ved', j: number) => localnetUserKeyPath(dir, d, j);
  const addr = (d: 'ued' | 'ved', j: number) =>
    addressToString(addressFromPublicKey(loadKey(key(d, j)).publicKey));
  const stranger = join(dir, 'stranger.pem');
  saveKey(stranger, Ed25519Signer.generate());
  const junk = join(dir, 'junk.pem');
  writeFileSync(junk, 'not a key\n');
  chmodSync(junk, 0o600);
  const transfer = (k: string, amount: string, extra: string[] = [], to = addressToString(fresh)) =>
    runCliAsync(['tx', 'transfer', ...rpc, ...wait, '--key', k, '--to', to, '--amount', amount, ...extra]);
  while (net.apps[0]!.committed.height < 2n) await new Promise((r) => setTimeout(r, 50));
  runs.set('ok', transfer(key('ued', 0), '1234', ['--json']));
  // Nonce 1 is submitted at the same time as the transfer's nonce 0 (two CLI processes race):
  // if it arrives first, the mempool holds it until nonce 0 is there, then both execute.
  const v0 = addressToString(voteAccount0());
  runs.set(
    'delegate',
    runCliAsync([
      'tx',
      'delegate',
      ...rpc,
      ...wait,
      '--key',
      key('ued', 0),
      '--to',
      v0,
      '--amount',
      '5000',
      '--nonce',
      '1',
    ]),
  );
  saveKey(nodeKey, node);
  runs.set(
    'vote',
    runCliAsync([
      'tx',
      'vote-account',
      'create',
      ...rpc,
      ...wait,
      '--key',
      key('ved', 1),
      '--node-key',
      nodeKey,
    ]),
  );
  runs.set('poor', transfer(key('ved', 0), String(LOCALNET_BALANCE * 2n), [], addr('ved', 1)));
  const load = ['load', ...rpc, '--key', key('ued', 1), '--tps', '4', '--duration', '1', '--senders', '2'];
  runs.set('load', runCliAsync([...load, '--json']));
  runs.set('stranger', transfer(stranger, '1'));
  runs.set('junk', transfer(junk, '1'));
  runs.set(
    'bad-to',
    runCliAsync(['tx', 'transfer', ...rpc, '--key', key('ued', 0), '--to', 'tandem1nope', '--amount', '1']),
  );
  runs.set('status', runCliAsync(['status', ...rpc]));
  runs.set('status-json', runCliAsync(['status', ...rpc, '--json']));
  runs.set('block', runCliAsync(['block', '1', ...rpc]));
  runs.set('block-json', runCliAsync(['block', '2', ...rpc, '--json']));
  runs.set('no-block', runCliAsync(['block', '999999', ...rpc]));
  runs.set('no-node', runCliAsync(['status', '--rpc', 'http://127.0.0.1:1']));
});

after(async () => {
  await Promise.allSettled(runs.values());
  await net?.stop();
  rmSync(dir, { recursive: true, force: true });
});

test('tx transfer and delegate: confirmed at the default stake threshold, receipts printed, balances and escrow moved', async () => {
  const r = await run('ok');
  assert.equal(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout.trim().split('\n').at(-1)!);
  assert.equal(out.execution.state, 'confirmed');
  assert.equal(out.execution.receipt.success, true);
  assert.equal(out.execution.receipt.domain, 'ued');
  assert.equal(out.nonce, '0');
  const tx = await net.backends[0]!.getTx(fromHex(out.hash));
  assert.ok(tx?.receipt?.success, 'the node indexed it');
  const b = net.backends[0]!;
  const d = await run('delegate');
  assert.equal(d.status, 0, d.stderr);
  assert.match(d.stdout, /^event\s+staking\.AddEscrow /m);
  const from = addressFromPublicKey(loadKey(localnetUserKeyPath(dir, 'ued', 0)).publicKey);
  const payer = await b.getAccount(from);
  assert.equal(payer.balance, LOCALNET_BALANCE - 1234n - 5000n - 20n, 'amounts and fees');
  assert.equal(payer.nonce, 2n);
  const staked = await b.getVoteAccount(voteAccount0());
  // At least: epoch rewards may have grown the escrow too, by the time the delegation lands.
  assert.ok((staked?.stake ?? 0n) >= LOCALNET_STAKE + 5000n, 'the delegation reached the escrow');
  const to = await b.getAccount(fresh);
  assert.equal(to.balance, 1234n, 'a new UED account');
  assert.equal(to.mapping, 'RW-UED');
});

test('tx transfer: a VED transfer beyond the balance executes, fails with consensus/21 and exits non-zero', async () => {
  const r = await run('poor');
  assert.notEqual(r.status, 0);
  assert.match(r.stdout + r.stderr, /insufficient balance/, r.stderr);
  assert.match(r.stdout, /result\s+failed: insufficient balance \[consensus\/21\]/);
  assert.match(r.stdout, /^domain\s+ved$/m);
  assert.match(r.stderr, /transaction failed in the ved: insufficient balance \[consensus\/21\] \[cli\/5\]/);
});

test('tx transfer: an unknown sender is refused by the node with its checkTx code', async () => {
  const r = await run('stranger');
  assert.notEqual(r.status, 0);
  assert.match(r.stderr, /fee payer has no account in the ued \[consensus\/21\]/);
});

test('tx transfer: a bad key file and a bad address are refused before anything is sent', async () => {
  const junk = await run('junk');
  assert.notEqual(junk.status, 0);
  assert.match(junk.stderr, /cannot use key file .*junk\.pem.*\[cli\/1\]/);
  const bad = await run('bad-to');
  assert.notEqual(bad.status, 0);
  assert.match(bad.stderr, /--to "tandem1nope" is not an address.*\[cli\/2\]/);
});

test('status and block: human and --json output; a missing block and an unreachable node are coded', async () => {
  const s = await run('status');
  assert.equal(s.status, 0, s.stderr);
  assert.match(s.stdout, new RegExp(`^chain\\s+${net.chainId}$`, 'm'));
  assert.match(s.stdout, /^halted\s+no$/m);
  const sj = await run('status-json');
  assert.equal(sj.status, 0, sj.stderr);
  const st = JSON.parse(sj.stdout);
  assert.equal(st.chain_id, net.chainId);
  assert.equal(st.peers, 0);
  assert.ok(st.height >= 2);
  const b = await run('block');
  assert.equal(b.status, 0, b.stderr);
  assert.match(b.stdout, /^height\s+1$/m);
  assert.match(b.stdout, /^hash\s+[0-9a-f]{64}$/m);
  const bj = await run('block-json');
  assert.equal(bj.status, 0, bj.stderr);
  const blk = JSON.parse(bj.stdout);
  assert.equal(blk.height, 2);
  assert.deepEqual(fromHex(blk.hash), (await net.backends[0]!.getBlock(2))!.hash);
  const none = await run('no-block');
  assert.notEqual(none.status, 0);
  assert.match(none.stderr, /no block at height 999999 \[cli\/7\]/);
  const down = await run('no-node');
  assert.notEqual(down.status, 0);
  assert.match(down.stderr, /\[cli\/4\]/);
});

test('APE-7 tx vote-account create: the VED vote program records the account with its node key', async () => {
  const r = await run('vote');
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^domain\s+ved$/m);
  const va = await net.backends[0]!.getVoteAccount(addressFromPublicKey(node.publicKey));
  assert.deepEqual(va?.node_id, node.publicKey);
  assert.equal(va?.stake, 0n);
});

test('load: funds its senders, submits at the rate and reports throughput and latency as JSON', async () => {
  const r = await run('load');
  assert.equal(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout.trim().split('\n').at(-1)!);
  assert.equal(out.submitted, 4);
  assert.equal(out.senders, 2);
  assert.equal(out.final + out.rejected, 4, JSON.stringify(out));
  assert.ok(out.final >= 1);
  assert.ok(out.p50_final_ms > 0 && out.p99_final_ms >= out.p50_final_ms);
  assert.ok(out.achieved_tps > 0);
  assert.match(r.stderr, /funding 2 sender accounts/);
});
