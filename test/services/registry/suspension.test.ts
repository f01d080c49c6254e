// Runtime suspension bookkeeping and stake claims (RT-24, RT-25, RT-26).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { addressFromPublicKey, addressFromRuntimeId, bytesEqual } from '../../../src/common/index.js';
import {
  entityRequirement,
  GOVERNANCE_RUNTIME,
  isSuspended,
  METHOD_REGISTER_ENTITY,
  METHOD_REGISTER_NODE,
  METHOD_REGISTER_RUNTIME,
  RegistryError,
  RegistryStateReader,
  resumeRuntime,
  runtimeOwnerHasStake,
  type StakeClaims,
  type StakeRequirement,
  suspendRuntime,
  ThresholdKind,
} from '../../../src/services/registry/index.js';
import {
  allSigners,
  call,
  chain,
  entity,
  key,
  nodeDesc,
  RT_ID,
  runtimeDesc,
  signNode,
  txCtx,
} from './context.js';

const isCode = (code: number) => (e: unknown) => RegistryError.is(e, 'registry', code);

/** Fake claims: records every question; `short` owners are refused. */
function fakeClaims(): StakeClaims & { asked: [Uint8Array, StakeRequirement][]; short: Uint8Array[] } {
  const asked: [Uint8Array, StakeRequirement][] = [];
  const short: Uint8Array[] = [];
  return {
    asked,
    short,
    covers: async (_state, owner, req) => {
      asked.push([owner, req]);
      return !short.some((s) => bytesEqual(s, owner));
    },
  };
}

test('RT-24 RT-26 suspendRuntime / resumeRuntime / isSuspended', async () => {
  const c = await chain();
  assert.equal(await isSuspended(c.state, RT_ID), false);
  assert.equal(await suspendRuntime(c.state, RT_ID, 4n), true);
  assert.equal(await suspendRuntime(c.state, RT_ID, 5n), false, 'already suspended: first epoch kept');
  const r = new RegistryStateReader(c.state);
  assert.deepEqual(await r.suspension(RT_ID), { since: 4n });
  assert.deepEqual(await r.suspendedRuntimeIds(), [RT_ID]);
  assert.equal(await isSuspended(c.state, RT_ID), true);
  // RT-26: nodes still register for a suspended runtime (prepaying maintenance).
  const n = nodeDesc(c.node, c.owner.publicKey, { expiration: 6n });
  const ctx = txCtx(c.state, 4n, c.node.id.publicKey);
  await call(c.svc, ctx, METHOD_REGISTER_NODE, signNode(n, allSigners(c.node)));
  assert.deepEqual(ctx.gas, [2000n]);
  assert.equal(await resumeRuntime(c.state, RT_ID), true);
  assert.equal(await resumeRuntime(c.state, RT_ID), false);
  assert.equal(await isSuspended(c.state, RT_ID), false);
  assert.ok(await r.runtime(RT_ID), 'the descriptor is kept throughout');
  await assert.rejects(
    suspendRuntime(c.state, new Uint8Array(32), 1n),
    isCode(RegistryError.RUNTIME_NOT_FOUND),
  );
});

test('RT-25 runtimeOwnerHasStake asks StakeClaims for the owner entity with all its claims', async () => {
  const claims = fakeClaims();
  const c = await chain({
    claims,
    runtime: {
      staking: {
        thresholds: [{ kind: ThresholdKind.nodeCompute, amount: 7n }],
        reward_equivocation: 0,
        reward_bad_results: 0,
        min_in_message_fee: 0n,
      },
    },
  });
  await call(
    c.svc,
    txCtx(c.state, 1n, c.node.id.publicKey),
    METHOD_REGISTER_NODE,
    signNode(nodeDesc(c.node, c.owner.publicKey), allSigners(c.node)),
  );
  claims.asked.length = 0;
  assert.equal(await runtimeOwnerHasStake(c.state, RT_ID, claims), true);
  const [owner, req] = claims.asked[0]!;
  assert.deepEqual(owner, addressFromPublicKey(c.owner.publicKey));
  assert.deepEqual(
    [...req.kinds].sort(),
    [ThresholdKind.entity, ThresholdKind.nodeCompute, ThresholdKind.runtimeCompute].sort(),
  );
  assert.equal(req.extra, 7n, 'the runtime adds 7 per compute node');
  assert.deepEqual(await entityRequirement(c.state, c.owner.publicKey), req);
  claims.short.push(addressFromPublicKey(c.owner.publicKey));
  assert.equal(await runtimeOwnerHasStake(c.state, RT_ID, claims), false);
});

test('RT-25 under runtime governance the runtime account is the owner', async () => {
  const claims = fakeClaims();
  const c = await chain({ claims, runtime: { governance_model: GOVERNANCE_RUNTIME } });
  claims.short.push(addressFromRuntimeId(RT_ID));
  assert.equal(await runtimeOwnerHasStake(c.state, RT_ID, claims), false);
  assert.deepEqual(claims.asked.at(-1)?.[1], { kinds: [ThresholdKind.runtimeCompute], extra: 0n });
});

test('RT-25 registrations that the owner escrow does not cover are refused unchanged', async () => {
  const claims = fakeClaims();
  const c = await chain({ claims });
  claims.short.push(addressFromPublicKey(c.owner.publicKey));
  const before = c.state.dump();
  const o = c.owner.publicKey;
  await assert.rejects(
    call(
      c.svc,
      txCtx(c.state, 1n, c.node.id.publicKey),
      METHOD_REGISTER_NODE,
      signNode(nodeDesc(c.node, o), allSigners(c.node)),
    ),
    isCode(RegistryError.INSUFFICIENT_STAKE),
  );
  await assert.rejects(
    call(c.svc, txCtx(c.state, 1n, o), METHOD_REGISTER_RUNTIME, runtimeDesc(o)),
    isCode(RegistryError.INSUFFICIENT_STAKE),
  );
  await assert.rejects(
    call(c.svc, txCtx(c.state, 1n, o), METHOD_REGISTER_ENTITY, entity(c.owner, [])),
    isCode(RegistryError.INSUFFICIENT_STAKE),
  );
  assert.deepEqual(c.state.dump(), before);
  // Another entity with stake is unaffected.
  const e2 = key(2);
  await call(c.svc, txCtx(c.state, 1n, e2.publicKey), METHOD_REGISTER_ENTITY, entity(e2, []));
});
