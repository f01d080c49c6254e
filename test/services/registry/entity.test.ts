// Entities and genesis (spec/oasis.md §6): Signed by the entity key under a chain-separated context.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  encodeCanonical,
  fullContext,
  context as makeContext,
  signValue,
} from '../../../src/common/index.js';
import {
  createRegistryService,
  entityCodec,
  entityContext,
  METHOD_DEREGISTER_ENTITY,
  METHOD_REGISTER_ENTITY,
  METHOD_REGISTER_NODE,
  RegistryError,
  RegistryStateReader,
  registryGenesisCodec,
  type SignedEntity,
} from '../../../src/services/registry/index.js';
import { MemoryKvState } from '../../helpers/kv-state.js';
import {
  allSigners,
  blockCtx,
  CHAIN,
  type Chain,
  call,
  chain,
  entity,
  genesisEntity,
  key,
  nodeDesc,
  PARAMS,
  runtimeDesc,
  signEntity,
  signNode,
  txCtx,
} from './context.js';

const isCode = (code: number) => (e: unknown) => RegistryError.is(e, 'registry', code);

async function rejects(c: Chain, method: string, body: unknown, signer: Uint8Array, code: number) {
  const before = c.state.dump();
  await assert.rejects(call(c.svc, txCtx(c.state, 1n, signer), method, body), isCode(code));
  assert.deepEqual(c.state.dump(), before);
}

test('an entity registers, updates and reads back; the envelope signer must be the entity', async () => {
  const c = await chain();
  const e = key(2);
  await call(c.svc, txCtx(c.state, 1n, e.publicKey), METHOD_REGISTER_ENTITY, entity(e, []));
  await call(c.svc, txCtx(c.state, 1n, e.publicKey), METHOD_REGISTER_ENTITY, entity(e, [key(30).publicKey]));
  const r = new RegistryStateReader(c.state);
  assert.deepEqual((await r.entity(e.publicKey))?.nodes, [key(30).publicKey]);
  // Signed by another key than the one it names.
  const forged = signEntity(key(3), { v: 2, id: e.publicKey });
  await rejects(c, METHOD_REGISTER_ENTITY, forged, e.publicKey, RegistryError.SIGNERS_MISMATCH);
  await rejects(
    c,
    METHOD_REGISTER_ENTITY,
    entity(e, []),
    key(3).publicKey,
    RegistryError.INCORRECT_TX_SIGNER,
  );
  const dup = entity(e, [key(30).publicKey, key(30).publicKey]);
  await rejects(c, METHOD_REGISTER_ENTITY, dup, e.publicKey, RegistryError.INVALID_ENTITY);
  await rejects(
    c,
    METHOD_REGISTER_ENTITY,
    signEntity(e, { v: 1, id: e.publicKey }),
    e.publicKey,
    RegistryError.MALFORMED_DESCRIPTOR,
  );
});

test('entity signatures are chain separated and context bound', async () => {
  const c = await chain();
  const e = key(2);
  const other = signValue(
    e,
    fullContext(makeContext('registry', 'register entity'), { chainContext: 'cd'.repeat(32) }),
    entityCodec,
    { v: 2, id: e.publicKey },
  );
  await rejects(c, METHOD_REGISTER_ENTITY, other, e.publicKey, RegistryError.INVALID_SIGNATURE);
  const nodeCtx = signValue(
    e,
    fullContext(makeContext('registry', 'register node'), { chainContext: 'ab'.repeat(32) }),
    entityCodec,
    { v: 2, id: e.publicKey },
  );
  await rejects(c, METHOD_REGISTER_ENTITY, nodeCtx, e.publicKey, RegistryError.INVALID_SIGNATURE);
});

test('oversized and malformed entity bodies are refused', async () => {
  const c = await chain();
  const m = c.svc.methods.find((x) => x.name === METHOD_REGISTER_ENTITY)!;
  const sig = { public_key: new Uint8Array(32), signature: new Uint8Array(64) };
  assert.throws(
    () => m.body.fromCbor({ untrusted_raw_value: new Uint8Array(65537), signature: sig }, ''),
    /more than 65536/,
  );
  assert.throws(
    () => m.body.fromCbor({ untrusted_raw_value: new Uint8Array(1) }, ''),
    /missing required field/,
  );
  // 1,025 whitelisted nodes: signed correctly, but over the bound, so decoding refuses it.
  const e = key(2);
  const tooMany = Array.from({ length: 1025 }, (_, i) => new Uint8Array(32).fill(i % 256));
  const raw = encodeCanonical({ v: 2, id: e.publicKey, nodes: tooMany });
  const body: SignedEntity = {
    untrusted_raw_value: raw,
    signature: { public_key: e.publicKey, signature: e.sign(entityContext(CHAIN), raw) },
  };
  await rejects(c, METHOD_REGISTER_ENTITY, body, e.publicKey, RegistryError.MALFORMED_DESCRIPTOR);
  // A tampered raw value no longer matches its signature.
  const tampered = {
    ...entity(e, []),
    untrusted_raw_value: Uint8Array.of(0xa2, 0x61, 0x76, 0x02, 0x62, 0x69, 0x64, 0x40),
  };
  await rejects(c, METHOD_REGISTER_ENTITY, tampered, e.publicKey, RegistryError.INVALID_SIGNATURE);
});

test('an entity deregisters only without nodes and runtimes', async () => {
  const c = await chain();
  await rejects(c, METHOD_DEREGISTER_ENTITY, {}, key(5).publicKey, RegistryError.ENTITY_NOT_FOUND);
  await rejects(c, METHOD_DEREGISTER_ENTITY, {}, c.owner.publicKey, RegistryError.ENTITY_HAS_RUNTIMES);
  const e = key(2);
  await call(
    c.svc,
    txCtx(c.state, 1n, e.publicKey),
    METHOD_REGISTER_ENTITY,
    entity(e, [c.node.id.publicKey]),
  );
  const n = nodeDesc(c.node, e.publicKey);
  await call(
    c.svc,
    txCtx(c.state, 1n, c.node.id.publicKey),
    METHOD_REGISTER_NODE,
    signNode(n, allSigners(c.node)),
  );
  await rejects(c, METHOD_DEREGISTER_ENTITY, {}, e.publicKey, RegistryError.ENTITY_HAS_NODES);
  const fresh = key(6);
  await call(c.svc, txCtx(c.state, 1n, fresh.publicKey), METHOD_REGISTER_ENTITY, entity(fresh, []));
  const ctx = txCtx(c.state, 1n, fresh.publicKey);
  await call(c.svc, ctx, METHOD_DEREGISTER_ENTITY, {});
  assert.equal(await new RegistryStateReader(c.state).entity(fresh.publicKey), null);
  assert.equal(ctx.events[0]?.kind, 'EntityDeregistered');
});

test('genesis: descriptors are checked like transactions; bad entries, params and reruns are refused', async () => {
  const owner = key(1);
  const run = async (g: Record<string, unknown>, state = new MemoryKvState()) =>
    createRegistryService().initGenesis!(
      blockCtx(state, 0n),
      registryGenesisCodec.toCbor({ params: PARAMS, ...g } as never, ''),
    );
  const genesisErr = isCode(RegistryError.INVALID_GENESIS);
  await assert.rejects(run({ entities: [signEntity(key(2), { v: 2, id: owner.publicKey })] }), genesisErr);
  await assert.rejects(run({ runtimes: [runtimeDesc(owner.publicKey)] }), /entity_id|no entity/);
  await assert.rejects(
    run({ params: { ...PARAMS, max_node_expiration: 0n } }),
    isCode(RegistryError.INVALID_PARAMS),
  );
  await assert.rejects(
    createRegistryService().initGenesis!(blockCtx(new MemoryKvState(), 0n), {
      params: { ...PARAMS, extra: 1 },
    }),
    genesisErr,
  );
  const state = new MemoryKvState();
  // A genesis entity signed for a chain (not with the genesis context) is refused.
  await assert.rejects(run({ entities: [entity(owner, [])] }), genesisErr);
  await run({ entities: [genesisEntity(owner, [])], runtimes: [runtimeDesc(owner.publicKey)] }, state);
  assert.equal((await new RegistryStateReader(state).runtimes()).length, 1);
  await assert.rejects(run({}, state), genesisErr);
});

test('transactions before genesis fail with NOT_INITIALIZED', async () => {
  const svc = createRegistryService();
  const e = key(2);
  await assert.rejects(
    call(svc, txCtx(new MemoryKvState(), 1n, e.publicKey), METHOD_REGISTER_ENTITY, entity(e, [])),
    isCode(RegistryError.NOT_INITIALIZED),
  );
});
