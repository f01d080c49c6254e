import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { checkGenesisFile, initGenesisText } from '../../src/cli/commands/genesis.js';
import { runCli } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'tandem-genesis-'));
// biome-ignore lint/suspicious/noExplicitAny: edited JSON documents
type Doc = Record<string, any>;

function initDoc(): Doc {
  const text = initGenesisText({
    validators: '3',
    keysDir: join(dir, 'keys'),
    chainId: 'tandem-test',
    epochInterval: '10',
    stake: '1000000',
    genesisTime: '1700000000000',
  });
  return JSON.parse(text) as Doc;
}

async function problem(edit: (d: Doc) => void): Promise<string> {
  const d = initDoc();
  edit(d);
  const file = join(dir, `broken-${Math.random().toString(16).slice(2)}.json`);
  writeFileSync(file, JSON.stringify(d));
  try {
    await checkGenesisFile(file);
  } catch (e) {
    return (e as Error).message;
  }
  return 'no error';
}

test('genesis init writes a document genesis check accepts (CLI, exit codes)', () => {
  const out = join(dir, 'genesis.json');
  const keys = join(dir, 'cli-keys');
  const init = runCli([
    'genesis',
    'init',
    '--validators',
    '4',
    '--keys-dir',
    keys,
    '--out',
    out,
    '--epoch-interval',
    '5',
  ]);
  assert.equal(init.status, 0, init.stderr);
  const doc = JSON.parse(readFileSync(out, 'utf8')) as Doc;
  assert.equal(doc.validators.length, 4);
  assert.equal(doc.services.vote.accounts.length, 4);
  assert.equal(doc.services.staking.delegations.length, 4);
  const check = runCli(['genesis', 'check', out]);
  assert.equal(check.status, 0, check.stderr);
  assert.match(check.stdout, /^ok: 4 validators, chain context [0-9a-f]{64}/);
  const again = runCli(['genesis', 'init', '--validators', '4', '--keys-dir', keys, '--epoch-interval', '5']);
  assert.equal(
    JSON.parse(again.stdout).validators[0].public_key,
    doc.validators[0].public_key,
    'keys reused',
  );
  doc.params.epoch_interval = '0';
  writeFileSync(out, JSON.stringify(doc));
  const bad = runCli(['genesis', 'check', out]);
  assert.equal(bad.status, 1);
  assert.match(bad.stderr, /params\.epoch_interval must be at least 1/);
});

test('genesis init refuses bad arguments', () => {
  assert.throws(() => initGenesisText({ ...argsOf(), validators: '0' }), /--validators/);
  assert.throws(() => initGenesisText({ ...argsOf(), stake: '-5' }), /--stake/);
});

function argsOf() {
  return { validators: '1', keysDir: join(dir, 'k1'), chainId: 'c', epochInterval: '10', stake: '100' };
}

test('genesis check names each broken field', async () => {
  const cases: [string, (d: Doc) => void, RegExp][] = [
    ['missing field', (d) => delete d.params.max_tx_bytes, /params\.max_tx_bytes: missing/],
    ['unknown field', (d) => (d.params.extra = 1), /params: unknown field "extra"/],
    ['bad mapping', (d) => (d.accounts[0].mapping = 'RX-UED'), /accounts\[0\]\.mapping/],
    ['bad address', (d) => (d.accounts[1].address = 'tandem1xyz'), /accounts\[1\]\.address: invalid address/],
    ['huge number', (d) => (d.params.max_tx_bytes = 2 ** 53), /params\.max_tx_bytes/],
    ['duplicate account', (d) => d.accounts.push(d.accounts[0]), /accounts\[3\]: address listed twice/],
    ['no vote program', (d) => (d.params.ved_programs = ['system']), /must include vote \(APE-12\)/],
    ['power mismatch', (d) => (d.validators[0].power = '1'), /genesis validators differ/],
    ['vote key', (d) => (d.services.vote.accounts[0].node = 'zz'), /services\.vote\.accounts\[0\]\.node/],
    [
      'staking address',
      (d) => (d.services.staking.delegations[2].account = 'nope'),
      /delegations\[2\]\.account: not a valid bech32 address/,
    ],
    [
      'beacon params',
      (d) => (d.services.beacon.params.backend = 'magic'),
      /backend: expected "insecure" or "vrf"/,
    ],
    ['short epoch', (d) => (d.params.epoch_interval = '1'), /epoch_interval must be at least 2/],
    ['staking in the VED', (d) => d.params.ved_programs.push('staking'), /staking is a UED program/],
  ];
  for (const [name, edit, want] of cases) assert.match(await problem(edit), want, name);
});

test('genesis check names every problem of every program section, not only the first', async () => {
  const m = await problem((d) => {
    d.services.vote.accounts[1].node = 'zz'; // does not convert
    d.services.staking.params.min_delegation = '1000000000000'; // above every genesis delegation
    d.services.beacon.params.alpha_hq_threshold = 0; // out of range
  });
  assert.match(m, /services\.vote: .*accounts\[1\]\.node.*\[domains\/11\]/);
  assert.match(
    m,
    /services\.staking: .*delegations\[0\]\.amount is zero or below min_delegation \[staking\/1\]/,
  );
  assert.match(m, /services\.beacon: .*alpha_hq_threshold must be at least 1 \[beacon\/2\]/);
  const fine = initDoc();
  const file = join(dir, 'fine.json');
  writeFileSync(file, JSON.stringify(fine));
  assert.equal((await checkGenesisFile(file)).validators, 3);
});
