// Stake claims against the VED's copy of the stake snapshot (spec/oasis.md §7, RT-25).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { addressFromPublicKey } from '../../../src/common/index.js';
import {
  createRegistryService,
  ownerStake,
  RegistryError,
  registryGenesisCodec,
  replaceOwnerStakes,
  requiredStake,
  snapshotStakeClaims,
  stakeKey,
  ThresholdKind,
} from '../../../src/services/registry/index.js';
import { MemoryKvState } from '../../helpers/kv-state.js';
import { blockCtx, key, PARAMS } from './context.js';

const isCode = (code: number) => (e: unknown) => RegistryError.is(e, 'registry', code);
const owner = addressFromPublicKey(key(1).publicKey);
const other = addressFromPublicKey(key(2).publicKey);

async function withThresholds(t: { kind: number; amount: bigint }[]) {
  const state = new MemoryKvState();
  const g = registryGenesisCodec.toCbor({ params: { ...PARAMS, stake_thresholds: t } }, '');
  await createRegistryService().initGenesis!(blockCtx(state, 0n), g);
  return state;
}

test('RT-25 claims cost the thresholds of their kinds plus extras and are covered by the snapshot escrow', async () => {
  const state = await withThresholds([
    { kind: ThresholdKind.entity, amount: 100n },
    { kind: ThresholdKind.nodeCompute, amount: 10n },
  ]);
  const req = {
    kinds: [ThresholdKind.entity, ThresholdKind.nodeCompute, ThresholdKind.nodeCompute],
    extra: 5n,
  };
  assert.equal(await requiredStake(state, req), 125n);
  assert.equal(await snapshotStakeClaims.covers(state, owner, req), false, 'no row: no stake');
  await replaceOwnerStakes(state, [
    { account: owner, balance: 125n },
    { account: other, balance: 0n },
  ]);
  assert.equal(await ownerStake(state, owner), 125n);
  assert.equal(await snapshotStakeClaims.covers(state, owner, req), true);
  await replaceOwnerStakes(state, [{ account: other, balance: 7n }]);
  assert.equal(await ownerStake(state, owner), 0n, 'a new snapshot replaces the old rows');
  assert.equal(await ownerStake(state, other), 7n);
  assert.equal(
    await snapshotStakeClaims.covers(state, other, { kinds: [ThresholdKind.runtimeCompute], extra: 0n }),
    true,
  );
});

test('stake thresholds of unknown or repeated kinds are refused; a corrupt row is a coded error', async () => {
  await assert.rejects(withThresholds([{ kind: 8, amount: 1n }]), isCode(RegistryError.INVALID_PARAMS));
  await assert.rejects(
    withThresholds([
      { kind: 0, amount: 1n },
      { kind: 0, amount: 2n },
    ]),
    isCode(RegistryError.INVALID_PARAMS),
  );
  const state = await withThresholds([]);
  state.set(stakeKey(owner), Uint8Array.of(0xff));
  await assert.rejects(ownerStake(state, owner), isCode(RegistryError.CORRUPT_STATE));
});
