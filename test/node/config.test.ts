/**
 * The node's YAML config (issue 8): defaults fill every section, relative paths resolve against
 * the file, and bad input — invalid YAML, duplicate or unknown keys, wrong types, out-of-range
 * numbers, malformed multiaddrs — is one `node/1` error naming the file and each path; the
 * `tandem node` command prints it and exits non-zero before opening anything.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import {
  confirmStakeOf,
  defaultMinStake,
  loadConfig,
  NodeError,
  parseConfig,
  trustOf,
  uedGasBudgetOf,
} from '../../src/node/index.js';
import { runCli } from '../helpers/cli.js';

const BASE = 'data_dir: data\ngenesis_file: genesis.json\nkeys_dir: keys\n';

function configError(text: string, pattern: RegExp): void {
  assert.throws(
    () => parseConfig(text, 'node.yaml', '/srv'),
    (e: unknown) => e instanceof NodeError && e.code === NodeError.CONFIG && pattern.test(e.message),
  );
}

test('config: the three paths suffice; defaults fill the rest and paths resolve against the file', () => {
  const c = parseConfig(BASE, 'node.yaml', '/srv/tandem');
  assert.equal(c.data_dir, '/srv/tandem/data');
  assert.equal(c.genesis_file, '/srv/tandem/genesis.json');
  assert.equal(c.keys_dir, '/srv/tandem/keys');
  assert.equal(c.role, 'validator');
  assert.equal(c.ued.mode, 'async');
  assert.equal(c.execution_status.default_min_stake, undefined); // the genesis parameter applies
  assert.deepEqual(c.p2p.listen, ['/ip4/0.0.0.0/tcp/26656']);
  assert.equal(c.api.port, 8545);
  assert.equal(c.api.limits.max_batch, 50);
  assert.equal(c.metrics.port, 9100);
  assert.equal(c.consensus.timeouts.propose_ms, 1000);
  assert.equal(c.mempool.max_txs, 10_000);
  const abs = parseConfig(`${BASE.replace('data_dir: data', 'data_dir: /var/t')}role: full\n`, 'x', '/srv');
  assert.equal(abs.data_dir, '/var/t');
  assert.equal(abs.role, 'full');
});

test('config: invalid YAML and duplicate keys name the file', () => {
  configError('data_dir: [unclosed\n', /^node\.yaml: invalid YAML/);
  configError(`${BASE}role: full\nrole: validator\n`, /invalid YAML.*(unique|duplicate)/i);
  configError('', /must be a mapping/);
  configError('- a\n- b\n', /must be a mapping/);
});

test('config: unknown keys are errors naming their path, at any depth', () => {
  configError(`${BASE}colour: blue\n`, /\(top level\): unknown key "colour"/);
  configError(`${BASE}p2p:\n  listen: [/ip4/127.0.0.1/tcp/1]\n  peers: []\n`, /p2p: unknown key "peers"/);
  configError(
    `${BASE}api:\n  limits:\n    max_batch: 5\n    max_bach: 6\n`,
    /api\.limits: unknown key "max_bach"/,
  );
});

test('config: wrong types, ranges and formats name each path', () => {
  configError(`${BASE}api:\n  port: "8545"\n`, /api\.port: .*number/i);
  configError(`${BASE}api:\n  port: 70000\n`, /api\.port/);
  configError(`${BASE}role: miner\n`, /role: /);
  configError(`${BASE}consensus:\n  timeouts:\n    propose_ms: 0.5\n`, /consensus\.timeouts\.propose_ms/);
  configError(`${BASE}p2p:\n  listen: [not-an-addr]\n`, /p2p\.listen\.0: must be a multiaddr/);
  configError(`${BASE}p2p:\n  bootstrap: [/ip4/127.0.0.1/tcp/1]\n`, /p2p\.bootstrap\.0: must end in \/p2p/);
  configError(`${BASE}execution_status:\n  default_min_stake: 5\n`, /execution_status\.default_min_stake/);
  configError(`${BASE}execution_status:\n  default_min_stake: "150%"\n`, /default_min_stake: must be/);
  configError(`${BASE}ued:\n  mode: later\n`, /ued\.mode/);
  // Every problem is listed, not only the first.
  configError('role: 3\n', /data_dir: .*genesis_file: .*keys_dir: .*role: /);
});

test('config: tandem node with a bad config prints the coded error and exits non-zero', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tandem-config-'));
  try {
    const cases: [string, RegExp][] = [
      [`${BASE}surprise: 1\n`, /unknown key "surprise"/],
      [`${BASE}metrics:\n  port: nine\n`, /metrics\.port/],
    ];
    for (const [i, [text, want]] of cases.entries()) {
      const path = join(dir, `c${i}.yaml`);
      writeFileSync(path, text);
      const r = runCli(['node', '--config', path]);
      assert.notEqual(r.status, 0);
      assert.match(r.stderr, want);
      assert.match(r.stderr, /\[node\/1\]/);
    }
    assert.throws(() => loadConfig(join(dir, 'absent.yaml')), /absent\.yaml: cannot read/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('config: keys and genesis are checked before anything is opened', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tandem-config-'));
  try {
    const path = join(dir, 'node.yaml');
    writeFileSync(path, BASE);
    const r = runCli(['node', '--config', path]);
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /genesis\.json.*\[node\/2\]/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('APE-20 config: a percentage threshold is the app confirmation share, an amount the backend default', () => {
  const pct = parseConfig(`${BASE}execution_status:\n  default_min_stake: "34%"\n`, 'x', '/srv');
  assert.deepEqual(confirmStakeOf(pct), { numerator: 34n, denominator: 100n });
  assert.equal(defaultMinStake(pct), undefined);
  // Not configured: the genesis parameter applies (the app's default).
  assert.equal(confirmStakeOf(parseConfig(BASE, 'x', '/srv')), undefined);
  const amount = parseConfig(`${BASE}execution_status:\n  default_min_stake: "25000"\n`, 'x', '/srv');
  assert.equal(confirmStakeOf(amount), undefined);
  assert.equal(defaultMinStake(amount), 25_000n);
});

test('APE-6 config: consensus.max_block_ued_gas is the leader UED budget; a bad amount is refused', () => {
  assert.equal(uedGasBudgetOf(parseConfig(BASE, 'x', '/srv')), undefined);
  const c = parseConfig(`${BASE}consensus:\n  max_block_ued_gas: "2500000"\n`, 'x', '/srv');
  assert.equal(uedGasBudgetOf(c), 2_500_000n);
  for (const bad of ['"-5"', '"0"', '"1.5"', '12']) {
    assert.throws(
      () => parseConfig(`${BASE}consensus:\n  max_block_ued_gas: ${bad}\n`, 'x', '/srv'),
      (e: unknown) => e instanceof NodeError && /max_block_ued_gas/.test(e.message),
    );
  }
});

test('config: state_sync is off by default; its options are bounded', () => {
  const c = parseConfig(BASE, 'node.yaml', '/srv');
  assert.deepEqual(c.state_sync, {
    enabled: false,
    checkpoint_interval: 0,
    checkpoints_kept: 2,
    peer_wait_ms: 10_000,
  });
  const on = parseConfig(
    `${BASE}state_sync:\n  enabled: true\n  checkpoint_interval: 100\n`,
    'node.yaml',
    '/srv',
  );
  assert.equal(on.state_sync.enabled, true);
  assert.equal(on.state_sync.checkpoint_interval, 100);
  configError(`${BASE}state_sync:\n  checkpoint_interval: -1\n`, /state_sync\.checkpoint_interval/);
  configError(`${BASE}state_sync:\n  checkpoints_kept: 0\n`, /state_sync\.checkpoints_kept/);
  configError(`${BASE}state_sync:\n  trust_hash: ab\n`, /state_sync/);
});

test('config: state_sync.trust_height and trust_hash give the trust anchor, together only', () => {
  const hash = 'ab'.repeat(32);
  const c = parseConfig(
    `${BASE}state_sync:\n  trust_height: 1200\n  trust_hash: ${hash}\n`,
    'node.yaml',
    '/srv',
  );
  assert.deepEqual(trustOf(c), { height: 1200n, blockHash: new Uint8Array(32).fill(0xab) });
  assert.equal(trustOf(parseConfig(BASE, 'node.yaml', '/srv')), undefined);
  configError(`${BASE}state_sync:\n  trust_height: 1200\n`, /give both or neither/);
  configError(`${BASE}state_sync:\n  trust_hash: ${hash}\n`, /give both or neither/);
  configError(`${BASE}state_sync:\n  trust_height: 0\n  trust_hash: ${hash}\n`, /state_sync\.trust_height/);
  configError(
    `${BASE}state_sync:\n  trust_height: 5\n  trust_hash: ${hash.toUpperCase()}\n`,
    /64 lowercase hex/,
  );
  configError(`${BASE}state_sync:\n  trust_height: 5\n  trust_hash: ${hash}00\n`, /state_sync\.trust_hash/);
});
