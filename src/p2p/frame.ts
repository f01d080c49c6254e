/**
 * Request/response framing: exactly one frame per direction, a u32 big-endian length followed by
 * that many bytes. The reader checks the length against its limit as soon as the 4 header bytes
 * are in, so an oversized frame is refused before its body is buffered; a stream that ends early
 * or carries bytes after the frame is malformed.
 */
import { P2pError } from './errors.js';

const HEADER = 4;

/** The frame of `data` as two chunks (header, body), ready for a stream sink. */
export function encodeFrame(data: Uint8Array): Uint8Array[] {
  const h = new Uint8Array(HEADER);
  new DataView(h.buffer).setUint32(0, data.length);
  return [h, data];
}

/** A chunk as the stream gives it: a plain array or a list of arrays (libp2p's Uint8ArrayList). */
export type Chunk = Uint8Array | { subarray(): Uint8Array };

/** Read exactly one frame of at most `max` body bytes from `source`, which must then end. */
export async function readFrame(source: AsyncIterable<Chunk>, max: number): Promise<Uint8Array> {
  const head = new Uint8Array(HEADER);
  let have = 0;
  let body: Uint8Array | undefined;
  let len = 0;
  for await (const c of source) {
    const chunk = c instanceof Uint8Array ? c : c.subarray();
    let off = 0;
    if (body === undefined) {
      const n = Math.min(HEADER - have, chunk.length);
      head.set(chunk.subarray(0, n), have);
      have += n;
      off = n;
      if (have < HEADER) continue;
      len = new DataView(head.buffer).getUint32(0);
      if (len > max) throw new P2pError(P2pError.OVERSIZED, `frame of ${len} bytes exceeds ${max}`);
      body = new Uint8Array(len);
      have = 0;
    }
    const rest = chunk.length - off;
    if (have + rest > len) throw new P2pError(P2pError.MALFORMED, 'bytes after the frame');
    body.set(chunk.subarray(off), have);
    have += rest;
  }
  if (body === undefined || have < len) throw new P2pError(P2pError.MALFORMED, 'stream ended inside a frame');
  return body;
}
