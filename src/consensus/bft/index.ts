/**
 * `consensus/bft`: the Tendermint engine as a pure state machine, its messages and signatures,
 * validator sets with proposer priority, the last-signed record, the driver that connects the
 * engine to an application, a WAL, a block store, a network and timers, and the durable stores
 * its crash safety rests on. It imports only `common`.
 */
export * from './app.js';
export * from './block-bytes.js';
export * from './block-check.js';
export { type BlockStore, MAX_HEIGHT, MemoryBlockStore } from './block-store.js';
export { LevelBlockStore } from './block-store-level.js';
export * from './chain-contexts.js';
export * from './driver.js';
export * from './engine.js';
export * from './engine-types.js';
export { BftError } from './errors.js';
export { DEFAULT_MAX_RECORD_BYTES, FRAME_HEADER_BYTES } from './frame.js';
export * from './gossip.js';
export { Heap } from './heap.js';
export * from './mempool.js';
export { MAX_REASON_LENGTH, MAX_SENDER_LENGTH } from './mempool-check.js';
export * from './messages.js';
export * from './privval.js';
export * from './records.js';
export {
  FileSignStateStore,
  MAX_SIGN_STATE_BYTES,
  MemorySignStateStore,
  type SignStateStore,
} from './sign-state-store.js';
export * from './signing.js';
export { SlotFileStore, slotFilePaths } from './slot-file-store.js';
export * from './sync-policy.js';
export * from './validator-set.js';
export * from './vote-bytes.js';
export * from './vote-set.js';
export type { Wal } from './wal.js';
export { FileWal, type FileWalOptions, WAL_TRUNCATE_BYTES } from './wal-file.js';
export { MemoryWal, type MemoryWalOptions } from './wal-memory.js';
