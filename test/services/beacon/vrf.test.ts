// Beacon VRF backend (spec/oasis.md §5): proofs per epoch, alpha from sorted outputs, quality threshold.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { tuplehash256 } from '@noble/hashes/sha3-addons.js';
import {
  compareBytes,
  decodeWith,
  ecvrfProve,
  ecvrfPublicKey,
  ecvrfVerify,
  encodeWith,
  u64be,
  utf8,
} from '../../../src/common/index.js';
import type { Service } from '../../../src/consensus/index.js';
import {
  BeaconError,
  BeaconStateReader,
  createBeaconService,
  vrfProveBodyCodec,
} from '../../../src/services/beacon/index.js';
import { MemoryKvState } from '../../helpers/kv-state.js';
import { blockCtx, CHAIN_CONTEXT, txCtx } from './context.js';

interface Node {
  id: Uint8Array;
  seed: Uint8Array;
  vrf: Uint8Array;
}
// Node ids deliberately not in seed order, so "sorted by node" differs from creation order.
const nodes: Node[] = [0x30, 0x10, 0x20, 0x40].map((b, i) => {
  const seed = new Uint8Array(32).fill(i + 1);
  return { id: new Uint8Array(32).fill(b), seed, vrf: ecvrfPublicKey(seed) };
});
const outsider = { id: new Uint8Array(32).fill(0x99), seed: new Uint8Array(32).fill(0x77) };

const DELAY = 5n;
const INTERVAL = 10n;
function vrfGenesis(threshold: bigint, keys: Node[] = nodes) {
  return {
    params: { backend: 'vrf', proof_delay: DELAY, alpha_hq_threshold: threshold },
    vrf_keys: keys.map((n) => ({ node: n.id, vrf: n.vrf })),
  };
}

const isBeaconError = (code: number) => (e: unknown) => BeaconError.is(e, 'beacon', code);

async function chain(threshold = 2n): Promise<{ svc: Service; state: MemoryKvState; r: BeaconStateReader }> {
  const svc = createBeaconService();
  const state = new MemoryKvState();
  await svc.initGenesis!(blockCtx(state, 0n, 0n), vrfGenesis(threshold));
  return { svc, state, r: new BeaconStateReader(state) };
}

async function submit(
  svc: Service,
  state: MemoryKvState,
  height: bigint,
  epoch: bigint,
  signer: Uint8Array,
  pi: Uint8Array,
) {
  const m = svc.methods.find((x) => x.name === 'beacon.VRFProve')!;
  await m.handle(txCtx(state, height, epoch, signer), { epoch, pi });
}

/** Every listed node proves the current alpha at the epoch's submit height. */
async function proveAll(svc: Service, state: MemoryKvState, who: Node[]) {
  const s = (await new BeaconStateReader(state).vrfState())!;
  for (const n of who) await submit(svc, state, s.submit_after, s.epoch, n.id, ecvrfProve(n.seed, s.alpha));
}

function tuple(customization: string, epoch: bigint, parts: Uint8Array[]) {
  return tuplehash256([utf8(CHAIN_CONTEXT), u64be(epoch), ...parts], {
    dkLen: 32,
    personalization: utf8(customization),
  });
}

test('VRF genesis: low-quality alpha for the genesis epoch, proofs accepted from height proof_delay', async () => {
  const { r } = await chain();
  const s = (await r.vrfState())!;
  assert.equal(s.epoch, 0n);
  assert.equal(s.high_quality, false);
  assert.equal(s.submit_after, DELAY);
  assert.equal(s.prev_can_elect, false);
  assert.equal((await r.beacon(0n)).length, 32);
});

test('VRFProve: accepted after the delay, refused too early, twice, with a bad proof, from an unknown node', async () => {
  const { svc, state, r } = await chain();
  const s = (await r.vrfState())!;
  const [a, b] = nodes as [Node, Node];
  const piA = ecvrfProve(a.seed, s.alpha);
  let before = state.dump();
  await assert.rejects(
    submit(svc, state, DELAY - 1n, 0n, a.id, piA),
    isBeaconError(BeaconError.PROOF_TOO_EARLY),
  );
  assert.deepEqual(state.dump(), before);
  await submit(svc, state, DELAY, 0n, a.id, piA);
  assert.deepEqual((await r.proof(0n, a.id))?.beta, ecvrfVerify(a.vrf, s.alpha, piA));
  before = state.dump();
  await assert.rejects(
    submit(svc, state, DELAY + 1n, 0n, a.id, piA),
    isBeaconError(BeaconError.DUPLICATE_PROOF),
  );
  const flipped = ecvrfProve(b.seed, s.alpha);
  flipped[50]! ^= 0x04;
  await assert.rejects(
    submit(svc, state, DELAY, 0n, b.id, flipped),
    isBeaconError(BeaconError.INVALID_PROOF),
  );
  // A valid proof, but under another node's VRF key.
  await assert.rejects(submit(svc, state, DELAY, 0n, b.id, piA), isBeaconError(BeaconError.INVALID_PROOF));
  // A valid proof over the wrong alpha.
  const wrongAlpha = ecvrfProve(b.seed, new Uint8Array(32));
  await assert.rejects(
    submit(svc, state, DELAY, 0n, b.id, wrongAlpha),
    isBeaconError(BeaconError.INVALID_PROOF),
  );
  const piOut = ecvrfProve(outsider.seed, s.alpha);
  await assert.rejects(
    submit(svc, state, DELAY, 0n, outsider.id, piOut),
    isBeaconError(BeaconError.UNKNOWN_NODE),
  );
  await assert.rejects(submit(svc, state, DELAY, 1n, b.id, flipped), isBeaconError(BeaconError.WRONG_EPOCH));
  assert.deepEqual(state.dump(), before, 'rejected proofs leave no trace');
});

test('VRFProve body: strict codec refuses short proofs and unknown fields', () => {
  const ok = encodeWith(vrfProveBodyCodec, { epoch: 3n, pi: new Uint8Array(80) });
  assert.equal(decodeWith(vrfProveBodyCodec, ok).epoch, 3n);
  assert.throws(() => encodeWith(vrfProveBodyCodec, { epoch: 3n, pi: new Uint8Array(79) }));
  assert.throws(() => vrfProveBodyCodec.fromCbor({ epoch: 3n, pi: new Uint8Array(80), x: 1 }, ''));
});

test('alpha is TupleHash256 over the outputs sorted by node, independent of submission order', async () => {
  const x = await chain();
  const y = await chain();
  await proveAll(x.svc, x.state, nodes);
  await proveAll(y.svc, y.state, [...nodes].reverse());
  await x.svc.onEpoch!(blockCtx(x.state, INTERVAL, 1n), 1n);
  await y.svc.onEpoch!(blockCtx(y.state, INTERVAL, 1n), 1n);
  const sx = (await x.r.vrfState())!;
  assert.deepEqual(sx, await y.r.vrfState());
  assert.equal(sx.high_quality, true);
  const sorted = await x.r.proofs(0n);
  assert.deepEqual(
    sorted.map((p) => p.node),
    [...nodes].sort((p, q) => compareBytes(p.id, q.id)).map((n) => n.id),
  );
  const betas = sorted.map((p) => p.beta);
  assert.deepEqual(sx.alpha, tuple('tandem:vrf/alpha', 1n, betas));
  assert.deepEqual(await x.r.beacon(1n), tuple('tandem:vrf/beacon', 1n, betas));
  assert.deepEqual(x.state.dump(), y.state.dump());
});

test('quality threshold: fewer proofs than alpha_hq_threshold give a low-quality alpha from block entropy', async () => {
  const x = await chain(3n);
  const y = await chain(3n);
  await proveAll(x.svc, x.state, nodes.slice(0, 2));
  await proveAll(y.svc, y.state, nodes.slice(1, 3));
  await x.svc.onEpoch!(blockCtx(x.state, INTERVAL, 1n), 1n);
  await y.svc.onEpoch!(blockCtx(y.state, INTERVAL, 1n), 1n);
  const sx = (await x.r.vrfState())!;
  assert.equal(sx.high_quality, false);
  // The outputs do not enter a low-quality alpha: two chains with different provers agree.
  assert.deepEqual(sx.alpha, (await y.r.vrfState())!.alpha);
  assert.deepEqual(await x.r.beacon(1n), await y.r.beacon(1n));
  const z = await chain(2n);
  await proveAll(z.svc, z.state, nodes.slice(0, 2));
  await z.svc.onEpoch!(blockCtx(z.state, INTERVAL, 1n), 1n);
  assert.equal((await z.r.vrfState())!.high_quality, true, 'exactly the threshold is enough');
});

test('elections use the previous epoch proofs, electable only over a high-quality alpha; older proofs pruned', async () => {
  const { svc, state, r } = await chain(2n);
  await proveAll(svc, state, nodes.slice(0, 3));
  await svc.onEpoch!(blockCtx(state, INTERVAL, 1n), 1n);
  let e = await r.electionBetas();
  assert.equal(e.canElect, false, 'epoch 0 proofs were over the low-quality genesis alpha');
  assert.equal(e.betas.length, 3);
  const s1 = (await r.vrfState())!;
  assert.equal(s1.submit_after, INTERVAL + DELAY);
  await proveAll(svc, state, nodes.slice(1));
  await svc.onEpoch!(blockCtx(state, 2n * INTERVAL, 2n), 2n);
  e = await r.electionBetas();
  assert.equal(e.canElect, true);
  assert.deepEqual(
    e.betas.map((b) => b.node),
    nodes
      .slice(1)
      .map((n) => n.id)
      .sort(compareBytes),
  );
  assert.equal((await r.proofs(0n)).length, 0, 'epoch 0 proofs dropped');
  assert.equal((await r.vrfState())!.prev_epoch, 1n);
});

test('VRF keys come from the lookup given to the service (registry hook)', async () => {
  const n = nodes[0]!;
  const svc = createBeaconService({ vrfKeyLookup: async (_s, node) => (node[0] === 0x99 ? n.vrf : null) });
  const state = new MemoryKvState();
  await svc.initGenesis!(blockCtx(state, 0n, 0n), vrfGenesis(1n, []));
  const s = (await new BeaconStateReader(state).vrfState())!;
  const pi = ecvrfProve(n.seed, s.alpha);
  await assert.rejects(submit(svc, state, DELAY, 0n, n.id, pi), isBeaconError(BeaconError.UNKNOWN_NODE));
  await submit(svc, state, DELAY, 0n, outsider.id, pi);
  assert.equal((await new BeaconStateReader(state).proofs(0n)).length, 1);
});
