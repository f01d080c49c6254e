/**
 * Framing of the direct push streams (push.ts): a long-lived stream carries any number of frames,
 * each a u32 big-endian length followed by that many bytes. The reader checks every length against
 * its limit as soon as the 4 header bytes are in, so an oversized frame is refused before its body
 * is buffered; a stream that ends inside a frame is malformed. The writer side is a bounded queue
 * that hands the stream everything queued since its last pull as one chunk, so a burst of frames
 * costs one muxer frame, one encryption and one socket write.
 */
import { concatAll } from '../common/index.js';
import { P2pError } from './errors.js';
import type { Chunk } from './frame.js';

const HEADER = 4;

/** Reads frames one after another from a stream. */
export async function* readFrames(source: AsyncIterable<Chunk>, max: number): AsyncGenerator<Uint8Array> {
  const head = new Uint8Array(HEADER);
  let have = 0;
  let body: Uint8Array | undefined;
  for await (const c of source) {
    const chunk = c instanceof Uint8Array ? c : c.subarray();
    let off = 0;
    while (off < chunk.length) {
      if (body === undefined) {
        const n = Math.min(HEADER - have, chunk.length - off);
        head.set(chunk.subarray(off, off + n), have);
        have += n;
        off += n;
        if (have < HEADER) break;
        const len = new DataView(head.buffer).getUint32(0);
        if (len > max) throw new P2pError(P2pError.OVERSIZED, `push frame of ${len} bytes exceeds ${max}`);
        body = new Uint8Array(len);
        have = 0;
      }
      const n = Math.min(body.length - have, chunk.length - off);
      body.set(chunk.subarray(off, off + n), have);
      have += n;
      off += n;
      if (have === body.length) {
        yield body;
        body = undefined;
        have = 0;
      }
    }
  }
  if (body !== undefined || have > 0)
    throw new P2pError(P2pError.MALFORMED, 'push stream ended inside a frame');
}

/**
 * Frames waiting for one outbound stream, at most `maxBytes` of them: a peer that does not read
 * cannot make its sender buffer without bound (the sender drops the stream instead).
 */
export class FrameQueue implements AsyncIterable<Uint8Array> {
  private pending: Uint8Array[] = [];
  private bytes = 0;
  private closed = false;
  private wake: (() => void) | undefined;

  constructor(private readonly maxBytes: number) {}

  /** Queue one frame; false (nothing queued) when the queue is closed or would exceed its bound. */
  push(data: Uint8Array): boolean {
    if (this.closed || this.bytes + HEADER + data.length > this.maxBytes) return false;
    const h = new Uint8Array(HEADER);
    new DataView(h.buffer).setUint32(0, data.length);
    this.pending.push(h, data);
    this.bytes += HEADER + data.length;
    this.wake?.();
    return true;
  }

  /** End the stream after the frames already queued. */
  close(): void {
    this.closed = true;
    this.wake?.();
  }

  async *[Symbol.asyncIterator](): AsyncIterator<Uint8Array> {
    for (;;) {
      if (this.pending.length === 0) {
        if (this.closed) return;
        await new Promise<void>((r) => {
          this.wake = r;
        });
        this.wake = undefined;
        continue;
      }
      const parts = this.pending;
      this.pending = [];
      this.bytes = 0;
      yield concatAll(parts);
    }
  }
}
