/**
 * A genesis built in memory and the same genesis written as JSON or YAML and loaded back are one
 * chain: the same typed document, chain context and genesis VED/UED hashes.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { stringify } from 'yaml';
import { chainContextOf, type GenesisDocument, parseGenesis } from '../../src/consensus/index.js';
import {
  ChainApp,
  DomainsError,
  genesisToPlain,
  loadChainGenesis,
  normalizeGenesisServices,
  parseChainGenesis,
} from '../../src/domains/index.js';
import { key, testGenesis } from '../helpers/chain-app.js';

/** The test genesis with the beacon's byte fields set too (VRF keys and an entropy seed). */
function richGenesis(): GenesisDocument {
  const doc = testGenesis(2, { epochInterval: 4n });
  const beacon = doc.services.beacon as Record<string, unknown>;
  const vrf_keys = [0, 1].map((i) => ({ node: key(i, 1).publicKey, vrf: key(i, 7).publicKey }));
  const seed = new Uint8Array(32).fill(7);
  return { ...doc, services: { ...doc.services, beacon: { ...beacon, vrf_keys, entropy_seed: seed } } };
}

async function hashes(doc: GenesisDocument) {
  const app = await ChainApp.create({ genesis: doc });
  return {
    chainContext: app.programs.params.chainContext,
    ved: Buffer.from(app.committed.vedHash).toString('hex'),
    ued: Buffer.from(app.ued.latest().hash).toString('hex'),
  };
}

test('genesis built → JSON and YAML → loaded: identical document, chain context and genesis VED/UED hashes', async () => {
  const built = richGenesis();
  const plain = genesisToPlain(built);
  const fromJson = parseChainGenesis(JSON.stringify(plain), 'json');
  const fromYaml = parseChainGenesis(stringify(plain));
  assert.deepEqual(fromJson, built, 'the loader gives the typed values of the built document');
  assert.deepEqual(fromYaml, built);
  assert.equal(chainContextOf(fromJson), chainContextOf(built));
  const dir = mkdtempSync(join(tmpdir(), 'tandem-genesis-'));
  writeFileSync(join(dir, 'g.json'), JSON.stringify(plain));
  writeFileSync(join(dir, 'g.yaml'), stringify(plain));
  const want = await hashes(built);
  assert.deepEqual(await hashes(loadChainGenesis(join(dir, 'g.json'))), want);
  assert.deepEqual(await hashes(loadChainGenesis(join(dir, 'g.yaml'))), want);
  // Without the programs' normalization the text form is another document (the cause of the bug).
  assert.notEqual(chainContextOf(parseGenesis(JSON.stringify(plain), 'json')), want.chainContext);
});

test('genesis normalization is idempotent on a built document', () => {
  const built = richGenesis();
  assert.deepEqual(normalizeGenesisServices(built.services), built.services);
});

test('genesis loading names every malformed service section, not only the first', () => {
  const plain = genesisToPlain(richGenesis()) as { services: Record<string, Record<string, unknown>> };
  const s = plain.services;
  (s.vote!.accounts as Record<string, unknown>[])[0]!.node = 'zz';
  (s.staking!.delegations as Record<string, unknown>[])[1]!.delegator = 'tandem1notanaddress';
  s.beacon!.entropy_seed = 'abcd';
  assert.throws(
    () => parseChainGenesis(JSON.stringify(plain), 'json'),
    (e: unknown) => {
      const m = (e as Error).message;
      return (
        DomainsError.is(e, 'domains', DomainsError.INVALID_GENESIS) &&
        m.includes('services.vote: ') &&
        m.includes('accounts[0].node') &&
        m.includes('services.staking: ') &&
        m.includes('delegations[1].delegator') &&
        m.includes('services.beacon: ') &&
        m.includes('entropy_seed')
      );
    },
  );
  assert.throws(
    () => parseChainGenesis(JSON.stringify({ ...plain, services: { ...s, staking: 'x' } }), 'json'),
    /services\.staking/,
  );
});
