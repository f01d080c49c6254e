/**
 * Checksummed record framing shared by the write-ahead log and the sign-state file:
 * `u32be(length) ‖ u32be(masked CRC-32(payload)) ‖ payload`. The checksum catches torn writes and bit
 * rot; it is not a security boundary (the files are local and trusted), so a CRC (as LevelDB and
 * CometBFT use for their logs) does the job at a fraction of a cryptographic hash's cost: every
 * consensus input passes through here.
 */
import { crc32 } from 'node:zlib';
import { bytesEqual, u32be } from '../../common/index.js';
import { allocBytes } from './byte-slab.js';
import { BftError } from './errors.js';

/** Bytes before the payload: the length and the checksum. */
export const FRAME_HEADER_BYTES = 8;

/** Largest record a log accepts unless configured otherwise (4 MiB). */
export const DEFAULT_MAX_RECORD_BYTES = 4 * 1024 * 1024;

/** The 4-byte checksum of a payload. */
export function frameChecksum(payload: Uint8Array): Uint8Array {
  return u32be(maskedCrc(payload));
}

function maskedCrc(payload: Uint8Array): number {
  // Masked as LevelDB masks its CRCs: a plain CRC-32 of an empty payload is 0, so a zero-filled
  // region (a common shape of a torn write) would otherwise read as valid empty records.
  const c = crc32(payload);
  return (((c >>> 15) | (c << 17)) + 0xa282ead8) >>> 0;
}

/** Frame one record; refuses payloads longer than `maxRecordBytes`. */
export function encodeFrame(payload: Uint8Array, maxRecordBytes: number): Uint8Array {
  if (payload.length > maxRecordBytes) {
    throw new BftError(
      BftError.WAL_RECORD_TOO_LARGE,
      `record of ${payload.length} bytes exceeds the ${maxRecordBytes}-byte limit`,
      { length: payload.length, maxRecordBytes },
    );
  }
  const out = allocBytes(FRAME_HEADER_BYTES + payload.length);
  const n = payload.length;
  const c = maskedCrc(payload);
  out[0] = n >>> 24;
  out[1] = (n >>> 16) & 0xff;
  out[2] = (n >>> 8) & 0xff;
  out[3] = n & 0xff;
  out[4] = c >>> 24;
  out[5] = (c >>> 16) & 0xff;
  out[6] = (c >>> 8) & 0xff;
  out[7] = c & 0xff;
  out.set(payload, FRAME_HEADER_BYTES);
  return out;
}

/**
 * The checksum field of a cut frame: a frame of length 0 whose checksum field holds this value
 * (never the checksum of an empty payload, 0xa282ead8, nor zero) marks a checkpoint in a log; the
 * records before it are no longer replayed (wal.ts). Only a log writes it; no payload encodes to it.
 */
const CUT_CHECKSUM = 0x57435554; // "WCUT"

/** The 8-byte cut frame (see {@link isCutFrame}). */
export function cutFrame(): Uint8Array {
  const out = new Uint8Array(FRAME_HEADER_BYTES);
  new DataView(out.buffer).setUint32(4, CUT_CHECKSUM);
  return out;
}

/** True when the frame header at `off` (8 bytes present) is a cut frame. */
export function isCutFrame(buf: Uint8Array, off: number): boolean {
  const v = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  return v.getUint32(off) === 0 && v.getUint32(off + 4) === CUT_CHECKSUM;
}

/** The length field of the frame starting at `off` (the caller checks 8 header bytes exist). */
export function frameLength(buf: Uint8Array, off: number): number {
  return new DataView(buf.buffer, buf.byteOffset, buf.byteLength).getUint32(off);
}

/** True when the checksum stored in the header at `off` matches `payload`. */
export function checksumMatches(buf: Uint8Array, off: number, payload: Uint8Array): boolean {
  return bytesEqual(buf.subarray(off + 4, off + FRAME_HEADER_BYTES), frameChecksum(payload));
}

/** Validate a configured record limit (a positive integer no larger than a u32 length can say). */
export function checkMaxRecordBytes(n: number | undefined): number {
  const max = n ?? DEFAULT_MAX_RECORD_BYTES;
  if (!Number.isSafeInteger(max) || max < 0 || max > 0xffffffff) {
    throw new BftError(BftError.WAL_RECORD_TOO_LARGE, `invalid maxRecordBytes ${String(n)}`);
  }
  return max;
}
