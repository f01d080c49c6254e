/**
 * The composition root of one node process: from a validated config it opens the stores and the
 * consensus app (node-stores.ts), the mempool admission, the p2p network with consensus and
 * transaction gossip and block sync (node-network.ts), the API backend and its feeds, the BFT
 * driver, the metrics endpoint and the JSON-RPC server, and {@link RunningNode.stop} undoes them
 * in reverse. A full node (role `full`) runs the same driver with a key that is in no validator
 * set: it follows by gossip and block sync and never signs.
 */
import { bytesEqual, type Logger, toHex } from '../common/index.js';
import type { BftDriver, Mempool, Message } from '../consensus/bft/index.js';
import type { ChainApp, DivergenceAlert, ExecutedEvent, RecordedReport } from '../domains/index.js';
import type { Libp2pNetwork } from '../p2p/index.js';
import { createAdmission } from './admission.js';
import type { ChainBackend } from './chain-backend.js';
import type { ChainFeeds } from './chain-feeds.js';
import type { NodeConfig } from './config.js';
import { dataDirLayout } from './data-dir.js';
import { createLogger } from './logging.js';
import { serveMetrics } from './metrics-server.js';
import { confirmStakeOf, openApi, openFeeds, uedGasBudgetOf } from './node-api.js';
import { newDriver } from './node-driver.js';
import { loadP2pKey, loadRegistrationKeys } from './node-keys.js';
import { NodeMetrics } from './node-metrics.js';
import { openNetwork } from './node-network.js';
import { loadNodeGenesis, once, optional } from './node-parts.js';
import { checkpointMakerOf, stateSyncIfFresh } from './node-state-sync.js';
import { openStores } from './node-stores.js';
import { configAuthorizer, RegistryAuthorizer } from './peer-admission.js';
import { PromMetrics } from './prom-metrics.js';
import { RealTimers } from './real-timers.js';
import { NodeRegistrar } from './registration.js';
import { LevelTxArchive } from './tx-archive.js';
import type { TxGossip } from './tx-gossip.js';
import { uedCutsOf, uedStoreOf } from './ued-store.js';

/** How long after its last block-sync request a node still reports itself as syncing. */
const SYNCING_MS = 2000;

/** A started node. */
export interface RunningNode {
  readonly config: NodeConfig;
  readonly chainId: string;
  readonly peerId: string;
  /** p2p listen addresses, each ending in `/p2p/<peer id>`. */
  readonly p2pAddresses: string[];
  /** `http://host:port/` of the JSON-RPC API, when enabled. */
  readonly apiUrl: string | undefined;
  /** `http://host:port/metrics`, when enabled. */
  readonly metricsUrl: string | undefined;
  readonly app: ChainApp;
  readonly driver: BftDriver;
  readonly mempool: Mempool;
  readonly network: Libp2pNetwork;
  readonly backend: ChainBackend;
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

/** Steps to undo, last first. */
type Undo = (() => Promise<void> | void)[];

/** Start a node from `c`; anything started is stopped again if a later step fails. */
export async function startNode(c: NodeConfig, o: StartOptions = {}): Promise<RunningNode> {
  const log = o.log ?? createLogger(c.log_level);
  const genesis = loadNodeGenesis(c.genesis_file);
  const chainId = genesis.chain_id;
  const p2pKey = loadP2pKey(c.keys_dir);
  const metrics = new PromMetrics();
  let nodeMetrics: NodeMetrics | undefined;
  let feeds: ChainFeeds | undefined;
  const peersAuth = new RegistryAuthorizer(
    configAuthorizer(p2pKey.publicKey, c.p2p.bootstrap, c.p2p.registered_peers),
  );
  let chain: ChainApp | undefined;
  let registrar: NodeRegistrar | undefined;
  const refreshPeers = () =>
    chain &&
    peersAuth.refresh(chain).catch((e) => log.warn({ err: String(e) }, 'cannot read registered peers'));
  const hooks = {
    onExecuted: (e: ExecutedEvent) => feeds?.onExecuted(e),
    onReport: (r: RecordedReport) => feeds?.onReport(r),
    onAlert: (a: DivergenceAlert) => feeds?.onAlert(a),
    onCommitted: (b: { height: bigint; txs: number }) => {
      nodeMetrics?.onCommit(b.txs, Date.now());
      void feeds?.onCommitted(b.height);
      void refreshPeers();
      void registrar?.onCommitted().catch((e) => log.warn({ err: String(e) }, 'registration check failed'));
    },
  };
  const layout = dataDirLayout(c.data_dir);
  const uedStore = uedStoreOf(c, layout);
  await stateSyncIfFresh(c, genesis, layout, p2pKey, log, uedStore);
  const stores = await openStores(layout, genesis, hooks, {
    uedMode: c.ued.mode,
    uedStore,
    ...uedCutsOf(c),
    checkpoints: (dbs, records) => checkpointMakerOf(c, dbs, records, layout, log),
    ...optional('confirmStake', confirmStakeOf(c)),
    ...optional('maxBlockUedGas', uedGasBudgetOf(c)),
    metrics,
    logger: log,
  });
  const timers = new RealTimers(log);
  const undo: Undo = [() => stores.close(), () => timers.stop()];
  const stopAll = async () => {
    while (undo.length > 0) await undo.pop()!();
  };
  try {
    const { app } = stores;
    const archive = await LevelTxArchive.open(layout.txIndex, (e) =>
      log.warn({ reason: (e as Error).message }, 'transaction index write failed'),
    );
    undo.push(() => archive.close());
    await peersAuth.refresh(app);
    chain = app;
    const maxTxBytes = genesis.params.max_tx_bytes;
    const admission = createAdmission(app, maxTxBytes, {
      maxTxs: c.mempool.max_txs,
      maxBytes: c.mempool.max_bytes,
      maxPerSender: c.mempool.max_per_sender,
    });
    const { mempool } = admission;
    const nw = openNetwork(c, chainId, p2pKey, admission, peersAuth, maxTxBytes, log);
    const regKeys = loadRegistrationKeys(c.keys_dir);
    if (regKeys) registrar = new NodeRegistrar(app, regKeys, (tx) => nw.txs.submit(tx), log);
    const syncing = () => Date.now() - nw.transport.lastSyncAt < SYNCING_MS;
    const f = openFeeds(
      c,
      {
        chainId,
        genesis,
        app,
        blocks: stores.blocks,
        submit: (tx) => nw.txs.submit(tx),
        peers: () => nw.net.peers().length,
        syncing,
        archive,
      },
      log,
    );
    feeds = f;
    undo.push(async () => {
      f.backend.close();
      await f.drain();
    });
    const driver = newDriver(c, genesis, stores, nw, { mempool, timers, log });
    if (
      c.role === 'validator' &&
      !genesis.validators.some((v) => bytesEqual(v.public_key, driver.o.priv.publicKey))
    ) {
      log.warn({ key: toHex(driver.o.priv.publicKey) }, 'consensus key is not a genesis validator');
    }
    undo.push(() => driver.close());
    // The network starts first (libp2p takes a while) and the driver after it, so no round times
    // out before peers can hear it; what arrives before the driver started is dropped, as its
    // senders gossip their messages again.
    let started = false;
    const receive = (from: string, m: Message) => (started ? driver.receive(from, m) : undefined);
    await nw.attach(receive, stores.blocks, stores.checkpoints);
    undo.push(() => nw.net.stop());
    await nw.net.start();
    await driver.start();
    started = true;
    nodeMetrics = new NodeMetrics(metrics.registry, {
      height: () => app.committed.height,
      round: () => driver.engine?.round ?? 0,
      mempoolTxs: () => mempool.size,
      mempoolBytes: () => mempool.bytes,
      uedHeight: () => app.uedLatest().height,
      peers: () => nw.net.peers().length,
      halted: () => app.haltEvidence() !== undefined,
      syncing,
    });
    const ms = c.metrics.enabled
      ? await serveMetrics(metrics.registry, c.metrics.host, c.metrics.port)
      : undefined;
    if (ms) undo.push(() => ms.close());
    const api = await openApi(c, f, log);
    if (api) undo.push(() => api.close());
    const node: RunningNode = {
      config: c,
      chainId,
      peerId: nw.net.peerId,
      p2pAddresses: nw.net.addresses(),
      apiUrl: api?.url,
      metricsUrl: ms?.url,
      app,
      driver,
      mempool,
      network: nw.net,
      backend: f.backend,
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
      { chainId, role: c.role, peerId: node.peerId, height: String(node.height()), api: node.apiUrl },
      'node started',
    );
    return node;
  } catch (e) {
    await stopAll();
    throw e;
  }
}
