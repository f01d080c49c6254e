/**
 * RHP framing (spec/oasis.md §9): a u32 big-endian length, then that many bytes holding exactly
 * one canonical CBOR message. The reader accepts input in arbitrary chunks and refuses an
 * oversized length as soon as the 4-byte prefix is seen, so a hostile peer cannot make it buffer
 * a large body.
 */
import { RhpError } from './errors.js';

/** Largest frame body accepted or sent (16 MiB, the figure Oasis documents). */
export const MAX_FRAME_SIZE = 16 * 1024 * 1024;

/** Prefix `body` with its u32 big-endian length. */
export function encodeFrame(body: Uint8Array, maxSize: number = MAX_FRAME_SIZE): Uint8Array {
  if (body.length > maxSize) {
    throw new RhpError(RhpError.FRAME_TOO_LARGE, `frame of ${body.length} bytes exceeds ${maxSize}`);
  }
  const out = new Uint8Array(4 + body.length);
  new DataView(out.buffer).setUint32(0, body.length, false);
  out.set(body, 4);
  return out;
}

/** Splits a byte stream into frame bodies; one reader per stream. */
export class FrameReader {
  private chunks: Uint8Array[] = [];
  private buffered = 0;
  /** Body length of the frame being read, once its prefix is complete. */
  private want = -1;

  constructor(private readonly maxSize: number = MAX_FRAME_SIZE) {}

  /** Bytes received and not yet returned as a frame. */
  get pending(): number {
    return this.buffered;
  }

  /**
   * Add a chunk; returns every frame body it completes, in order. Throws
   * {@link RhpError.FRAME_TOO_LARGE} as soon as a prefix announces too large a body.
   */
  push(chunk: Uint8Array): Uint8Array[] {
    if (chunk.length > 0) {
      this.chunks.push(chunk);
      this.buffered += chunk.length;
    }
    const out: Uint8Array[] = [];
    for (;;) {
      if (this.want < 0) {
        if (this.buffered < 4) break;
        const len = new DataView(this.take(4).buffer).getUint32(0, false);
        if (len > this.maxSize) {
          throw new RhpError(RhpError.FRAME_TOO_LARGE, `frame length ${len} exceeds ${this.maxSize}`, {
            length: len,
          });
        }
        this.want = len;
      }
      if (this.buffered < this.want) break;
      out.push(this.take(this.want));
      this.want = -1;
    }
    return out;
  }

  /** Call at end of stream: throws {@link RhpError.FRAME_TRUNCATED} if a frame is incomplete. */
  finish(): void {
    if (this.buffered > 0 || this.want >= 0) {
      throw new RhpError(RhpError.FRAME_TRUNCATED, `stream ended inside a frame (${this.buffered} bytes)`);
    }
  }

  /** Remove and return the first `n` buffered bytes as a fresh array. */
  private take(n: number): Uint8Array {
    const out = new Uint8Array(n);
    let off = 0;
    while (off < n) {
      const head = this.chunks[0]!;
      const k = Math.min(head.length, n - off);
      out.set(head.subarray(0, k), off);
      off += k;
      if (k === head.length) this.chunks.shift();
      else this.chunks[0] = head.subarray(k);
    }
    this.buffered -= n;
    return out;
  }
}
