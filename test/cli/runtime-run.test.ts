// `tandem runtime run`: JSON lines in, one JSON line per block or query out.
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { kvRuntime } from '../../examples/runtimes/kv/runtime.js';
import { addressFromPublicKey, addressToString, Ed25519Signer, toHex } from '../../src/common/index.js';
import { signTx } from '../../src/runtime/sdk/index.js';
import { runCli } from '../helpers/cli.js';

const SEED = '01'.repeat(32);
const BUNDLE = 'examples/runtimes/kv/bundle';
const lines = (...xs: unknown[]) =>
  `${xs.map((x) => (typeof x === 'string' ? x : JSON.stringify(x))).join('\n')}\n`;
const parse = (s: string) =>
  s
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>);

test('runtime run: executes JSON-line transactions, prints roots, answers queries, keeps state in --state-dir', () => {
  const dir = join(mkdtempSync(join(tmpdir(), 'tandem-rt-cli-')), 'state');
  const preSigned = signTx(
    Ed25519Signer.fromSeed(new Uint8Array(32).fill(2)),
    { runtimeId: Buffer.from(kvRuntime.id, 'hex'), chainContext: '0'.repeat(64) },
    { nonce: 0n, method: 'insert', body: { key: 'b', value: 'two' } },
  );
  const r = runCli(['runtime', 'run', '--bundle', BUNDLE, '--state-dir', dir, '--batch', '2'], {
    input: lines(
      { method: 'insert', body: { key: 'a', value: 'one' }, sender_seed_hex: SEED },
      { tx_hex: toHex(preSigned) },
      { method: 'insert', body: { key: 'c', value: 'three' }, sender_seed_hex: SEED },
      { query: 'get', args: { key: 'b' } },
    ),
  });
  assert.equal(r.status, 0, r.stderr);
  const out = parse(r.stdout);
  assert.equal(out.length, 3);
  assert.equal(out[0]!.round, '1');
  assert.match(out[0]!.state_root as string, /^[0-9a-f]{64}$/);
  assert.deepEqual(
    (out[0]!.txs as { ok: unknown }[]).map((t) => t.ok),
    [null, null],
  );
  assert.equal(out[1]!.round, '2', 'the query flushed the pending batch first');
  assert.deepEqual(out[2], { line: 4, query: 'get', result: 'two' });
  const again = runCli(['runtime', 'run', '--bundle', BUNDLE, '--state-dir', dir], {
    input: lines(
      { method: 'remove', body: { key: 'a' }, sender_seed_hex: SEED },
      { query: 'get', args: { key: 'c' } },
    ),
  });
  assert.equal(again.status, 0, again.stderr);
  const out2 = parse(again.stdout);
  assert.equal(out2[0]!.round, '3', 'the state dir resumed at the last block');
  assert.deepEqual((out2[0]!.txs as { ok: unknown }[])[0]!.ok, true, 'nonce 2 came from the state');
  assert.equal(out2[1]!.result, 'three');
});

test('runtime run: bad lines give clear errors and a failing exit code; the rest still runs', () => {
  const r = runCli(['runtime', 'run', '--bundle', BUNDLE, '--unconfined'], {
    input: lines(
      'not json',
      '[1, 2]',
      { method: 'insert', body: { key: 'a', value: 'x' } },
      { method: 'insert', body: { key: 'a', value: 1.5 }, sender_seed_hex: SEED },
      { tx_hex: 'zz' },
      { method: 'insert', body: { key: 'a' }, sender_seed_hex: SEED },
      { method: 'insert', body: { key: 'a', value: 'ok' }, sender_seed_hex: SEED },
    ),
  });
  assert.equal(r.status, 1);
  assert.match(r.stderr, /NOT confined/);
  const out = parse(r.stdout);
  const errs = out.filter((o) => o.error) as {
    line: number;
    error: { module: string; code: number; message: string };
  }[];
  assert.deepEqual(
    errs.map((e) => e.line),
    [1, 2, 3, 4, 5],
  );
  for (const e of errs) assert.deepEqual([e.error.module, e.error.code], ['testhost', 7]);
  assert.match(errs[0]!.error.message, /not JSON/);
  assert.match(errs[2]!.error.message, /sender_seed_hex/);
  assert.match(errs[3]!.error.message, /safe range/);
  const rejected = out.find((o) => (o.txs as { rejected?: unknown }[] | undefined)?.[0]?.rejected);
  assert.match(JSON.stringify(rejected), /invalid body for insert/);
  assert.deepEqual(out.at(-1)!.round, '1');
  const bad = runCli(['runtime', 'run', '--bundle', '/nonexistent/bundle']);
  assert.equal(bad.status, 1);
  assert.match(bad.stderr, /^error: bundle directory/m);
});

test('runtime run: token deposits as in_msg lines, transfers and withdrawals with their staking messages', () => {
  const who = (n: number) =>
    addressToString(addressFromPublicKey(Ed25519Signer.fromSeed(new Uint8Array(32).fill(n)).publicKey));
  const r = runCli(
    ['runtime', 'run', '--bundle', 'examples/runtimes/token/bundle', '--unconfined', '--batch', '3'],
    {
      input: lines(
        { in_msg: { caller: who(1), tokens: 100 } },
        { method: 'transfer', body: { to: who(2), amount: 30 }, sender_seed_hex: SEED },
        { method: 'withdraw', body: { to: who(2), amount: 10 }, sender_seed_hex: SEED },
        { query: 'balance', args: { address: who(1) } },
        { in_msg: { caller: 'not an address' } },
      ),
    },
  );
  assert.equal(r.status, 1, 'the bad in_msg line fails the run');
  const out = parse(r.stdout);
  assert.equal(out[0]!.in_msgs, 1);
  assert.deepEqual(out[0]!.messages, [
    {
      staking: {
        v: 0,
        transfer: {
          to: toHex(addressFromPublicKey(Ed25519Signer.fromSeed(new Uint8Array(32).fill(2)).publicKey)),
          amount: '0a',
        },
      },
    },
  ]);
  assert.deepEqual(out[1], { line: 4, query: 'balance', result: 60 });
  assert.match(JSON.stringify(out[2]), /in_msg\.caller/);
});
