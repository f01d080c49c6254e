/**
 * The composition root of one node process: from a validated config it opens the stores and the
 * consensus app (node-stores.ts), the mempool, the p2p network with consensus and transaction
 * gossip and block sync (node-network.ts), the BFT driver, the metrics endpoint and the API, in
 * that order, and {@link RunningNode.stop} undoes them in reverse. A full node (role `full`) runs
 * the same driver with a key that is in no validator set: it follows by gossip and block sync and
 * never signs.
 */
import { bytesEqual, type Logger, toHex } from '../common/index.js';
import { BftDriver, Mempool } from '../consensus/bft/index.js';
import type { ChainApp } from '../domains/index.js';
import type { Libp2pNetwork } from '../p2p/index.js';
import type { NodeConfig } from './config.js';
import { dataDirLayout } from './data-dir.js';
import { createLogger } from './logging.js';
import { type MetricsServer, serveMetrics } from './metrics-server.js';
import { loadP2pKey, privValidator } from './node-keys.js';
import { NodeMetrics } from './node-metrics.js';
import { openNetwork } from './node-network.js';
import { loadNodeGenesis, mempoolCheck, timeoutsOf } from './node-parts.js';
import { openStores } from './node-stores.js';
import { PromMetrics } from './prom-metrics.js';
import { RealTimers } from './real-timers.js';
import type { TxGossip } from './tx-gossip.js';

/** How long after its last block-sync request a node still reports itself as syncing. */
const SYNCING_MS = 2000;

/** A started node. */
export interface RunningNode {
  readonly config: NodeConfig;
  readonly chainId: string;
  readonly peerId: string;
  /** p2p listen addresses, each ending in `/p2p/<peer id>`. */
  readonly p2pAddresses: string[];
  /** `http://host:port/metrics`, when enabled. */
  readonly metricsUrl: string | undefined;
  readonly app: ChainApp;
  readonly driver: BftDriver;
  readonly mempool: Mempool;
  readonly network: Libp2pNetwork;
  /** Client transactions: mempool admission, then gossip. */
  readonly txs: TxGossip;
  readonly registry: PromMetrics['registry'];
  /** Last committed height. */
  height(): bigint;
  /** True shortly after a block-sync request (the node is behind its peers). */
  syncing(): boolean;
  /** Stop everything, flush and close the stores; a second call waits for the first. */
  stop(): Promise<void>;
}

/** Options beside the config. */
export interface StartOptions {
  /** Default: pino on stdout at the config's level. */
  log?: Logger;
}

/** Start a node from `c`; anything started is stopped again if a later step fails. */
export async function startNode(c: NodeConfig, o: StartOptions = {}): Promise<RunningNode> {
  const log = o.log ?? createLogger(c.log_level);
  const genesis = loadNodeGenesis(c.genesis_file);
  const chainId = genesis.chain_id;
  const p2pKey = loadP2pKey(c.keys_dir);
  const layout = dataDirLayout(c.data_dir);
  const metrics = new PromMetrics();
  let nodeMetrics: NodeMetrics | undefined;
  const stores = await openStores(layout, genesis, {
    onCommitted: (b) => nodeMetrics?.onCommit(b.txs, Date.now()),
  });
  const timers = new RealTimers(log);
  const undo: (() => Promise<void> | void)[] = [() => stores.close(), () => timers.stop()];
  const stopAll = async () => {
    while (undo.length > 0) await undo.pop()!();
  };
  try {
    const { app } = stores;
    const mempool = new Mempool({
      maxTxs: c.mempool.max_txs,
      maxBytes: c.mempool.max_bytes,
      maxTxBytes: genesis.params.max_tx_bytes,
      maxPerSender: c.mempool.max_per_sender,
      checkTx: mempoolCheck(app),
    });
    const nw = openNetwork(c, chainId, p2pKey, mempool, genesis.params.max_tx_bytes, log);
    const priv = privValidator(c.role, c.keys_dir, stores.signState, chainId);
    if (c.role === 'validator' && !genesis.validators.some((v) => bytesEqual(v.public_key, priv.publicKey))) {
      log.warn(
        { key: toHex(priv.publicKey) },
        'consensus key is not a genesis validator; it signs once elected',
      );
    }
    const driver = new BftDriver({
      chainId,
      genesis: {
        validators: genesis.validators.map((v) => ({ pubKey: v.public_key, power: v.power })),
        time: genesis.genesis_time_ms,
      },
      epochLength: genesis.params.epoch_interval,
      priv,
      app,
      mempool,
      wal: stores.wal,
      blocks: stores.blocks,
      state: stores.consensusState,
      transport: nw.transport,
      timers,
      timeouts: timeoutsOf(c),
      gossipMs: c.consensus.gossip_ms,
      maxBlockTxs: c.consensus.max_block_txs,
      log,
    });
    undo.push(() => driver.close());
    // The network starts first (libp2p takes a while) and the driver after it, so no round times
    // out before peers can hear it; what arrives before the driver started is dropped, as its
    // senders gossip their messages again.
    let started = false;
    await nw.attach((from, m) => (started ? driver.receive(from, m) : undefined), stores.blocks);
    undo.push(() => nw.net.stop());
    await nw.net.start();
    await driver.start();
    started = true;
    const syncing = () => Date.now() - nw.transport.lastSyncAt < SYNCING_MS;
    nodeMetrics = new NodeMetrics(metrics.registry, {
      height: () => app.committed.height,
      round: () => driver.engine?.round ?? 0,
      mempoolTxs: () => mempool.size,
      mempoolBytes: () => mempool.bytes,
      uedHeight: () => app.ued.latest().height,
      peers: () => nw.net.peers().length,
      // TODO(ape): the halt flag once the app keeps a halt store.
      halted: () => false,
      syncing,
    });
    let server: MetricsServer | undefined;
    if (c.metrics.enabled) {
      server = await serveMetrics(metrics.registry, c.metrics.host, c.metrics.port);
      undo.push(() => server!.close());
    }
    const node: RunningNode = {
      config: c,
      chainId,
      peerId: nw.net.peerId,
      p2pAddresses: nw.net.addresses(),
      metricsUrl: server?.url,
      app,
      driver,
      mempool,
      network: nw.net,
      txs: nw.txs,
      registry: metrics.registry,
      height: () => app.committed.height,
      syncing,
      stop: once(async () => {
        log.info({}, 'stopping');
        await stopAll();
        log.info({}, 'stopped');
      }),
    };
    log.info(
      { chainId, role: c.role, peerId: node.peerId, height: String(node.height()), metrics: node.metricsUrl },
      'node started',
    );
    return node;
  } catch (e) {
    await stopAll();
    throw e;
  }
}

function once(f: () => Promise<void>): () => Promise<void> {
  let p: Promise<void> | undefined;
  return () => (p ??= f());
}
