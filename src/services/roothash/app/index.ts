/** Roothash application: the pure commitment pool, liveness accounting and the VED program. */

export { livenessBeforeElection } from './epoch.js';
export { importInbox } from './incoming.js';
export * from './pool/index.js';
export * from './service.js';
export type { FinalizedRound, RoothashSources, RuntimeGenesisInfo, RuntimeInfo } from './sources.js';
