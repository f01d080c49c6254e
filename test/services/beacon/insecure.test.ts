// Beacon genesis and the insecure backend (spec/oasis.md §5): one beacon per epoch from block entropy.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import {
  concatBytes,
  ecvrfPublicKey,
  SMALL_ORDER_ENCODINGS,
  u64le,
  utf8,
} from '../../../src/common/index.js';
import { BeaconError, BeaconStateReader, createBeaconService } from '../../../src/services/beacon/index.js';
import { MemoryKvState } from '../../helpers/kv-state.js';
import { blockCtx, txCtx } from './context.js';

const sha3 = (...p: Uint8Array[]) =>
  new Uint8Array(
    createHash('sha3-256')
      .update(concatBytes(...p))
      .digest(),
  );
const insecureGenesis = { params: { backend: 'insecure', proof_delay: 0n, alpha_hq_threshold: 1n } };

/** The spec's formula, restated independently of the implementation. */
function expectedBeacon(height: bigint, timeMs: bigint, root: Uint8Array, epoch: bigint): Uint8Array {
  const entropy = sha3(u64le(height), u64le(timeMs), root);
  return sha3(utf8('EkB-tmnt'), entropy, u64le(epoch));
}

async function genesis(state: MemoryKvState, g: unknown = insecureGenesis) {
  const svc = createBeaconService();
  await svc.initGenesis!(blockCtx(state, 0n, 0n), g);
  return svc;
}

function isBeaconError(code: number) {
  return (e: unknown) => BeaconError.is(e, 'beacon', code);
}

test('insecure beacon: genesis epoch value follows SHA3-256("EkB-tmnt" ‖ entropy ‖ u64le(epoch))', async () => {
  const state = new MemoryKvState();
  await genesis(state);
  const ctx = blockCtx(state, 0n, 0n);
  const want = expectedBeacon(0n, ctx.timeMs, new Uint8Array(32), 0n);
  assert.deepEqual(await new BeaconStateReader(state).beacon(0n), want);
});

test('insecure beacon: a new value per epoch, chained through the previous beacon, idempotent per epoch', async () => {
  const state = new MemoryKvState();
  const svc = await genesis(state);
  const r = new BeaconStateReader(state);
  const b0 = await r.beacon(0n);
  const ctx1 = blockCtx(state, 10n, 1n);
  await svc.onEpoch!(ctx1, 1n);
  const b1 = await r.beacon(1n);
  assert.deepEqual(b1, expectedBeacon(10n, ctx1.timeMs, b0, 1n));
  assert.notDeepEqual(b1, b0);
  assert.equal(ctx1.events.length, 1);
  const before = state.dump();
  await svc.onEpoch!(blockCtx(state, 11n, 1n), 1n);
  assert.deepEqual(state.dump(), before, 'a second transition into the same epoch changes nothing');
  await svc.onEpoch!(blockCtx(state, 20n, 2n), 2n);
  assert.equal(await r.beaconOrNull(0n), null, 'only the current and previous epochs are kept');
  assert.deepEqual(await r.beacon(1n), b1);
  await assert.rejects(r.beacon(0n), isBeaconError(BeaconError.BEACON_UNAVAILABLE));
});

test('insecure beacon: deterministic across instances; previousRoot option replaces the entropy chain', async () => {
  const a = new MemoryKvState();
  const b = new MemoryKvState();
  await genesis(a);
  await genesis(b);
  assert.deepEqual(a.dump(), b.dump());
  const root = new Uint8Array(32).fill(9);
  const svc = createBeaconService({ previousRoot: () => root });
  const c = new MemoryKvState();
  const ctx = blockCtx(c, 0n, 0n);
  await svc.initGenesis!(ctx, insecureGenesis);
  assert.deepEqual(await new BeaconStateReader(c).beacon(0n), expectedBeacon(0n, ctx.timeMs, root, 0n));
  const bad = createBeaconService({ previousRoot: () => new Uint8Array(31) });
  await assert.rejects(
    bad.initGenesis!(blockCtx(new MemoryKvState(), 0n, 0n), insecureGenesis),
    isBeaconError(2),
  );
});

test('insecure beacon: genesis entropy_seed is the first previous-root input', async () => {
  const state = new MemoryKvState();
  const seed = new Uint8Array(32).fill(0xab);
  await genesis(state, { ...insecureGenesis, entropy_seed: seed });
  const ctx = blockCtx(state, 0n, 0n);
  assert.deepEqual(await new BeaconStateReader(state).beacon(0n), expectedBeacon(0n, ctx.timeMs, seed, 0n));
});

test('beacon genesis: malformed documents are refused and write nothing', async () => {
  const vrf = ecvrfPublicKey(new Uint8Array(32).fill(1));
  const node = new Uint8Array(32).fill(2);
  const bad: [unknown, number][] = [
    [{ params: { ...insecureGenesis.params, alpha_hq_threshold: 0n } }, BeaconError.INVALID_PARAMS],
    [{ params: { ...insecureGenesis.params, proof_delay: 1n << 60n } }, BeaconError.INVALID_PARAMS],
    [{ params: { ...insecureGenesis.params, backend: 'pvss' } }, BeaconError.INVALID_GENESIS],
    [{ ...insecureGenesis, extra: 1 }, BeaconError.INVALID_GENESIS],
    [{ ...insecureGenesis, vrf_keys: [{ node, vrf: new Uint8Array(31) }] }, BeaconError.INVALID_GENESIS],
    [
      {
        ...insecureGenesis,
        vrf_keys: [
          { node, vrf },
          { node, vrf },
        ],
      },
      BeaconError.INVALID_GENESIS,
    ],
    [
      { ...insecureGenesis, vrf_keys: [{ node, vrf: SMALL_ORDER_ENCODINGS[2] }] },
      BeaconError.INVALID_GENESIS,
    ],
    ['not a map', BeaconError.INVALID_GENESIS],
  ];
  for (const [g, code] of bad) {
    const state = new MemoryKvState();
    await assert.rejects(
      genesis(state, g),
      isBeaconError(code),
      JSON.stringify(g, (_, v) => String(v)),
    );
    assert.equal(state.size, 0);
  }
  const state = new MemoryKvState();
  await genesis(state);
  await assert.rejects(genesis(state), isBeaconError(BeaconError.INVALID_GENESIS), 'second genesis');
});

test('insecure backend: beacon.VRFProve is refused; hooks outside the VED do nothing', async () => {
  const state = new MemoryKvState();
  const svc = await genesis(state);
  const m = svc.methods.find((x) => x.name === 'beacon.VRFProve')!;
  const ctx = txCtx(state, 5n, 0n, new Uint8Array(32));
  await assert.rejects(
    m.handle(ctx, { epoch: 0n, pi: new Uint8Array(80) }),
    isBeaconError(BeaconError.WRONG_BACKEND),
  );
  const before = state.dump();
  await svc.onEpoch!(blockCtx(state, 10n, 1n, { domain: 'ued' }), 1n);
  assert.deepEqual(state.dump(), before);
  const ued = new MemoryKvState();
  await svc.initGenesis!(blockCtx(ued, 0n, 0n, { domain: 'ued' }), insecureGenesis);
  assert.equal(ued.size, 0);
});

test('beacon hooks before genesis fail with NOT_INITIALIZED', async () => {
  const svc = createBeaconService();
  await assert.rejects(
    svc.onEpoch!(blockCtx(new MemoryKvState(), 10n, 1n), 1n),
    isBeaconError(BeaconError.NOT_INITIALIZED),
  );
});

test('BeaconError: module "beacon", codes unique and within 1..29', () => {
  const codes = Object.entries(BeaconError)
    .filter(([k, v]) => /^[A-Z_]+$/.test(k) && typeof v === 'number')
    .map(([, v]) => v as number);
  assert.ok(codes.length >= 10);
  assert.equal(new Set(codes).size, codes.length);
  assert.ok(codes.every((c) => c >= 1 && c <= 29));
  assert.equal(new BeaconError(BeaconError.INVALID_PROOF, 'x').toWire().module, 'beacon');
});
