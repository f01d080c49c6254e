/**
 * `node`: the composition root. A YAML config ({@link loadConfig}), one node process
 * ({@link startNode}: stores, consensus app, driver, p2p, metrics, API over the chain backend),
 * the multi-process local network ({@link prepareLocalnet}, {@link runLocalnet}) and, for tests,
 * the in-process one.
 */
export * from './admission.js';
export * from './chain-backend.js';
export * from './chain-feeds.js';
export * from './commit-reports.js';
export * from './config.js';
export * from './data-dir.js';
export * from './errors.js';
export * from './execution-source.js';
export * from './inprocess-localnet.js';
export * from './localnet.js';
export * from './localnet-genesis.js';
export * from './localnet-run.js';
export { createLogger, type LogLevel } from './logging.js';
export { type MetricsServer, serveMetrics } from './metrics-server.js';
export * from './node.js';
export * from './node-process.js';
export { PromMetrics } from './prom-metrics.js';
export { DEFAULT_INDEX_LIMIT } from './tx-index.js';
