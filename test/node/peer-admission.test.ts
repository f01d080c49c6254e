// Issue 8, p2p admission: the peers a node admits on consensus are the nodes of the chain's
// registry (their p2p keys, while registered), plus the config's peers. The localnet genesis
// registers every validator as a node of its own entity, so its p2p keys come from the chain.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { Ed25519Signer, loadKey, TandemError } from '../../src/common/index.js';
import {
  ChainApp,
  DomainsError,
  loadChainGenesis,
  RuntimeQueries,
  vedView,
} from '../../src/domains/index.js';
import { configAuthorizer, localnetGenesis, RegistryAuthorizer } from '../../src/node/index.js';

test('issue 8: the localnet genesis registers each validator node; its p2p keys are admitted, others not', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tandem-admit-'));
  const genesis = localnetGenesis({ dir, validators: 4, epochInterval: 10n });
  const app = await ChainApp.create({ genesis });
  try {
    const self = Ed25519Signer.generate().publicKey;
    const auth = new RegistryAuthorizer(configAuthorizer(self, [], []));
    const p2p = [0, 1, 2, 3].map((i) => loadKey(join(dir, `v${i}`, 'p2p.pem')).publicKey);
    assert.ok(
      p2p.every((k) => !auth.isRegistered(k)),
      'nothing read yet',
    );
    await auth.refresh(app);
    assert.equal(auth.size, 4);
    assert.ok(p2p.every((k) => auth.isRegistered(k)));
    assert.ok(auth.isRegistered(self), 'the config set still counts');
    assert.equal(auth.isRegistered(Ed25519Signer.generate().publicKey), false);
    // Each node names the consensus key of its validator and is signed by all its keys.
    const nodes = await new RuntimeQueries(vedView(app.vedTree)).nodes();
    const consensus = [0, 1, 2, 3].map((i) => loadKey(join(dir, `v${i}`, 'consensus.pem')).publicKey);
    assert.deepEqual(
      nodes.map((n) => Buffer.from(n.consensus.id).toString('hex')).sort(),
      consensus.map((k) => Buffer.from(k).toString('hex')).sort(),
    );
    // A registration that no longer covers the epoch is no longer admitted.
    auth.update(nodes, nodes[0]!.expiration + 1n);
    assert.equal(auth.size, 0);
    assert.ok(p2p.every((k) => !auth.isRegistered(k)));
  } finally {
    await app.close();
  }
});

type Envelope = { untrusted_raw_value: string; signature?: unknown };
type Doc = { services: { registry: { entities: Envelope[]; nodes: Envelope[] } } };

test('issue 8: a genesis registry section with a malformed or forged descriptor is refused', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tandem-admit-'));
  localnetGenesis({ dir, validators: 1, epochInterval: 10n });
  const doc = JSON.parse(readFileSync(join(dir, 'genesis.json'), 'utf8')) as Doc;
  const cases: [string, (r: Doc['services']['registry']) => void][] = [
    ['not-hex', (r) => void (r.nodes[0]!.untrusted_raw_value = 'zz')],
    [
      'tampered',
      (r) => void (r.nodes[0]!.untrusted_raw_value = `${r.nodes[0]!.untrusted_raw_value.slice(0, -2)}07`),
    ],
    [
      'forged',
      (r) => void (r.entities[0]!.signature = { public_key: '11'.repeat(32), signature: '22'.repeat(64) }),
    ],
  ];
  for (const [what, mutate] of cases) {
    const copy = structuredClone(doc);
    mutate(copy.services.registry);
    const bad = join(dir, `bad-${what}.json`);
    writeFileSync(bad, JSON.stringify(copy));
    // Undecodable text fails at load; a descriptor that decodes but does not verify, at genesis.
    await assert.rejects(
      async () => ChainApp.create({ genesis: loadChainGenesis(bad) }),
      (e: unknown) =>
        e instanceof TandemError &&
        (e.module !== DomainsError.MODULE || e.code === DomainsError.INVALID_GENESIS),
      what,
    );
  }
});
