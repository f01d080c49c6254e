/**
 * State sync with an operator trust anchor (issue 8; config `state_sync.trust_height` /
 * `trust_hash`): the joining node takes only the checkpoint of the trusted block, even when a
 * newer one is offered; the anchor replaces the genesis-power rule, so a checkpoint signed by a
 * validator set the genesis does not know passes with it and fails without it; a wrong hash or a
 * height nobody offers fails with a message naming it, penalizes no peer and leaves the data dir
 * untouched.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { blockHash, ChainContexts } from '../../src/consensus/bft/index.js';
import { chainContextOf } from '../../src/consensus/index.js';
import {
  type CheckpointSource,
  dataDirLayout,
  type InProcessLocalnet,
  NodeError,
  runStateSync,
  StateSyncClient,
  serveBlockSync,
  serveStateSync,
  type TrustAnchor,
  verifyCheckpoint,
} from '../../src/node/index.js';
import { ADMIT_ALL, MemoryHub, MemoryNetwork } from '../../src/p2p/index.js';
import { checkpointingLocalnet } from '../helpers/checkpoints.js';

/** A peer serving validator 0's blocks and the checkpoints it offers now (the chain goes on and
 * the validator keeps only its newest two; nothing prunes the trees, so older ones stay servable). */
async function honestPeer(hub: MemoryHub, net: InProcessLocalnet): Promise<MemoryNetwork> {
  const p = new MemoryNetwork(hub, new Uint8Array(32).fill(2), ADMIT_ALL);
  const src = net.validators[0]!.checkpoints!;
  const list = src.list();
  const kept = new Map(list.map((o) => [o.height, src.get(o.height)!]));
  const frozen: CheckpointSource = { list: () => list, get: (h) => kept.get(h) };
  await serveBlockSync(p, net.chainId, net.validators[0]!.blocks);
  await serveStateSync(p, net.chainId, frozen, () => net.apps[0]!.committed.height);
  await p.start();
  return p;
}

const untrusted = (pattern: RegExp) => (e: unknown) =>
  NodeError.is(e, 'node', NodeError.STATE_SYNC_UNTRUSTED) && pattern.test((e as Error).message);

test('state sync: a trust anchor takes exactly its checkpoint and replaces the genesis-power rule', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tandem-anchor-'));
  const net = await checkpointingLocalnet(dir);
  try {
    const hub = new MemoryHub();
    const honest = await honestPeer(hub, net);
    const joiner = new MemoryNetwork(hub, new Uint8Array(32).fill(3), ADMIT_ALL);
    await joiner.start();
    const client = new StateSyncClient(joiner, net.chainId, 5000, () => {});
    const offers = await client.offers(honest.peerId);
    const older = offers.reduce((a, b) => (a.height < b.height ? a : b));
    assert.ok(
      offers.some((o) => o.height > older.height),
      'a newer checkpoint is offered too',
    );
    const decided = await client.blocks(honest.peerId, older.height, older.height + 1n);
    const anchor: TrustAnchor = { height: older.height, blockHash: blockHash(decided[0]!.block) };

    // The checks alone: a genesis that knows none of the signers (a fully rotated set).
    const input = {
      ctx: new ChainContexts(net.chainId),
      chainContext: chainContextOf(net.genesis),
      validators: [{ pubKey: new Uint8Array(32).fill(9), power: 10n }],
      offer: older,
      record: await client.record(honest.peerId, older),
      decided,
    };
    assert.throws(() => verifyCheckpoint(input), untrusted(/1\/3 of the genesis power/));
    assert.equal(verifyCheckpoint({ ...input, anchor }).decided.block.header.height, older.height);
    const wrong = { height: older.height, blockHash: new Uint8Array(32).fill(1) };
    assert.throws(() => verifyCheckpoint({ ...input, anchor: wrong }), untrusted(/not the trusted/));

    // Through runStateSync: a wrong hash, then a height nobody offers, then the right anchor.
    const layout = dataDirLayout(join(dir, 'joiner'));
    const penalize = (p: string) => joiner.scores.penalize(p, 'malformed');
    const base = {
      net: joiner,
      genesis: net.genesis,
      layout,
      peers: [honest.peerId],
      penalize,
      uedStore: 'nodes' as const,
    };
    await assert.rejects(runStateSync({ ...base, trust: wrong }), (e) => {
      return (
        NodeError.is(e, 'node', NodeError.STATE_SYNC_FAILED) && /not the trusted/.test((e as Error).message)
      );
    });
    await assert.rejects(runStateSync({ ...base, trust: { ...anchor, height: older.height + 1n } }), (e) => {
      const m = (e as Error).message;
      return (
        NodeError.is(e, 'node', NodeError.STATE_SYNC_FAILED) && /no peer offers .* trusted height/.test(m)
      );
    });
    assert.equal(joiner.scores.score(honest.peerId), 0, 'a mismatch with the anchor penalizes no peer');
    for (const p of [layout.appRecord, layout.vedDb, layout.uedDb, layout.blocks]) {
      assert.equal(existsSync(p), false, `${p} untouched by a failed state sync`);
    }
    assert.equal(
      await runStateSync({ ...base, trust: anchor }),
      older.height,
      'the anchored, not the newest',
    );
  } finally {
    await net.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});
