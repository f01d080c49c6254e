// Node lifecycle (spec/oasis.md §3.7, §4, §6): expiry and removal, freezing, faults, eligibility.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  eligibleNodes,
  freezeNode,
  METHOD_REGISTER_NODE,
  METHOD_REGISTER_RUNTIME,
  METHOD_UNFREEZE_NODE,
  type Node,
  RegistryError,
  RegistryStateReader,
  ROLE_COMPUTE,
  ROLE_OBSERVER,
  ROLE_STORAGE,
  recordFault,
  recordSuccess,
} from '../../../src/services/registry/index.js';
import {
  allSigners,
  blockCtx,
  type Chain,
  call,
  chain,
  entity,
  type NodeKeys,
  nodeDesc,
  nodeKeys,
  RT_ID,
  runtimeDesc,
  signNode,
  txCtx,
  ver,
} from './context.js';

const isCode = (code: number) => (e: unknown) => RegistryError.is(e, 'registry', code);

async function reg(c: Chain, keys: NodeKeys, epoch: bigint, over: Partial<Node> = {}): Promise<Node> {
  const n = nodeDesc(keys, c.owner.publicKey, over);
  await call(
    c.svc,
    txCtx(c.state, epoch, keys.id.publicKey),
    METHOD_REGISTER_NODE,
    signNode(n, allSigners(keys)),
  );
  return n;
}

const ids = (ns: Node[]) => ns.map((n) => Buffer.from(n.id).toString('hex'));

test('expired nodes stay until debonding_interval epochs after expiry, then are removed with their indexes', async () => {
  const c = await chain(); // debonding_interval 2
  const n = await reg(c, c.node, 1n, { expiration: 3n });
  const r = new RegistryStateReader(c.state);
  for (const epoch of [2n, 3n]) await c.svc.onEpoch!(blockCtx(c.state, epoch), epoch);
  assert.equal((await r.nodeStatus(n.id))?.expiration_processed, false);
  const e4 = blockCtx(c.state, 4n);
  await c.svc.onEpoch!(e4, 4n);
  assert.equal((await r.nodeStatus(n.id))?.expiration_processed, true, 'expired at 4 (3 < 4)');
  assert.deepEqual(
    e4.events.map((e) => e.kind),
    ['NodeExpired'],
  );
  await c.svc.onEpoch!(blockCtx(c.state, 5n), 5n);
  assert.ok(await r.node(n.id), 'still there at 5 = 3 + 2');
  const e6 = blockCtx(c.state, 6n);
  await c.svc.onEpoch!(e6, 6n);
  assert.equal(await r.node(n.id), null);
  assert.equal(await r.nodeStatus(n.id), null);
  assert.deepEqual(await r.entityNodeIds(c.owner.publicKey), []);
  assert.equal(await r.keyOwner(c.node.consensus.publicKey), null);
  assert.deepEqual(
    e6.events.map((e) => e.kind),
    ['NodeRemoved'],
  );
});

test('freezeNode / registry.UnfreezeNode: only the entity, only after the freeze ends', async () => {
  const c = await chain();
  const n = await reg(c, c.node, 1n);
  const r = new RegistryStateReader(c.state);
  const unfreeze = (epoch: bigint, signer = c.owner.publicKey) =>
    call(c.svc, txCtx(c.state, epoch, signer), METHOD_UNFREEZE_NODE, { node_id: n.id });
  await assert.rejects(unfreeze(1n), isCode(RegistryError.NODE_NOT_FROZEN));
  await freezeNode(c.state, n.id, 4n);
  await freezeNode(c.state, n.id, 3n); // an earlier end does not shorten the freeze
  assert.equal((await r.nodeStatus(n.id))?.freeze_end_time, 4n);
  await assert.rejects(unfreeze(3n), isCode(RegistryError.NODE_STILL_FROZEN));
  await assert.rejects(unfreeze(4n, n.id), isCode(RegistryError.INCORRECT_TX_SIGNER));
  await assert.rejects(
    call(c.svc, txCtx(c.state, 4n, c.owner.publicKey), METHOD_UNFREEZE_NODE, { node_id: new Uint8Array(32) }),
    isCode(RegistryError.NODE_NOT_FOUND),
  );
  await unfreeze(4n);
  assert.equal((await r.nodeStatus(n.id))?.freeze_end_time, 0n);
  await assert.rejects(freezeNode(c.state, new Uint8Array(32), 1n), isCode(RegistryError.NODE_NOT_FOUND));
});

test('recordFault suspends for 2^failures epochs (capped at 64); recordSuccess forgives one failure', async () => {
  const c = await chain();
  const n = await reg(c, c.node, 1n);
  assert.deepEqual(await recordFault(c.state, n.id, RT_ID, 10n), {
    runtime_id: RT_ID,
    failures: 1,
    suspended_until: 12n,
  });
  assert.equal((await recordFault(c.state, n.id, RT_ID, 12n)).suspended_until, 16n);
  for (let i = 0; i < 8; i++) await recordFault(c.state, n.id, RT_ID, 20n);
  const f = await recordFault(c.state, n.id, RT_ID, 100n);
  assert.deepEqual([f.failures, f.suspended_until], [11, 164n]);
  assert.equal((await recordSuccess(c.state, n.id, RT_ID, 200n)).failures, 10);
  for (let i = 0; i < 10; i++) await recordSuccess(c.state, n.id, RT_ID, 200n);
  assert.deepEqual((await new RegistryStateReader(c.state).nodeStatus(n.id))?.faults, []);
});

test('eligibleNodes: not frozen, not expired, eligible after, role, active version, not suspended', async () => {
  const c = await chain();
  const next = [...runtimeDesc(c.owner.publicKey).deployments, { version: ver(2), valid_from: 6n }];
  await call(
    c.svc,
    txCtx(c.state, 1n, c.owner.publicKey),
    METHOD_REGISTER_RUNTIME,
    runtimeDesc(c.owner.publicKey, { deployments: next }),
  );
  const a = await reg(c, c.node, 1n, { expiration: 6n });
  const b = await reg(c, nodeKeys(20), 1n, { expiration: 3n, roles: ROLE_COMPUTE | ROLE_STORAGE });
  // Registered at 1: eligible after 2, so first electable at 3.
  assert.deepEqual(await eligibleNodes(c.state, RT_ID, 2n), []);
  assert.deepEqual(ids(await eligibleNodes(c.state, RT_ID, 3n)), ids([a, b]).sort(), 'in node id order');
  assert.deepEqual(ids(await eligibleNodes(c.state, RT_ID, 3n, ROLE_STORAGE)), ids([b]));
  assert.deepEqual(await eligibleNodes(c.state, RT_ID, 3n, ROLE_OBSERVER), []);
  assert.deepEqual(ids(await eligibleNodes(c.state, RT_ID, 4n)), ids([a]), 'b expired (3 < 4)');
  await recordFault(c.state, a.id, RT_ID, 4n); // suspended until 6
  assert.deepEqual(await eligibleNodes(c.state, RT_ID, 5n), []);
  // At 6 deployment v2 is active and `a` still serves v1.
  assert.deepEqual(await eligibleNodes(c.state, RT_ID, 6n), []);
  await reg(c, c.node, 6n, { expiration: 8n, runtimes: [{ id: RT_ID, version: ver(2) }] });
  assert.deepEqual(ids(await eligibleNodes(c.state, RT_ID, 6n)), ids([a]));
  await freezeNode(c.state, a.id, 7n);
  assert.deepEqual(await eligibleNodes(c.state, RT_ID, 6n), []);
  assert.deepEqual(await eligibleNodes(c.state, new Uint8Array(32), 6n), [], 'unknown runtime');
});

test('listings are in key order and identical across insertion orders', async () => {
  const build = async (order: number[]) => {
    const c = await chain();
    for (const base of order) {
      // Whitelist every node on the owner entity first.
      const keys = nodeKeys(base);
      const r = new RegistryStateReader(c.state);
      const nodes = [...((await r.entity(c.owner.publicKey))?.nodes ?? []), keys.id.publicKey];
      await call(
        c.svc,
        txCtx(c.state, 1n, c.owner.publicKey),
        'registry.RegisterEntity',
        entity(c.owner, nodes),
      );
      await reg(c, keys, 1n);
    }
    return c;
  };
  const x = await build([30, 50, 40]);
  const y = await build([40, 30, 50]);
  const rx = new RegistryStateReader(x.state);
  const ry = new RegistryStateReader(y.state);
  const list = ids(await rx.nodes());
  assert.deepEqual(list, [...list].sort());
  assert.deepEqual(list, ids(await ry.nodes()));
  assert.deepEqual(
    ids(await eligibleNodes(x.state, RT_ID, 3n)),
    ids(await eligibleNodes(y.state, RT_ID, 3n)),
  );
  // Node state is the same; only the entity's whitelist order (as signed) differs.
  const nodeKeysOnly = (d: string) => d.split('\n').filter((e) => !e.startsWith('5202'));
  assert.deepEqual(nodeKeysOnly(x.state.dump()), nodeKeysOnly(y.state.dump()));
});
