// Genesis: validation, chain context, JSON/YAML loading with clear errors, initial state (APE-11, 12).
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { addressToString, toHex } from '../../src/common/index.js';
import {
  ConsensusError,
  chainContextOf,
  decodeGenesis,
  encodeGenesis,
  type GenesisDocument,
  loadGenesisFile,
  Mapping,
  parseGenesis,
  programAddress,
  validateGenesis,
} from '../../src/consensus/index.js';
import { addr, genesisDoc, signer, TestChain } from '../helpers/chain.js';

const a = addr(signer(21));
const v = addr(signer(22));
const doc = (): GenesisDocument =>
  genesisDoc([
    { address: a, balance: 100n },
    { address: v, balance: 50n, mapping: Mapping.RW_VED },
  ]);
const invalid = (e: unknown) => ConsensusError.is(e, 'consensus', ConsensusError.INVALID_GENESIS);
const fileErr = (re: RegExp) => (e: unknown) =>
  ConsensusError.is(e, 'consensus', ConsensusError.GENESIS_FILE) && re.test((e as Error).message);

test('chain context is the hex hash of the canonical encoding; decoding round-trips', () => {
  const d = doc();
  assert.match(chainContextOf(d), /^[0-9a-f]{64}$/);
  assert.equal(chainContextOf(decodeGenesis(encodeGenesis(d))), chainContextOf(d));
  assert.notEqual(chainContextOf({ ...d, chain_id: 'other' }), chainContextOf(d));
});

test('validation names the problem (APE-11, APE-12)', () => {
  const d = doc();
  const cases: GenesisDocument[] = [
    { ...d, chain_id: '' },
    { ...d, params: { ...d.params, epoch_interval: 0n } },
    { ...d, params: { ...d.params, max_tx_bytes: 10 } },
    { ...d, params: { ...d.params, ved_programs: ['system'] } },
    { ...d, accounts: [...d.accounts, d.accounts[0]!] },
    { ...d, accounts: [{ ...d.accounts[0]!, mapping: Mapping.RX_UED_VED }] },
    { ...d, accounts: [{ ...d.accounts[0]!, balance: -1n }] },
  ];
  for (const c of cases) assert.throws(() => validateGenesis(c), invalid);
  assert.throws(() => decodeGenesis(new Uint8Array([0xa0])), invalid);
});

test('validation names every semantic problem, not only the first', () => {
  const d = doc();
  const broken: GenesisDocument = {
    ...d,
    chain_id: '',
    params: { ...d.params, epoch_interval: 0n, ved_programs: ['system'] },
    accounts: [...d.accounts, d.accounts[0]!],
  };
  assert.throws(
    () => validateGenesis(broken),
    (e: unknown) => {
      const m = (e as Error).message;
      return (
        invalid(e) &&
        m.includes('chain_id') &&
        m.includes('params.epoch_interval') &&
        m.includes('must include vote') &&
        m.includes('listed twice')
      );
    },
  );
});

test('JSON and YAML load to the same document; errors carry the field path', () => {
  const json = JSON.stringify({
    chain_id: 'tandem-test',
    genesis_time_ms: 1_700_000_000_000,
    params: {
      epoch_interval: 10,
      max_tx_bytes: 32768,
      gas_costs: { tx_byte: 1 },
      min_validator_stake: '1000',
      ved_programs: ['system', 'vote'],
    },
    accounts: [
      { address: addressToString(a), balance: '100', mapping: 'RW-UED', owner: 'system' },
      { address: toHex(v), balance: 50, mapping: 'RW-VED', owner: 'system' },
    ],
    validators: [],
    services: {},
  });
  const fromJson = parseGenesis(json, 'json');
  assert.equal(chainContextOf(fromJson), chainContextOf(doc()));
  const yaml = `chain_id: tandem-test
genesis_time_ms: 1700000000000
params:
  epoch_interval: 10
  max_tx_bytes: 32768
  gas_costs: { tx_byte: 1 }
  min_validator_stake: "1000"
  ved_programs: [system, vote]
accounts:
  - { address: ${addressToString(a)}, balance: 100, mapping: RW-UED, owner: system }
  - { address: ${toHex(v)}, balance: "50", mapping: rw-ved, owner: system }
validators: []
services: {}
`;
  assert.equal(chainContextOf(parseGenesis(yaml)), chainContextOf(doc()));
  const dir = mkdtempSync(join(tmpdir(), 'tandem-genesis-'));
  writeFileSync(join(dir, 'g.json'), json);
  writeFileSync(join(dir, 'g.yaml'), yaml);
  assert.equal(
    chainContextOf(loadGenesisFile(join(dir, 'g.json'))),
    chainContextOf(loadGenesisFile(join(dir, 'g.yaml'))),
  );
  assert.throws(() => loadGenesisFile(join(dir, 'missing.yaml')), fileErr(/cannot read/));
  assert.throws(() => parseGenesis('{', 'json'), fileErr(/cannot parse json/));
  assert.throws(
    () => parseGenesis(yaml.replace('balance: 100', 'balance: -3')),
    fileErr(/accounts\[0\]\.balance/),
  );
  assert.throws(() => parseGenesis(yaml.replace('mapping: RW-UED', 'mapping: RX-UED')), invalid);
  assert.throws(
    () => parseGenesis(yaml.replace('mapping: RW-UED', 'mapping: XX')),
    fileErr(/accounts\[0\]\.mapping/),
  );
  assert.throws(
    () => parseGenesis(yaml.replace('validators: []', 'validators: []\nextra: 1')),
    fileErr(/unknown field "extra"/),
  );
  assert.throws(
    () => parseGenesis(yaml.replace('epoch_interval: 10', 'epoch_interval: 1.5')),
    fileErr(/epoch_interval/),
  );
});

test('APE-12: genesis maps system and vote RX-UED-VED, other programs RX-UED; accounts in their domain', async () => {
  const c = await new TestChain(doc()).init();
  const sys = programAddress('system');
  assert.equal((await c.account('ved', sys))!.mapping, Mapping.RX_UED_VED);
  assert.equal((await c.account('ued', sys))!.mapping, Mapping.RX_UED_VED);
  assert.equal((await c.account('ved', programAddress('vote')))!.mapping, Mapping.RX_UED_VED);
  assert.equal(await c.account('ved', programAddress('epochtime')), null);
  assert.equal((await c.account('ued', programAddress('epochtime')))!.mapping, Mapping.RX_UED);
  assert.equal((await c.account('ued', a))!.balance, 100n);
  assert.equal(await c.account('ved', a), null);
  assert.equal((await c.account('ved', v))!.balance, 50n);
  assert.equal(c.vedSet.has(v), true);
  assert.equal(c.vedSet.has(a), false);
});

test('genesis refuses unknown services, program-address accounts and misplaced owners', async () => {
  await assert.rejects(new TestChain({ ...doc(), services: { nope: {} } }).init(), invalid);
  const prog = genesisDoc([{ address: programAddress('system'), balance: 1n }]);
  await assert.rejects(new TestChain(prog).init(), invalid);
  const owner = genesisDoc([{ address: a, balance: 1n, mapping: Mapping.RW_VED, owner: 'epochtime' }]);
  await assert.rejects(new TestChain(owner).init(), invalid);
});

test('APE-20 genesis params.confirm_stake_bps: optional (absent leaves the encoding as it was), checked 1..10000, loaded from text', () => {
  const d = doc();
  const withBps: GenesisDocument = { ...d, params: { ...d.params, confirm_stake_bps: 1000 } };
  // Absent: not encoded at all, so documents written before the parameter keep their context.
  assert.equal(encodeGenesis(d).length + '\x71confirm_stake_bps'.length + 3, encodeGenesis(withBps).length);
  assert.notEqual(chainContextOf(withBps), chainContextOf(d));
  assert.equal(decodeGenesis(encodeGenesis(withBps)).params.confirm_stake_bps, 1000);
  validateGenesis(withBps);
  for (const bad of [0, 10_001]) {
    assert.throws(() => validateGenesis({ ...d, params: { ...d.params, confirm_stake_bps: bad } }), invalid);
  }
  const text = (bps: unknown) =>
    JSON.stringify({
      chain_id: 'tandem-test',
      genesis_time_ms: 1_700_000_000_000,
      params: {
        epoch_interval: 10,
        max_tx_bytes: 32768,
        gas_costs: { tx_byte: 1 },
        min_validator_stake: '1000',
        ved_programs: ['system', 'vote'],
        confirm_stake_bps: bps,
      },
      accounts: [],
      validators: [],
      services: {},
    });
  assert.equal(parseGenesis(text(250), 'json').params.confirm_stake_bps, 250);
  assert.throws(() => parseGenesis(text(-1), 'json'), fileErr(/confirm_stake_bps/));
});
