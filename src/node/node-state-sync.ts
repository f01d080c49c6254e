/**
 * The node's use of state sync (config `state_sync`): before its stores open, a node with state
 * sync enabled and an empty data dir restores a checkpoint through a network of its own (the
 * node's p2p key and listen addresses; stopped again before the node's network starts), waiting
 * up to `peer_wait_ms` for its bootstrap peers to connect, then asking every connected peer; a node with a checkpoint interval makes
 * checkpoints (in async mode the UED's nodes are read through its worker thread, which owns them).
 */
import { existsSync } from 'node:fs';
import { type Ed25519Signer, fromHex, type Logger } from '../common/index.js';
import type { GenesisDocument } from '../consensus/index.js';
import type { NodeDB } from '../mkvs/index.js';
import { Libp2pNetwork } from '../p2p/index.js';
import { CheckpointFiles } from './checkpoint-files.js';
import type { NodeConfig } from './config.js';
import type { DataDirLayout } from './data-dir.js';
import { configAuthorizer } from './peer-admission.js';
import { runStateSync } from './state-sync.js';
import { CheckpointMaker } from './state-sync-checkpoints.js';
import type { TrustAnchor } from './state-sync-trust.js';
import type { UedStore } from './ued-store.js';

/**
 * Restore a checkpoint when state sync is enabled and the data dir holds no chain state yet; the
 * UED goes to `uedStore`, resolved once by the caller for the sync and the stores alike.
 */
export async function stateSyncIfFresh(
  c: NodeConfig,
  genesis: GenesisDocument,
  layout: DataDirLayout,
  p2pKey: Ed25519Signer,
  log: Logger,
  uedStore: UedStore,
): Promise<void> {
  if (!c.state_sync.enabled || existsSync(layout.appRecord)) return;
  const net = new Libp2pNetwork({
    p2pSeed: p2pKey.exportSeed(),
    authorizer: configAuthorizer(p2pKey.publicKey, c.p2p.bootstrap, c.p2p.registered_peers),
    listen: c.p2p.listen,
    bootstrap: c.p2p.bootstrap,
    heartbeatMs: c.p2p.heartbeat_ms,
    log,
  });
  await net.start();
  try {
    // Every bootstrap peer is asked, so wait for all of them (or the wait's end).
    const want = Math.max(1, c.p2p.bootstrap.length);
    const end = Date.now() + c.state_sync.peer_wait_ms;
    while (net.peers().length < want && Date.now() < end) await new Promise((r) => setTimeout(r, 100));
    await runStateSync({
      net,
      genesis,
      layout,
      timeoutMs: c.p2p.request_timeout_ms,
      penalize: (p, o) => net.scores.penalize(p, o),
      trust: trustOf(c),
      uedStore,
      log,
    });
  } finally {
    await net.stop();
  }
}

/** The operator's trust anchor from `state_sync.trust_height` / `trust_hash` (validated together). */
export function trustOf(c: NodeConfig): TrustAnchor | undefined {
  const { trust_height: height, trust_hash: hash } = c.state_sync;
  if (height === undefined || hash === undefined) return undefined;
  return { height: BigInt(height), blockHash: fromHex(hash) };
}

/** The checkpoint maker of a node configured to make checkpoints, if any. */
export function checkpointMakerOf(
  c: NodeConfig,
  dbs: { ved: NodeDB; ued: NodeDB },
  stores: { appRecord: () => Uint8Array | undefined; consensusState: () => Uint8Array | undefined },
  layout: DataDirLayout,
  log: Logger,
): CheckpointMaker | undefined {
  const interval = c.state_sync.checkpoint_interval;
  if (interval === 0) return undefined;
  const keep = c.state_sync.checkpoints_kept;
  const files = new CheckpointFiles(layout.checkpoints);
  return new CheckpointMaker({ interval: BigInt(interval), keep, dbs, ...stores, files, log });
}
