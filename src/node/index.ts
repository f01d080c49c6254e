/**
 * `node`: the composition root. A YAML config ({@link loadConfig}), one node process
 * ({@link startNode}: stores, consensus app, driver, p2p, metrics, API over the chain backend),
 * the multi-process local network ({@link prepareLocalnet}, {@link runLocalnet}) and, for tests,
 * the in-process one.
 */
export * from './admission.js';
export { SyncingTransport, serveBlockSync } from './block-sync.js';
export * from './chain-backend.js';
export * from './chain-feeds.js';
export { CheckpointFiles, type StoredRecord } from './checkpoint-files.js';
export * from './config.js';
export * from './data-dir.js';
export * from './errors.js';
export * from './halt-clear.js';
export * from './inprocess-localnet.js';
export * from './localnet.js';
export * from './localnet-genesis.js';
export * from './localnet-run.js';
export { createLogger, type LogLevel } from './logging.js';
export { type MetricsServer, serveMetrics } from './metrics-server.js';
export * from './node.js';
export { confirmStakeOf, defaultMinStake, uedGasBudgetOf } from './node-api.js';
export { type NodeGaugeSources, NodeMetrics } from './node-metrics.js';
export * from './node-process.js';
export { trustOf } from './node-state-sync.js';
export { type AppHooks, type NodeStores, openStores, type StoreOptions } from './node-stores.js';
export { configAuthorizer, RegistryAuthorizer } from './peer-admission.js';
export { PromMetrics } from './prom-metrics.js';
export { RealTimers } from './real-timers.js';
export { createRuntimeBackend } from './runtime-backend.js';
export * from './state-sync.js';
export * from './state-sync-checkpoints.js';
export { StateSyncClient } from './state-sync-client.js';
export { answerStateSync, serveStateSync } from './state-sync-serve.js';
export {
  anchorMismatch,
  type TrustAnchor,
  type TrustedCheckpoint,
  verifyCheckpoint,
} from './state-sync-trust.js';
export * from './state-sync-wire.js';
export { LevelTxArchive, type TxArchive } from './tx-archive.js';
export { TxGossip } from './tx-gossip.js';
export { DEFAULT_INDEX_LIMIT } from './tx-index.js';
export { type UedStore, uedCutsOf, uedStoreOf } from './ued-store.js';
