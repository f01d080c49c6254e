/**
 * The LevelDB key layout of the state log (see `log-store.ts`). Versions are u64 big-endian, so
 * the byte order of keys is the version order and a range read walks versions in order.
 *
 * - `m ‖ "ns"` → the namespace the store is bound to (32 bytes), written with its first record;
 * - `l ‖ u64be(version)` → the log record of one committed version;
 * - `c ‖ u64be(version) ‖ u32be(index)` → chunk `index` of the snapshot of `version`;
 * - `s ‖ u64be(version)` → the manifest of that snapshot, written after all of its chunks.
 */
import { readU64be } from '../../common/index.js';
import { MkvsError } from '../errors.js';

/** Tag byte of log records ('l'). */
export const LOG_TAG = 0x6c;
/** Tag byte of snapshot chunks ('c'). */
export const CHUNK_TAG = 0x63;
/** Tag byte of snapshot manifests ('s'). */
export const MANIFEST_TAG = 0x73;
/** The key of the namespace record (`m ‖ "ns"`). */
export const NS_KEY: Uint8Array = Uint8Array.of(0x6d, 0x6e, 0x73);

function tagged(tag: number, version: bigint, extra: number): Uint8Array {
  const k = new Uint8Array(9 + extra);
  k[0] = tag;
  new DataView(k.buffer).setBigUint64(1, version);
  return k;
}

/** `l ‖ u64be(version)`. */
export function logKey(version: bigint): Uint8Array {
  return tagged(LOG_TAG, version, 0);
}

/** `s ‖ u64be(version)`. */
export function manifestKey(version: bigint): Uint8Array {
  return tagged(MANIFEST_TAG, version, 0);
}

/** `c ‖ u64be(version) ‖ u32be(index)`. */
export function chunkKey(version: bigint, index: number): Uint8Array {
  const k = tagged(CHUNK_TAG, version, 4);
  new DataView(k.buffer).setUint32(9, index);
  return k;
}

/** The version a log, chunk or manifest key names (STATE_LOG_CORRUPT for a key of another shape). */
export function keyVersion(key: Uint8Array): bigint {
  const len = key[0] === CHUNK_TAG ? 13 : 9;
  if (key.length !== len) {
    throw new MkvsError(MkvsError.STATE_LOG_CORRUPT, `malformed state-log key of ${key.length} bytes`);
  }
  return readU64be(key, 1);
}

/** The index a chunk key names (its shape checked by {@link keyVersion} first). */
export function chunkIndex(key: Uint8Array): number {
  return new DataView(key.buffer, key.byteOffset, key.byteLength).getUint32(9);
}

/** Range bounds covering every key of one tag. */
export function tagRange(tag: number): { gte: Uint8Array; lt: Uint8Array } {
  return { gte: Uint8Array.of(tag), lt: Uint8Array.of(tag + 1) };
}
