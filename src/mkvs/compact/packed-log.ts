/**
 * A committed write log kept packed: every key and value in one buffer, their offsets in one
 * Int32Array. The tree keeps its last commit's log until the next commit (for `writeLog()`), and a
 * node collects V8's young generation right after a block: kept as it comes (an entry object and a
 * key and a value array per write, ~1,700 objects for a block of 300 transfers), the log would
 * survive that collection and be copied and promoted by the next; packed it is two objects.
 * `unpack` gives views into the buffer (fresh entry objects each call).
 */
import type { WriteLog } from '../writelog.js';

/** See the module header. */
export interface PackedLog {
  readonly bytes: Uint8Array;
  /** Per entry: key offset, key length, value offset, value length (−1: a removal). */
  readonly at: Int32Array;
}

/** The empty log. */
export const EMPTY_PACKED_LOG: PackedLog = { bytes: new Uint8Array(0), at: new Int32Array(0) };

/** Pack `log` (its arrays may change afterwards; the packed copy does not). */
export function packLog(log: WriteLog): PackedLog {
  if (log.length === 0) return EMPTY_PACKED_LOG;
  let size = 0;
  for (const e of log) size += e.key.length + (e.value?.length ?? 0);
  const bytes = new Uint8Array(size);
  const at = new Int32Array(log.length * 4);
  let off = 0;
  for (let i = 0; i < log.length; i++) {
    const { key, value } = log[i]!;
    bytes.set(key, off);
    at[i * 4] = off;
    at[i * 4 + 1] = key.length;
    off += key.length;
    at[i * 4 + 2] = off;
    at[i * 4 + 3] = value === null ? -1 : value.length;
    if (value !== null) {
      bytes.set(value, off);
      off += value.length;
    }
  }
  return { bytes, at };
}

/** The entries of a packed log, as views into its buffer. */
export function unpackLog(p: PackedLog): WriteLog {
  const { bytes, at } = p;
  const log: WriteLog = [];
  for (let i = 0; i < at.length; i += 4) {
    const vLen = at[i + 3]!;
    log.push({
      key: bytes.subarray(at[i]!, at[i]! + at[i + 1]!),
      value: vLen < 0 ? null : bytes.subarray(at[i + 2]!, at[i + 2]! + vLen),
    });
  }
  return log;
}
