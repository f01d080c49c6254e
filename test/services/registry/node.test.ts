// Node registration (spec/oasis.md §6): RT-7 signatures, whitelist, roles, expiry; RT-23 maintenance gas.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { makeNamespace } from '../../../src/common/index.js';
import {
  METHOD_REGISTER_ENTITY,
  METHOD_REGISTER_NODE,
  METHOD_REGISTER_RUNTIME,
  type MultiSignedNode,
  type Node,
  nodeContext,
  RegistryError,
  RegistryStateReader,
  ROLE_OBSERVER,
  ROLE_STORAGE,
  ROLE_VALIDATOR,
} from '../../../src/services/registry/index.js';
import {
  allSigners,
  CHAIN,
  type Chain,
  call,
  chain,
  entity,
  key,
  nodeDesc,
  nodeKeys,
  RT_ID,
  runtimeDesc,
  signNode,
  txCtx,
  ver,
} from './context.js';

const isCode = (code: number) => (e: unknown) => RegistryError.is(e, 'registry', code);

async function register(c: Chain, body: MultiSignedNode, epoch = 1n, signer = c.node.id.publicKey) {
  const ctx = txCtx(c.state, epoch, signer);
  await call(c.svc, ctx, METHOD_REGISTER_NODE, body);
  return ctx;
}

async function rejects(
  c: Chain,
  body: MultiSignedNode,
  code: number,
  epoch = 1n,
  signer = c.node.id.publicKey,
) {
  const before = c.state.dump();
  await assert.rejects(register(c, body, epoch, signer), isCode(code));
  assert.deepEqual(c.state.dump(), before);
}

const desc = (c: Chain, over: Partial<Node> = {}): Node => nodeDesc(c.node, c.owner.publicKey, over);

test('RT-7 a node signed by all five keys registers; status starts eligible after the next epoch', async () => {
  const c = await chain();
  const n = desc(c);
  const ctx = await register(c, signNode(n, allSigners(c.node)));
  const r = new RegistryStateReader(c.state);
  assert.deepEqual(await r.node(n.id), n);
  assert.deepEqual(await r.nodeStatus(n.id), {
    expiration_processed: false,
    freeze_end_time: 0n,
    election_eligible_after: 2n,
    faults: [],
  });
  assert.deepEqual(await r.entityNodeIds(c.owner.publicKey), [n.id]);
  assert.deepEqual(await r.keyOwner(c.node.vrf.publicKey), n.id);
  assert.equal(ctx.events[0]?.kind, 'NodeRegistered');
});

test('RT-7 each key must sign: one missing, a wrong one, an extra one or a bad signature is refused', async () => {
  const c = await chain();
  const n = desc(c);
  const all = allSigners(c.node);
  for (let i = 0; i < all.length; i++) {
    await rejects(
      c,
      signNode(
        n,
        all.filter((_, j) => j !== i),
      ),
      RegistryError.SIGNERS_MISMATCH,
    );
  }
  await rejects(c, signNode(n, [...all.slice(0, 4), key(77)]), RegistryError.SIGNERS_MISMATCH);
  await rejects(c, signNode(n, [...all, key(77)]), RegistryError.SIGNERS_MISMATCH);
  const bad = signNode(n, all);
  bad.signatures[2] = {
    ...bad.signatures[2]!,
    signature: bad.signatures[2]!.signature.map((b, i) => (i === 0 ? b ^ 1 : b)),
  };
  await rejects(c, bad, RegistryError.INVALID_SIGNATURE);
  // Signed for another chain: no signature verifies here.
  const tampered = signNode(n, all);
  tampered.untrusted_raw_value = tampered.untrusted_raw_value.slice();
  tampered.untrusted_raw_value[tampered.untrusted_raw_value.length - 1]! ^= 1;
  await rejects(c, tampered, RegistryError.INVALID_SIGNATURE);
});

test('RT-7 the transaction must come from the node identity; keys must be distinct and unused', async () => {
  const c = await chain();
  const n = desc(c);
  await rejects(c, signNode(n, allSigners(c.node)), RegistryError.INCORRECT_TX_SIGNER, 1n, c.owner.publicKey);
  const same = { ...c.node, vrf: c.node.p2p };
  const distinct = allSigners(same).slice(0, 4);
  await rejects(c, signNode(nodeDesc(same, c.owner.publicKey), distinct), RegistryError.INVALID_NODE_KEYS);
  await register(c, signNode(n, allSigners(c.node)));
  // A second node (whitelisted as key(20)) reusing the first node's consensus key.
  const other = { ...nodeKeys(20), consensus: c.node.consensus };
  const od = nodeDesc(other, c.owner.publicKey);
  await rejects(c, signNode(od, allSigners(other)), RegistryError.INVALID_NODE_KEYS, 1n, other.id.publicKey);
});

test('RT-7 the entity must exist and whitelist the node; a node cannot change entity', async () => {
  const c = await chain();
  const stranger = nodeKeys(40);
  await rejects(
    c,
    signNode(nodeDesc(stranger, c.owner.publicKey), allSigners(stranger)),
    RegistryError.NODE_NOT_WHITELISTED,
    1n,
    stranger.id.publicKey,
  );
  await rejects(
    c,
    signNode(desc(c, { entity_id: key(99).publicKey }), allSigners(c.node)),
    RegistryError.ENTITY_NOT_FOUND,
  );
  await register(c, signNode(desc(c), allSigners(c.node)));
  const e2 = key(2);
  await call(
    c.svc,
    txCtx(c.state, 1n, e2.publicKey),
    METHOD_REGISTER_ENTITY,
    entity(e2, [c.node.id.publicKey]),
  );
  await rejects(
    c,
    signNode(desc(c, { entity_id: e2.publicKey }), allSigners(c.node)),
    RegistryError.NODE_UPDATE_NOT_ALLOWED,
  );
});

test('RT-7 expiration within (epoch, epoch + max_node_expiration], roles, addresses, runtimes', async () => {
  const c = await chain();
  const s = (over: Partial<Node>) => signNode(desc(c, over), allSigners(c.node));
  await rejects(c, s({ expiration: 7n }), RegistryError.INVALID_EXPIRATION);
  await rejects(c, s({ expiration: 1n }), RegistryError.INVALID_EXPIRATION);
  await rejects(c, s({ roles: 0 }), RegistryError.INVALID_ROLES);
  await rejects(c, s({ roles: 1 << 4 }), RegistryError.INVALID_ROLES);
  await rejects(c, s({ roles: 1 << 6 }), RegistryError.INVALID_ROLES);
  await rejects(c, s({ roles: 0x80000000 }), RegistryError.INVALID_ROLES);
  await rejects(
    c,
    s({ p2p: { id: c.node.p2p.publicKey, addresses: ['no-port'] } }),
    RegistryError.INVALID_ADDRESS,
  );
  await rejects(
    c,
    s({ tls: { pub_key: c.node.tls.publicKey, addresses: ['h:70000'] } }),
    RegistryError.INVALID_ADDRESS,
  );
  await rejects(c, s({ runtimes: [] }), RegistryError.INVALID_NODE_RUNTIMES);
  await rejects(c, s({ roles: ROLE_STORAGE, runtimes: [] }), RegistryError.INVALID_NODE_RUNTIMES);
  const twice = { id: RT_ID, version: ver(1) };
  await rejects(c, s({ runtimes: [twice, twice] }), RegistryError.INVALID_NODE_RUNTIMES);
  const unknown = { id: makeNamespace({}, new Uint8Array(24).fill(9)), version: ver(1) };
  await rejects(c, s({ runtimes: [unknown] }), RegistryError.INVALID_NODE_RUNTIMES);
  const tee = { hardware: 1, rak: new Uint8Array(32), attestation: new Uint8Array(4) };
  await rejects(c, s({ runtimes: [{ ...twice, capabilities: { tee } }] }), RegistryError.INVALID_TEE);
  await rejects(c, s({ v: 2 }), RegistryError.MALFORMED_DESCRIPTOR);
  // A validator with no runtime and the largest allowed expiration is fine.
  await register(c, s({ roles: ROLE_VALIDATOR | ROLE_OBSERVER, runtimes: [], expiration: 6n }));
});

test('RT-7 the admission policy of an entity-whitelist runtime refuses other entities', async () => {
  const c = await chain({
    runtime: { admission_policy: { entity_whitelist: { entities: [key(2).publicKey] } } },
  });
  await rejects(c, signNode(desc(c), allSigners(c.node)), RegistryError.NODE_NOT_ADMITTED);
});

test('RT-7 malformed and oversized node bodies are refused', async () => {
  const c = await chain();
  const m = c.svc.methods.find((x) => x.name === METHOD_REGISTER_NODE)!;
  const big = { untrusted_raw_value: new Uint8Array(64 * 1024 + 1), signatures: [] };
  assert.throws(() => m.body.fromCbor(big, ''), /more than 65536 bytes/);
  const nine = Array.from({ length: 9 }, () => ({
    public_key: new Uint8Array(32),
    signature: new Uint8Array(64),
  }));
  assert.throws(
    () => m.body.fromCbor({ untrusted_raw_value: new Uint8Array(1), signatures: nine }, ''),
    /at most 8/,
  );
  // Garbage raw value signed by all keys: signatures verify, decoding fails.
  const all = allSigners(c.node);
  const raw = Uint8Array.of(0xa1, 0x61, 0x78, 0x01);
  const garbage = {
    untrusted_raw_value: raw,
    signatures: all.map((k) => ({ public_key: k.publicKey, signature: k.sign(nodeContext(CHAIN), raw) })),
  };
  await rejects(c, garbage, RegistryError.MALFORMED_DESCRIPTOR);
});

test('RT-23 maintenance gas: runtime_epoch_maintenance per runtime per newly covered epoch', async () => {
  const c = await chain();
  const rt2 = makeNamespace({}, new Uint8Array(24).fill(8));
  await call(
    c.svc,
    txCtx(c.state, 1n, c.owner.publicKey),
    METHOD_REGISTER_RUNTIME,
    runtimeDesc(c.owner.publicKey, { id: rt2 }),
  );
  const all = allSigners(c.node);
  // Epoch 1, expiration 3: epochs 2 and 3 for one runtime.
  let ctx = await register(c, signNode(desc(c), all));
  assert.deepEqual(ctx.gas, [2000n]);
  // Same expiration again: nothing new is covered.
  ctx = await register(c, signNode(desc(c), all));
  assert.deepEqual(ctx.gas, []);
  // Extending to 5 and adding a second runtime: 2 new epochs for the first, 4 for the new one.
  const two = [
    { id: RT_ID, version: ver(1) },
    { id: rt2, version: ver(1) },
  ];
  ctx = await register(c, signNode(desc(c, { expiration: 5n, runtimes: two }), all));
  assert.deepEqual(ctx.gas, [6000n]);
  // Lowering the expiration of a live registration is refused.
  await rejects(
    c,
    signNode(desc(c, { expiration: 4n, runtimes: two }), all),
    RegistryError.NODE_UPDATE_NOT_ALLOWED,
  );
  // After expiry (epoch 7 > 5), re-registering pays from the current epoch again.
  ctx = await register(c, signNode(desc(c, { expiration: 9n, runtimes: two }), all), 7n);
  assert.deepEqual(ctx.gas, [4000n]);
  const st = await new RegistryStateReader(c.state).nodeStatus(c.node.id.publicKey);
  assert.equal(st?.election_eligible_after, 8n, 'a returning node sits out one epoch again');
});

test('RT-23 a node serving no runtime pays no maintenance gas', async () => {
  const c = await chain();
  const ctx = await register(
    c,
    signNode(desc(c, { roles: ROLE_VALIDATOR, runtimes: [] }), allSigners(c.node)),
  );
  assert.deepEqual(ctx.gas, []);
});
