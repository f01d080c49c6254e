/**
 * State sync in process (issue 8): validators of the real chain make checkpoints; a node joining
 * late lists them over the memory network, restores the newest one (blocks h and h + 1 through
 * block sync, every chunk verified) without fetching any block below it, starts its app and
 * driver at h and follows the chain by block sync with the same VED and UED hashes. A peer that
 * serves a tampered chunk is penalized and the next peer is used; a peer serving a
 * self-consistent forged record (another UED hash, or another VED root) fails the trust checks, is penalized, and the
 * failed attempt leaves the data dir as it was.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { Ed25519Signer, nullLogger } from '../../src/common/index.js';
import {
  BftDriver,
  type BlockStorePort,
  ChainContexts,
  decodeMessage,
  encodeMessage,
  PrivValidator,
} from '../../src/consensus/bft/index.js';
import { type AppRecord, decodeAppRecord, encodeAppRecord } from '../../src/domains/index.js';
import { decodeChunk, encodeChunk } from '../../src/mkvs/index.js';
import {
  answerStateSync,
  type CheckpointRecord,
  type CheckpointSource,
  dataDirLayout,
  decodeStateSyncRequest,
  decodeStateSyncResponse,
  encodeStateSyncResponse,
  type InProcessLocalnet,
  NodeError,
  openStores,
  RealTimers,
  recordHash,
  runStateSync,
  type StateSyncResponse,
  serveBlockSync,
  serveStateSync,
  type LocalnetCommit as ValidatorCommit,
} from '../../src/node/index.js';
import {
  ADMIT_ALL,
  blockSyncProtocol,
  MemoryHub,
  MemoryNetwork,
  type Offence,
  stateSyncProtocol,
} from '../../src/p2p/index.js';
import { SIM_TIMEOUTS } from '../../src/sim/index.js';
import { checkpointingLocalnet } from '../helpers/checkpoints.js';
import { until } from '../helpers/until.js';

/** Validator 0's block store, recording every height read from it. */
function recording(net: InProcessLocalnet, read: Set<bigint>): BlockStorePort {
  const s = net.validators[0]!.blocks;
  return {
    save: (h, b, c) => s.save(h, b, c),
    block: (h) => {
      read.add(h);
      return s.block(h);
    },
    commit: (h) => s.commit(h),
    height: () => s.height(),
  };
}

type Transform = (r: StateSyncResponse, src: CheckpointSource) => StateSyncResponse;

/** A peer serving validator 0's blocks and checkpoints, its answers changed by `lie` if given. */
async function peer(
  hub: MemoryHub,
  seed: number,
  net: InProcessLocalnet,
  read: Set<bigint>,
  lie?: Transform,
) {
  const p = new MemoryNetwork(hub, new Uint8Array(32).fill(seed), ADMIT_ALL);
  const src = net.validators[0]!.checkpoints!;
  const tip = () => net.apps[0]!.committed.height;
  await serveBlockSync(p, net.chainId, recording(net, read));
  if (lie === undefined) await serveStateSync(p, net.chainId, src, tip);
  else {
    await p.handle(
      stateSyncProtocol(net.chainId),
      async (_from, data) => {
        const r = decodeStateSyncResponse(await answerStateSync(decodeStateSyncRequest(data), src, tip));
        return encodeStateSyncResponse(lie(r, src));
      },
      { access: 'open' },
    );
  }
  await p.start();
  return p;
}

/** Every chunk's first value altered. */
const tamperChunk: Transform = (r) => {
  if (!('chunk' in r) || r.chunk.entries.length === 0) return r;
  const c = decodeChunk(encodeChunk(r.chunk));
  c.entries[0]!.value = Uint8Array.of(...c.entries[0]!.value, 1);
  return { chunk: c };
};

/**
 * A self-consistent forgery: the record's app record changed by `change` (and the listed roots
 * by `roots`), with the listed record hash to match.
 */
function forgery(change: (a: AppRecord) => AppRecord, roots = false): Transform {
  const forge = (rec: CheckpointRecord): CheckpointRecord => ({
    ...rec,
    app_record: encodeAppRecord(change(decodeAppRecord(rec.app_record))),
  });
  return (r, src) => {
    if ('record' in r) return { record: forge(r.record) };
    if (!('checkpoints' in r)) return r;
    return {
      checkpoints: r.checkpoints.map((o) => {
        const app = change(decodeAppRecord(src.get(o.height)!.record.app_record));
        const listed = roots ? { ved_root: app.vedRoot, ued_root: app.ued.root } : {};
        return { ...o, ...listed, record_hash: recordHash(forge(src.get(o.height)!.record)) };
      }),
    };
  };
}

/** Another UED hash; another VED root (the tree of the UED, listed as the VED's). */
const forgeries: Transform[] = [
  forgery((a) => ({ ...a, ued: { ...a.ued, hash: new Uint8Array(32).fill(7) } })),
  forgery((a) => ({ ...a, vedRoot: a.ued.root }), true),
];

test('state sync: a late node restores a checkpoint without blocks below it, then follows with equal VED/UED hashes', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tandem-statesync-'));
  const seen = new Map<bigint, ValidatorCommit>();
  const net = await checkpointingLocalnet(dir, (c) => seen.set(c.height, c));
  const timers = new RealTimers(nullLogger);
  const closers: (() => Promise<unknown> | unknown)[] = [];
  try {
    const _src = net.validators[0]!.checkpoints!;
    const hub = new MemoryHub();
    const read = new Set<bigint>();
    const liar = await peer(hub, 1, net, read, tamperChunk);
    const honest = await peer(hub, 2, net, read);
    const forgers = [
      await peer(hub, 4, net, new Set(), forgeries[0]),
      await peer(hub, 5, net, new Set(), forgeries[1]),
    ];
    const joiner = new MemoryNetwork(hub, new Uint8Array(32).fill(3), ADMIT_ALL);
    await joiner.start();
    const layout = dataDirLayout(join(dir, 'joiner'));
    const penalize = (p: string, o: Offence) => joiner.scores.penalize(p, o);
    for (const forger of forgers) {
      await assert.rejects(
        runStateSync({
          net: joiner,
          genesis: net.genesis,
          layout,
          peers: [forger.peerId],
          penalize,
          uedStore: 'nodes',
        }),
        (e) => NodeError.is(e, 'node', NodeError.STATE_SYNC_FAILED),
      );
      assert.ok(joiner.scores.score(forger.peerId) < 0, 'the forging peer is penalized');
    }
    for (const p of [layout.appRecord, layout.vedDb, layout.uedDb, layout.blocks, layout.consensusState]) {
      assert.equal(existsSync(p), false, `${p} untouched by a failed state sync`);
    }
    const h = await runStateSync({
      net: joiner,
      genesis: net.genesis,
      layout,
      peers: [liar.peerId, honest.peerId],
      penalize,
      uedStore: 'nodes',
    });
    assert.ok(h >= 8n && h % 4n === 0n, `restored at ${h}`);
    assert.ok(joiner.scores.score(liar.peerId) < 0, 'the peer with a tampered chunk is penalized');
    assert.equal(joiner.scores.score(honest.peerId), 0);
    assert.equal(Math.min(...[...read].map(Number)), Number(h), 'no block below the checkpoint was read');
    // The same checkpoint into a UED on the compact store: adopted as its log's first snapshot.
    const compact = dataDirLayout(join(dir, 'joiner-compact'));
    const hc = await runStateSync({
      net: joiner,
      genesis: net.genesis,
      layout: compact,
      peers: [honest.peerId],
      penalize,
      uedStore: 'compact',
    });
    assert.equal(existsSync(compact.uedDb), false, 'no node-store UED');
    const cs = await openStores(compact, net.genesis, {}, { uedMode: 'async', uedStore: 'compact' });
    assert.equal(cs.app.uedLatest().height, hc);
    assert.deepEqual(cs.app.uedLatest().hash, seen.get(hc)!.uedHash);
    await cs.close();

    const mine = new Map<bigint, { vedHash: Uint8Array; uedHash: Uint8Array }>();
    const stores = await openStores(
      layout,
      net.genesis,
      { onCommitted: (c) => mine.set(c.height, c) },
      { uedMode: 'sync', uedStore: 'nodes' },
    );
    closers.push(() => stores.close());
    assert.equal(stores.app.committed.height, h);
    assert.deepEqual(stores.app.committed.vedHash, seen.get(h)!.vedHash);
    assert.deepEqual(stores.app.uedLatest().hash, seen.get(h)!.uedHash);
    const ctx = new ChainContexts(net.chainId);
    const driver = new BftDriver({
      chainId: net.chainId,
      genesis: {
        validators: net.genesis.validators.map((v) => ({ pubKey: v.public_key, power: v.power })),
        time: net.genesis.genesis_time_ms,
      },
      epochLength: net.genesis.params.epoch_interval,
      priv: new PrivValidator(Ed25519Signer.fromSeed(new Uint8Array(32).fill(9)), stores.signState, ctx),
      app: stores.app,
      wal: stores.wal,
      blocks: stores.blocks,
      state: stores.consensusState,
      transport: { broadcast: () => {}, send: () => {} },
      timers,
      timeouts: SIM_TIMEOUTS,
    });
    closers.unshift(() => driver.close());
    await driver.start();
    const target = net.apps[0]!.committed.height;
    await until('the joiner reaches the tip', async () => {
      const from = stores.app.committed.height + 1n;
      if (from > target) return true;
      const req = encodeMessage({ sync_request: { from, to: target } });
      const raw = await joiner.request(honest.peerId, blockSyncProtocol(net.chainId), req, 5000);
      await driver.receive(honest.peerId, decodeMessage(raw));
      return stores.app.committed.height >= target;
    });
    for (let k = h + 1n; k <= target; k++) {
      assert.deepEqual(mine.get(k)?.vedHash, seen.get(k)!.vedHash, `VED hash at ${k}`);
      assert.deepEqual(mine.get(k)?.uedHash, seen.get(k)!.uedHash, `UED hash at ${k}`);
    }
    assert.equal(Math.min(...[...read].map(Number)), Number(h), 'following read no earlier block either');
  } finally {
    timers.stop();
    for (const c of closers) await c();
    await net.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});
