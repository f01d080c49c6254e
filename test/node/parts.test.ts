/**
 * Parts of the node process (issue 8): block sync as request/response (open to unregistered
 * peers, bounded to a batch, malformed or out-of-range requests refused and scored), the driver's
 * transport sending sync requests that way, admission from the config, the metrics endpoint and
 * the prom-client adapter.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Registry } from 'prom-client';
import { Ed25519Signer, encodeWith, toHex } from '../../src/common/index.js';
import {
  type Block,
  blockCodec,
  commitCodec,
  encodeMessage,
  MemoryBlockStore,
  type Message,
  SYNC_BATCH,
  type Transport,
} from '../../src/consensus/bft/index.js';
import { errorName } from '../../src/node/error-names.js';
import {
  configAuthorizer,
  NodeError,
  NodeMetrics,
  PromMetrics,
  SyncingTransport,
  serveBlockSync,
  serveMetrics,
} from '../../src/node/index.js';
import {
  blockSyncProtocol,
  MemoryHub,
  MemoryNetwork,
  P2pError,
  type PeerAuthorizer,
  peerIdFromP2pKey,
} from '../../src/p2p/index.js';
import { RegistryError } from '../../src/services/registry/index.js';
import { RoothashError } from '../../src/services/roothash/index.js';

const CHAIN = 'parts-1';
const z = new Uint8Array(32);

function block(height: bigint): Block {
  return {
    header: {
      chain_id: CHAIN,
      height,
      time: 1000n + height,
      last_block_hash: z,
      last_commit_hash: z,
      txs_hash: z,
      evidence_hash: z,
      ved_hash: z,
      validators_hash: z,
      proposer: z,
    },
    txs: [],
    evidence: [],
    last_commit: null,
  };
}

async function storeOf(n: number): Promise<MemoryBlockStore> {
  const s = new MemoryBlockStore();
  for (let h = 1n; h <= BigInt(n); h++) {
    const commit = { height: h, round: 0, block_hash: z, votes: [] };
    await s.save(h, encodeWith(blockCodec, block(h)), encodeWith(commitCodec, commit));
  }
  return s;
}

/** Only `server` is registered: the requester is a stranger, as a new full node is. */
function pair(hub: MemoryHub) {
  const sk = Ed25519Signer.generate();
  const auth: PeerAuthorizer = { isRegistered: (k) => toHex(k) === toHex(sk.publicKey) };
  const server = new MemoryNetwork(hub, sk.exportSeed(), auth);
  const stranger = new MemoryNetwork(hub, Ed25519Signer.generate().exportSeed(), auth);
  return { server, stranger };
}

test('block sync: any peer gets decided blocks, at most a batch per answer', async () => {
  const { server, stranger } = pair(new MemoryHub());
  await serveBlockSync(server, CHAIN, await storeOf(SYNC_BATCH + 4));
  await Promise.all([server.start(), stranger.start()]);
  const got: Message[] = [];
  const inner: Transport<Message> = { broadcast: () => {}, send: (_p, m) => void got.push(m) };
  const t = new SyncingTransport(inner, stranger, CHAIN, (_from, m) => void got.push(m), 1000);
  assert.equal(t.lastSyncAt, 0);
  t.send(server.peerId, { sync_request: { from: 1n, to: BigInt(SYNC_BATCH + 4) } });
  assert.ok(t.lastSyncAt > 0, 'a sync request marks the node as syncing');
  for (let i = 0; i < 100 && got.length === 0; i++) await new Promise((r) => setTimeout(r, 5));
  const m = got[0]!;
  assert.ok('sync_response' in m);
  assert.deepEqual(
    m.sync_response.map((d) => d.block.header.height),
    Array.from({ length: SYNC_BATCH }, (_, i) => BigInt(i + 1)),
  );
  // Anything but a sync request goes to the BFT transport unchanged.
  t.send(server.peerId, { sync_response: [] });
  assert.deepEqual(got.at(-1), { sync_response: [] });
});

test('block sync: malformed, foreign and out-of-range requests are refused and counted against the peer', async () => {
  const hub = new MemoryHub();
  const { server, stranger } = pair(hub);
  await serveBlockSync(server, CHAIN, await storeOf(3));
  await Promise.all([server.start(), stranger.start()]);
  const proto = blockSyncProtocol(CHAIN);
  const bad = [
    Uint8Array.of(0xff, 0x00),
    encodeMessage({ sync_response: [] }),
    encodeMessage({ sync_request: { from: 3n, to: 2n } }),
    encodeMessage({ sync_request: { from: 0n, to: 2n } }),
    new Uint8Array(4096),
  ];
  for (const req of bad) {
    await assert.rejects(stranger.request(server.peerId, proto, req, 1000), P2pError);
  }
  assert.ok(server.scores.banned(stranger.peerId), 'four malformed and one oversized request ban the peer');
  // Past the top the answer is empty, not an error.
  const polite = new MemoryNetwork(hub, Ed25519Signer.generate().exportSeed(), { isRegistered: () => false });
  await polite.start();
  const past = await polite.request(
    server.peerId,
    proto,
    encodeMessage({ sync_request: { from: 9n, to: 9n } }),
    1000,
  );
  assert.deepEqual(past, encodeMessage({ sync_response: [] }));
});

test('admission from the config: bootstrap and registered peers and the node itself; bad peer ids refused', () => {
  const keys = [0, 1, 2, 3].map(() => Ed25519Signer.generate());
  const [self, boot, reg, other] = keys.map((k) => k.publicKey) as [
    Uint8Array,
    Uint8Array,
    Uint8Array,
    Uint8Array,
  ];
  const auth = configAuthorizer(
    self,
    [`/ip4/127.0.0.1/tcp/1/p2p/${peerIdFromP2pKey(boot)}`],
    [peerIdFromP2pKey(reg)],
  );
  assert.ok(auth.isRegistered(self) && auth.isRegistered(boot) && auth.isRegistered(reg));
  assert.equal(auth.isRegistered(other), false);
  assert.throws(
    () => configAuthorizer(self, [], ['QmYyQSo1c1Ym7orWxLYvCrM2EmxFTANf8wXmmE7DWjhx5N']),
    (e: unknown) => e instanceof NodeError && e.code === NodeError.CONFIG,
  );
});

test('metrics: /metrics serves the node gauges; other paths and methods get 404', async () => {
  const registry = new Registry();
  const m = new NodeMetrics(registry, {
    height: () => 7n,
    round: () => 2,
    mempoolTxs: () => 3,
    mempoolBytes: () => 300,
    uedHeight: () => 5n,
    peers: () => 4,
    halted: () => true,
    syncing: () => false,
  });
  m.onCommit(2, 1000);
  m.onCommit(1, 1400);
  const s = await serveMetrics(registry, '127.0.0.1', 0);
  try {
    const port = Number(new URL(s.url).port);
    await assert.rejects(serveMetrics(registry, '127.0.0.1', port), /metrics cannot listen.*\[|EADDRINUSE/);
    const text = await (await fetch(s.url)).text();
    for (const line of [
      'tandem_height 7',
      'tandem_round 2',
      'tandem_ued_lag 2',
      'tandem_peers 4',
      'tandem_halted 1',
      'tandem_syncing 0',
      'tandem_committed_txs_total 3',
      'tandem_decision_latency_seconds_count 1',
      'tandem_decision_latency_seconds_bucket{le="0.5"} 1',
    ]) {
      assert.ok(text.split('\n').includes(line), line);
    }
    assert.equal((await fetch(s.url.replace('/metrics', '/'))).status, 404);
    assert.equal((await fetch(s.url, { method: 'POST' })).status, 404);
  } finally {
    await s.close();
  }
  await assert.rejects(serveMetrics(registry, '127.0.0.1', -1), NodeError);
});

test('prom-client adapter: the common (value, labels) order, one instrument per name', async () => {
  const p = new PromMetrics();
  const c = p.counter('t_total', 'help', ['kind']);
  c.inc(2, { kind: 'a' });
  p.counter('t_total', 'again').inc();
  p.gauge('t_g', 'help').set(5);
  p.histogram('t_h', 'help', [1, 2]).observe(1.5);
  const text = await p.registry.metrics();
  assert.match(text, /^t_total\{kind="a"\} 2$/m);
  assert.match(text, /^t_total 1$/m);
  assert.match(text, /^t_g 5$/m);
  assert.match(text, /^t_h_bucket\{le="2"\} 1$/m);
});

test('receipt error names cover the runtime programs (registry, scheduler, roothash) and unknown codes', () => {
  assert.equal(errorName(RegistryError.MODULE, RegistryError.INVALID_NODE_KEYS), 'invalid node keys');
  assert.equal(errorName(RoothashError.MODULE, RoothashError.UNKNOWN_RUNTIME), 'unknown runtime');
  assert.equal(errorName('registry', 99_999), 'registry error 99999');
  assert.equal(errorName('nope', 1), 'nope error 1');
});
