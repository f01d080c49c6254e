// Runtime registration (spec/oasis.md §4, §6): RT-3 id flags, RT-4 validity rules, update rules.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { makeNamespace, u64be } from '../../../src/common/index.js';
import {
  blockEnv,
  bypassStakeClaims,
  GOVERNANCE_CONSENSUS,
  GOVERNANCE_RUNTIME,
  METHOD_REGISTER_RUNTIME,
  RegistryError,
  RegistryStateReader,
  RUNTIME_KIND_KEY_MANAGER,
  type Runtime,
  runtimeCodec,
  updateRuntimeByMessage,
} from '../../../src/services/registry/index.js';
import { blockCtx, type Chain, call, chain, key, RT_ID, runtimeDesc, txCtx, ver } from './context.js';

const isCode = (code: number) => (e: unknown) => RegistryError.is(e, 'registry', code);

/** Registering `rt` as `signer` fails with `code` and leaves the state untouched. */
async function rejects(
  c: Chain,
  rt: Runtime,
  code: number,
  signer = c.owner.publicKey,
  label?: string,
): Promise<void> {
  const before = c.state.dump();
  await assert.rejects(
    call(c.svc, txCtx(c.state, 1n, signer), METHOD_REGISTER_RUNTIME, rt),
    isCode(code),
    label,
  );
  assert.deepEqual(c.state.dump(), before, label);
}

const idWith = (flags: bigint, seed = 7): Uint8Array => {
  const id = new Uint8Array(32).fill(seed);
  id.set(u64be(flags), 0);
  return id;
};

test('RT-4 a valid runtime registers and reads back', async () => {
  const c = await chain();
  const other = runtimeDesc(c.owner.publicKey, { id: makeNamespace({}, new Uint8Array(24).fill(3)) });
  const ctx = txCtx(c.state, 1n, c.owner.publicKey);
  await call(c.svc, ctx, METHOD_REGISTER_RUNTIME, other);
  const r = new RegistryStateReader(c.state);
  assert.deepEqual(await r.runtime(other.id), other);
  assert.equal(ctx.events[0]?.kind, 'RuntimeRegistered');
});

test('RT-3 runtime id flags: reserved bits, test flag gated by params, key-manager flag matches kind', async () => {
  const c = await chain();
  const o = c.owner.publicKey;
  await rejects(c, runtimeDesc(o, { id: idWith(1n) }), RegistryError.INVALID_RUNTIME_ID);
  await rejects(c, runtimeDesc(o, { id: idWith(1n << 61n) }), RegistryError.INVALID_RUNTIME_ID);
  await rejects(c, runtimeDesc(o, { id: idWith(1n << 63n) }), RegistryError.TEST_RUNTIME_NOT_ALLOWED);
  await rejects(c, runtimeDesc(o, { id: idWith(1n << 62n) }), RegistryError.INVALID_RUNTIME_ID);
  const km = runtimeDesc(o, { id: idWith(0n), kind: RUNTIME_KIND_KEY_MANAGER });
  await rejects(c, km, RegistryError.INVALID_RUNTIME_ID);
  const t = await chain({ params: { allow_test_runtimes: true } });
  await call(
    t.svc,
    txCtx(t.state, 1n, t.owner.publicKey),
    METHOD_REGISTER_RUNTIME,
    runtimeDesc(t.owner.publicKey, { id: idWith(1n << 63n) }),
  );
  assert.ok(await new RegistryStateReader(t.state).runtime(idWith(1n << 63n)));
});

test('RT-4 every invalid field gives its coded error and changes nothing', async () => {
  const c = await chain();
  const o = c.owner.publicKey;
  const base = runtimeDesc(o, { id: idWith(0n, 9) });
  const ex = base.executor;
  const ts = base.txn_scheduler;
  const st = base.storage;
  const cases: [string, Partial<Runtime>, number][] = [
    ['version', { v: 2 }, RegistryError.MALFORMED_DESCRIPTOR],
    ['kind', { kind: 3 }, RegistryError.INVALID_RUNTIME_KIND],
    ['tee hardware', { tee_hardware: 9 }, RegistryError.INVALID_TEE],
    ['group_size 0', { executor: { ...ex, group_size: 0 } }, RegistryError.INVALID_EXECUTOR_PARAMS],
    [
      'stragglers > group',
      { executor: { ...ex, group_size: 1, group_backup_size: 3, allowed_stragglers: 2 } },
      RegistryError.INVALID_EXECUTOR_PARAMS,
    ],
    [
      'stragglers > backup',
      { executor: { ...ex, group_size: 3, group_backup_size: 1, allowed_stragglers: 2 } },
      RegistryError.INVALID_EXECUTOR_PARAMS,
    ],
    ['round_timeout 0', { executor: { ...ex, round_timeout: 0n } }, RegistryError.INVALID_EXECUTOR_PARAMS],
    [
      'live percent',
      { executor: { ...ex, min_live_rounds_percent: 101 } },
      RegistryError.INVALID_EXECUTOR_PARAMS,
    ],
    [
      'missed percent',
      { executor: { ...ex, max_missed_proposals_percent: 101 } },
      RegistryError.INVALID_EXECUTOR_PARAMS,
    ],
    [
      'flush < 50ms',
      { txn_scheduler: { ...ts, batch_flush_timeout: 49n } },
      RegistryError.INVALID_TXN_SCHEDULER_PARAMS,
    ],
    [
      'batch size 0',
      { txn_scheduler: { ...ts, max_batch_size: 0n } },
      RegistryError.INVALID_TXN_SCHEDULER_PARAMS,
    ],
    [
      'batch bytes < 1024',
      { txn_scheduler: { ...ts, max_batch_size_bytes: 1023n } },
      RegistryError.INVALID_TXN_SCHEDULER_PARAMS,
    ],
    [
      'propose < 1s',
      { txn_scheduler: { ...ts, propose_batch_timeout: 999n, batch_flush_timeout: 50n } },
      RegistryError.INVALID_TXN_SCHEDULER_PARAMS,
    ],
    [
      'flush > propose',
      { txn_scheduler: { ...ts, batch_flush_timeout: 3000n } },
      RegistryError.INVALID_TXN_SCHEDULER_PARAMS,
    ],
    [
      'RT-22 replication without committee',
      { storage: { ...st, min_write_replication: 1 } },
      RegistryError.INVALID_STORAGE_PARAMS,
    ],
    [
      'RT-22 replication 0 with committee',
      { storage: { ...st, group_size: 3 } },
      RegistryError.INVALID_STORAGE_PARAMS,
    ],
    [
      'RT-22 replication > committee',
      { storage: { ...st, group_size: 3, min_write_replication: 4 } },
      RegistryError.INVALID_STORAGE_PARAMS,
    ],
    [
      'checkpoint interval < 10',
      {
        storage: {
          ...st,
          checkpoint_interval: 9n,
          checkpoint_num_kept: 1n,
          checkpoint_chunk_size: 1n << 20n,
        },
      },
      RegistryError.INVALID_STORAGE_PARAMS,
    ],
    [
      'checkpoints kept 0',
      { storage: { ...st, checkpoint_interval: 10n, checkpoint_chunk_size: 1n << 20n } },
      RegistryError.INVALID_STORAGE_PARAMS,
    ],
    [
      'chunk < 1 MiB',
      { storage: { ...st, checkpoint_interval: 10n, checkpoint_num_kept: 1n, checkpoint_chunk_size: 1000n } },
      RegistryError.INVALID_STORAGE_PARAMS,
    ],
    [
      'whitelist duplicate',
      { admission_policy: { entity_whitelist: { entities: [o, o] } } },
      RegistryError.INVALID_ADMISSION_POLICY,
    ],
    [
      'threshold kind',
      { staking: { ...base.staking, thresholds: [{ kind: 8, amount: 1n }] } },
      RegistryError.INVALID_STAKING_PARAMS,
    ],
    [
      'threshold twice',
      {
        staking: {
          ...base.staking,
          thresholds: [
            { kind: 2, amount: 1n },
            { kind: 2, amount: 2n },
          ],
        },
      },
      RegistryError.INVALID_STAKING_PARAMS,
    ],
    [
      'slash reason',
      { staking: { ...base.staking, slashing: [{ reason: 0, amount: 1n, freeze_interval: 1n }] } },
      RegistryError.INVALID_STAKING_PARAMS,
    ],
    [
      'reward percent',
      { staking: { ...base.staking, reward_bad_results: 101 } },
      RegistryError.INVALID_STAKING_PARAMS,
    ],
    ['governance unknown', { governance_model: 4 }, RegistryError.INVALID_GOVERNANCE],
    [
      'governance consensus by tx',
      { governance_model: GOVERNANCE_CONSENSUS },
      RegistryError.INVALID_GOVERNANCE,
    ],
    ['no deployment', { deployments: [] }, RegistryError.INVALID_DEPLOYMENTS],
    [
      'deployments unordered',
      {
        deployments: [
          { version: ver(2), valid_from: 5n },
          { version: ver(3), valid_from: 5n },
        ],
      },
      RegistryError.INVALID_DEPLOYMENTS,
    ],
    [
      'versions not increasing',
      {
        deployments: [
          { version: ver(2), valid_from: 0n },
          { version: ver(1), valid_from: 5n },
        ],
      },
      RegistryError.INVALID_DEPLOYMENTS,
    ],
    ['key manager unknown', { key_manager: RT_ID }, RegistryError.INVALID_KEY_MANAGER],
    ['entity unknown', { entity_id: key(99).publicKey }, RegistryError.ENTITY_NOT_FOUND],
  ];
  for (const [name, over, code] of cases) {
    await rejects(c, { ...base, ...over }, code, over.entity_id ?? o, name);
  }
  await rejects(c, base, RegistryError.INCORRECT_TX_SIGNER, key(2).publicKey);
});

test('RT-4 a key-manager runtime may be referenced; a compute runtime may not', async () => {
  const c = await chain();
  const o = c.owner.publicKey;
  const kmId = makeNamespace({ keyManager: true }, new Uint8Array(24).fill(4));
  const km = runtimeDesc(o, { id: kmId, kind: RUNTIME_KIND_KEY_MANAGER });
  await call(c.svc, txCtx(c.state, 1n, o), METHOD_REGISTER_RUNTIME, km);
  const user = runtimeDesc(o, { id: makeNamespace({}, new Uint8Array(24).fill(5)), key_manager: kmId });
  await call(c.svc, txCtx(c.state, 1n, o), METHOD_REGISTER_RUNTIME, user);
  await rejects(
    c,
    { ...user, id: makeNamespace({}, new Uint8Array(24).fill(6)), key_manager: RT_ID },
    RegistryError.INVALID_KEY_MANAGER,
  );
  await rejects(
    c,
    { ...km, id: makeNamespace({ keyManager: true }, new Uint8Array(24).fill(7)), key_manager: kmId },
    RegistryError.INVALID_KEY_MANAGER,
  );
});

test('RT-4 updates: owner only, id/kind/genesis fixed, entity→runtime governance only, deployments append in the future', async () => {
  const c = await chain();
  const o = c.owner.publicKey;
  const rt = runtimeDesc(o);
  await rejects(c, rt, RegistryError.INCORRECT_TX_SIGNER, key(2).publicKey);
  await rejects(c, { ...rt, tee_hardware: 1 }, RegistryError.RUNTIME_UPDATE_NOT_ALLOWED);
  await rejects(
    c,
    { ...rt, genesis: { state_root: new Uint8Array(32).fill(1), round: 0n } },
    RegistryError.RUNTIME_UPDATE_NOT_ALLOWED,
  );
  await rejects(
    c,
    { ...rt, governance_model: GOVERNANCE_CONSENSUS },
    RegistryError.RUNTIME_UPDATE_NOT_ALLOWED,
  );
  await rejects(
    c,
    { ...rt, deployments: [{ version: ver(2), valid_from: 0n }] },
    RegistryError.INVALID_DEPLOYMENTS,
  );
  const late = [...rt.deployments, { version: ver(2), valid_from: 1n }];
  await rejects(c, { ...rt, deployments: late }, RegistryError.INVALID_DEPLOYMENTS);
  const next = [...rt.deployments, { version: ver(2), valid_from: 4n }];
  await call(c.svc, txCtx(c.state, 1n, o), METHOD_REGISTER_RUNTIME, { ...rt, deployments: next });
  const runtimeGov = { ...rt, deployments: next, governance_model: GOVERNANCE_RUNTIME };
  await call(c.svc, txCtx(c.state, 1n, o), METHOD_REGISTER_RUNTIME, runtimeGov);
  // Under runtime governance, transactions no longer update it (and it cannot go back).
  await rejects(c, { ...runtimeGov, governance_model: 1 }, RegistryError.RUNTIME_UPDATE_NOT_ALLOWED);
  assert.equal((await new RegistryStateReader(c.state).runtime(RT_ID))?.governance_model, GOVERNANCE_RUNTIME);
});

test('RT-4 the kind of a registered runtime cannot change', async () => {
  const c = await chain();
  const o = c.owner.publicKey;
  const kmId = makeNamespace({ keyManager: true }, new Uint8Array(24).fill(4));
  await call(
    c.svc,
    txCtx(c.state, 1n, o),
    METHOD_REGISTER_RUNTIME,
    runtimeDesc(o, { id: kmId, kind: RUNTIME_KIND_KEY_MANAGER }),
  );
  // Same id as compute: the id flag check refuses first (flags and kind must agree).
  await rejects(c, runtimeDesc(o, { id: kmId }), RegistryError.INVALID_RUNTIME_ID);
});

test('RT-4 malformed runtime bodies are refused by the body codec', async () => {
  const c = await chain();
  const m = c.svc.methods.find((x) => x.name === METHOD_REGISTER_RUNTIME)!;
  const good = m.body.toCbor(runtimeDesc(c.owner.publicKey), '') as Record<string, unknown>;
  assert.throws(() => m.body.fromCbor({ ...good, extra: 1 }, ''), /unknown field/);
  assert.throws(() => m.body.fromCbor({ ...good, id: new Uint8Array(31) }, ''), /32 bytes/);
  const many = Array.from({ length: 6 }, (_, i) => ({ version: ver(i + 1), valid_from: BigInt(i) }));
  assert.throws(() => m.body.fromCbor({ ...good, deployments: many }, ''), /at most 5/);
});

test('RT-27 update_runtime messages: only a runtime-governed runtime updates its own descriptor; bad ones change nothing', async () => {
  const c = await chain({ runtime: { governance_model: GOVERNANCE_RUNTIME } });
  const env = () => blockEnv(blockCtx(c.state, 1n), bypassStakeClaims);
  const rt = runtimeDesc(c.owner.publicKey, { governance_model: GOVERNANCE_RUNTIME });
  const before = c.state.dump();
  const refused: [unknown, Uint8Array, number][] = [
    [{ bogus: 1 }, RT_ID, RegistryError.MALFORMED_DESCRIPTOR],
    [runtimeCodec.toCbor(rt, ''), idWith(0n, 9), RegistryError.RUNTIME_UPDATE_NOT_ALLOWED],
    [
      runtimeCodec.toCbor({ ...rt, governance_model: 1 }, ''),
      RT_ID,
      RegistryError.RUNTIME_UPDATE_NOT_ALLOWED,
    ],
    [
      runtimeCodec.toCbor({ ...rt, kind: RUNTIME_KIND_KEY_MANAGER }, ''),
      RT_ID,
      RegistryError.INVALID_RUNTIME_ID,
    ],
  ];
  for (const [raw, id, code] of refused) {
    await assert.rejects(updateRuntimeByMessage(await env(), id, raw), isCode(code));
    assert.deepEqual(c.state.dump(), before);
  }
  const next = { ...rt, txn_scheduler: { ...rt.txn_scheduler, max_batch_size: 9n } };
  await updateRuntimeByMessage(await env(), RT_ID, runtimeCodec.toCbor(next, ''));
  assert.equal((await new RegistryStateReader(c.state).runtime(RT_ID))!.txn_scheduler.max_batch_size, 9n);

  const e = await chain();
  await assert.rejects(
    updateRuntimeByMessage(
      await blockEnv(blockCtx(e.state, 1n), bypassStakeClaims),
      RT_ID,
      runtimeCodec.toCbor(runtimeDesc(e.owner.publicKey), ''),
    ),
    isCode(RegistryError.RUNTIME_UPDATE_NOT_ALLOWED),
    'an entity-governed runtime is not updated by its messages',
  );
});
