/** `node`: assembling a running node from the areas below: the local network and the API backend. */
export * from './admission.js';
export * from './chain-backend.js';
export * from './chain-feeds.js';
export * from './commit-reports.js';
export * from './errors.js';
export * from './execution-source.js';
export * from './localnet.js';
export * from './localnet-genesis.js';
export { DEFAULT_INDEX_LIMIT } from './tx-index.js';
