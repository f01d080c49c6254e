/**
 * `consensus/bft`: the BFT consensus engine and the durable stores its crash safety rests on.
 * It imports only `common` (and `mkvs`).
 */
export { type BlockStore, MAX_HEIGHT, MemoryBlockStore } from './block-store.js';
export { LevelBlockStore } from './block-store-level.js';
export { BftError } from './errors.js';
export { DEFAULT_MAX_RECORD_BYTES, FRAME_HEADER_BYTES } from './frame.js';
export {
  FileSignStateStore,
  MAX_SIGN_STATE_BYTES,
  MemorySignStateStore,
  type SignStateStore,
} from './sign-state-store.js';
export type { Wal } from './wal.js';
export { FileWal, type FileWalOptions } from './wal-file.js';
export { MemoryWal, type MemoryWalOptions } from './wal-memory.js';
