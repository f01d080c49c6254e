/**
 * `mkvs`: the Merklized key-value store, byte-compatible with Oasis Core (same node encoding,
 * same hashes, same roots for the same key set, same proofs). Trees with an overlay of
 * uncommitted changes, node databases (memory, LevelDB), write logs and diffs, proofs v0/v1 and
 * the read-syncer protocol.
 */

export * from './chunk.js';
export * from './codec.js';
export {
  CHUNK_MAX_ENTRIES,
  CHUNK_TARGET_BYTES,
  type Restorable,
  StateLogStore,
  type StateLogStoreOptions,
} from './compact/log-store.js';
export { CompactState, type CompactStateOptions, DEFAULT_MIN_SNAPSHOT_ENTRIES } from './compact/state.js';
export { type CommitSink, CompactTree } from './compact/tree.js';
export * from './diff.js';
export * from './errors.js';
export { HashIndex } from './hash-index.js';
export * from './key.js';
export * from './node.js';
export type { CommitBatch, NodeDB } from './nodedb/api.js';
export { LevelNodeDB, type LevelNodeDBOptions } from './nodedb/level.js';
export { MemoryNodeDB } from './nodedb/memory.js';
export { ProofBuilder } from './proof/builder.js';
export { lookupInProof } from './proof/lookup.js';
export * from './proof/proof.js';
export { MAX_PROOF_DEPTH, verifyProof } from './proof/verify.js';
export * from './root.js';
export * from './sorted-root.js';
export type { StateTree } from './state-tree.js';
export * from './syncer/api.js';
export { buildGetProof } from './syncer/collect.js';
export { LocalReadSyncer, MAX_SYNC_ENTRIES } from './syncer/local.js';
export { collectProofNodes, remoteTree, SyncerFetcher } from './syncer/remote.js';
export type { TreeIterator } from './tree/iterator.js';
export type { NodeResolver, RemoteFetcher } from './tree/resolver.js';
export { Tree, type TreeOptions } from './tree/tree.js';
export * from './writelog.js';
