// Issue 8 (p2p admission from the registry): a registered node renews its registry entry in the
// last epoch it covers, once per epoch, with a RegisterNode the registry accepts (all five node
// keys sign it, the identity key pays); an unregistered node submits nothing.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Ed25519Signer, nullLogger } from '../../src/common/index.js';
import { Mapping } from '../../src/consensus/index.js';
import {
  buildGenesis,
  ChainApp,
  DEFAULT_REGISTRY_PARAMS,
  genesisRegistry,
  vedView,
} from '../../src/domains/index.js';
import { NodeRegistrar, type RegistrationKeys } from '../../src/node/registration.js';
import { RegistryStateReader, ROLE_VALIDATOR } from '../../src/services/registry/index.js';
import { addrOf, step } from '../helpers/chain-app.js';

const gen = (): Ed25519Signer => Ed25519Signer.generate();

async function chain(keys: RegistrationKeys): Promise<ChainApp> {
  const genesis = buildGenesis({
    chainId: 'tandem-registrar',
    genesisTimeMs: 1_700_000_000_000n,
    epochInterval: 5n,
    minStake: 1_000n,
    roleBalance: 1_000_000n,
    validators: [
      {
        node: keys.consensus.publicKey,
        authority: addrOf(keys.identity),
        feePayer: addrOf(keys.identity),
        fund: addrOf(keys.identity),
        stake: 10_000n,
      },
    ],
    accounts: [{ address: addrOf(gen()), balance: 1n, mapping: Mapping.RW_UED }],
    registry: genesisRegistry({ ...DEFAULT_REGISTRY_PARAMS, max_node_expiration: 2n }, [
      { entity: gen(), ...keys, id: keys.identity, roles: ROLE_VALIDATOR, expiration: 1n },
    ]),
  });
  return ChainApp.create({ genesis });
}

const expiration = async (app: ChainApp, id: Uint8Array) =>
  (await new RegistryStateReader(vedView(app.vedTree)).node(id))?.expiration;

test('issue 8: a registered node renews its entry in the last epoch it covers, once per epoch', async () => {
  const keys = { identity: gen(), consensus: gen(), p2p: gen(), tls: gen(), vrf: gen() };
  const app = await chain(keys);
  try {
    const sent: Uint8Array[] = [];
    const submit = async (tx: Uint8Array) => {
      sent.push(tx);
      return { added: true as const, hash: new Uint8Array(32) };
    };
    const r = new NodeRegistrar(app, keys, submit, nullLogger);
    await step(app, []);
    await r.onCommitted();
    assert.equal(sent.length, 1, 'epoch 0, entry expires after epoch 1: renew');
    await r.onCommitted();
    assert.equal(sent.length, 1, 'once per epoch');
    await step(app, [sent[0]!]);
    assert.equal(await expiration(app, keys.identity.publicKey), 2n, 'the registry took it');
    while (app.committed.height < 5n) await step(app, []);
    await r.onCommitted();
    assert.equal(sent.length, 2, 'epoch 1, entry covers up to 2: renew again');
    await step(app, [sent[1]!]);
    assert.equal(await expiration(app, keys.identity.publicKey), 3n);
  } finally {
    await app.close();
  }
});

test('issue 8: a node that is not in the registry submits no renewal', async () => {
  const keys = { identity: gen(), consensus: gen(), p2p: gen(), tls: gen(), vrf: gen() };
  const app = await chain(keys);
  try {
    const other = { ...keys, identity: gen() };
    let sent = 0;
    const r = new NodeRegistrar(
      app,
      other,
      async () => {
        sent++;
        return { added: true as const, hash: new Uint8Array(32) };
      },
      nullLogger,
    );
    await step(app, []);
    await r.onCommitted();
    assert.equal(sent, 0);
  } finally {
    await app.close();
  }
});
