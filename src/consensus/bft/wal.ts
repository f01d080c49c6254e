/**
 * The write-ahead log the engine appends every input to before acting on it, and the decoder
 * both implementations replay with. Records are opaque bytes; the engine encodes them. Records
 * are either appended durably (synced before the call returns) or only written (in the log at
 * once, so a process crash keeps them, but durable against power loss only with the next durable
 * append or {@link Wal.sync}): the driver writes what peers send and syncs before its own
 * message leaves (see driver.ts).
 */
import { BftError } from './errors.js';
import { checksumMatches, FRAME_HEADER_BYTES, frameLength, isCutFrame } from './frame.js';

/** A durable, append-only log of opaque records, cut into segments by {@link Wal.checkpoint}. */
export interface Wal {
  /**
   * Append one record durably (written and fdatasync'd before returning); every record written
   * before it is durable too.
   */
  append(record: Uint8Array): void;
  /**
   * Append one record without waiting for the disk: later reads and a restart after a process
   * crash see it, a power loss may lose it (and only it and later unsynced records).
   */
  write(record: Uint8Array): void;
  /** Make every record written so far durable (nothing to do when all are). */
  sync(): void;
  /**
   * {@link sync} off the event loop: every record written before the call is durable when the
   * promise settles (one written while it runs waits for a later sync). No checkpoint or close
   * until it settles. Logs without it use `sync`.
   */
  syncAsync?(): Promise<void>;
  /**
   * All records since the last `checkpoint`, in order. A torn/partial final record (crash
   * mid-append) is ignored and truncated away; corruption before the tail is a coded error
   * (`BftError.WAL_CORRUPT`).
   */
  replay(): Uint8Array[];
  /**
   * Start a new segment at a height boundary: records before this are no longer replayed.
   * Crash-safe: a crash during the checkpoint leaves either the old or the new log. The optional
   * `seed` records open the new segment in the same atomic step (e.g. an "end of height h"
   * marker), so no crash can leave the new segment without them.
   */
  checkpoint(seed?: readonly Uint8Array[]): void;
  /** Release the log; later calls fail with `BftError.STORE_CLOSED`. Idempotent. */
  close(): void;
}

/** What {@link decodeLog} found: the intact records and how many bytes they span. */
export interface DecodedLog {
  records: Uint8Array[];
  /** Length of the intact prefix; anything after it is a torn tail to truncate. */
  validBytes: number;
}

/**
 * Decode a log image: the records after its last cut frame (frame.ts; a checkpoint that did not
 * rewrite the file), all of them when it has none. The tail is torn (ignored) when the final frame is incomplete, when the
 * final frame's checksum fails, or when everything from a bad frame on is zero (a filesystem can
 * extend a file with zeros before the data reaches disk; an all-zero header is never valid, as the
 * empty payload's checksum is not zero). Any other bad frame, or a length above
 * `maxRecordBytes`, is `WAL_CORRUPT`: records after it were acknowledged, so it is not a tail.
 */
export function decodeLog(buf: Uint8Array, maxRecordBytes: number): DecodedLog {
  const records: Uint8Array[] = [];
  let off = 0;
  while (off < buf.length) {
    if (buf.length - off < FRAME_HEADER_BYTES) break;
    const len = frameLength(buf, off);
    if (len > maxRecordBytes) {
      throw corrupt(`record length ${len} exceeds the ${maxRecordBytes}-byte limit`, off, records.length);
    }
    if (len === 0 && isCutFrame(buf, off)) {
      records.length = 0;
      off += FRAME_HEADER_BYTES;
      continue;
    }
    const end = off + FRAME_HEADER_BYTES + len;
    if (end > buf.length) break;
    const payload = buf.subarray(off + FRAME_HEADER_BYTES, end);
    if (!checksumMatches(buf, off, payload)) {
      if (end === buf.length || allZero(buf, off)) break;
      throw corrupt('record checksum mismatch before the tail', off, records.length);
    }
    records.push(payload.slice());
    off = end;
  }
  return { records, validBytes: off };
}

function allZero(buf: Uint8Array, from: number): boolean {
  for (let i = from; i < buf.length; i++) if (buf[i] !== 0) return false;
  return true;
}

function corrupt(why: string, offset: number, index: number): BftError {
  return new BftError(BftError.WAL_CORRUPT, `write-ahead log corrupt at byte ${offset}: ${why}`, {
    offset,
    index,
  });
}
