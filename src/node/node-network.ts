/**
 * The node's network side: the libp2p network with the node's peer admission, the BFT transport
 * (consensus gossip), block sync as request/response, and transaction gossip. Handlers are
 * registered before the network starts, so every topic gets its score parameters.
 */
import type { Ed25519Signer, Logger } from '../common/index.js';
import type { BlockStorePort, Message, Transport } from '../consensus/bft/index.js';
import { type BftReceiver, BftTransport, Libp2pNetwork, type PeerAuthorizer } from '../p2p/index.js';
import type { Admission } from './admission.js';
import { SyncingTransport, serveBlockSync } from './block-sync.js';
import type { NodeConfig } from './config.js';
import type { CheckpointSource } from './state-sync-checkpoints.js';
import { serveStateSync } from './state-sync-serve.js';
import { TX_BATCH_DELAY_MS } from './tx-batch.js';
import { TxGossip } from './tx-gossip.js';

/** What {@link openNetwork} builds. */
export interface NodeNetwork {
  readonly net: Libp2pNetwork;
  /** The driver's transport. */
  readonly transport: Transport<Message> & { lastSyncAt: number };
  readonly txs: TxGossip;
  /**
   * Register every handler, delivering consensus messages and synced blocks to `receive`, and
   * serving `checkpoints` for state sync when given.
   */
  attach(receive: BftReceiver, blocks: BlockStorePort, checkpoints?: CheckpointSource): Promise<void>;
}

/** Build (not start) the network of a node. */
export function openNetwork(
  c: NodeConfig,
  chainId: string,
  p2pKey: Ed25519Signer,
  admission: Admission,
  authorizer: PeerAuthorizer,
  maxTxBytes: number,
  log: Logger,
): NodeNetwork {
  const net = new Libp2pNetwork({
    p2pSeed: p2pKey.exportSeed(),
    authorizer,
    listen: c.p2p.listen,
    bootstrap: c.p2p.bootstrap,
    heartbeatMs: c.p2p.heartbeat_ms,
    log,
  });
  // A full node may stand between validators and nodes not connected to them: it relays.
  const relay = c.role === 'full';
  const bft = new BftTransport(net, chainId, { sendTimeoutMs: c.p2p.request_timeout_ms, relay, log });
  let receive: BftReceiver = () => {};
  const transport = new SyncingTransport(
    bft,
    net,
    chainId,
    (from, m) => receive(from, m),
    c.p2p.request_timeout_ms,
    log,
  );
  const txs = new TxGossip(net, chainId, admission, maxTxBytes, log, TX_BATCH_DELAY_MS, relay);
  return {
    net,
    transport,
    txs,
    attach: async (r, blocks, checkpoints) => {
      receive = r;
      await bft.attach(r);
      await serveBlockSync(net, chainId, blocks);
      if (checkpoints) await serveStateSync(net, chainId, checkpoints, () => blocks.height());
      txs.attach();
    },
  };
}
