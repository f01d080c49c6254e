/**
 * The in-memory write-ahead log for the simulator. "Durable" means surviving
 * {@link MemoryWal.crashCopy}, which hands the restarted node the log a crash would leave. Records
 * are kept framed and replayed through the same decoder as the file log, so torn tails take the
 * same path in simulation as on disk.
 */
import { concatBytes } from '../../common/index.js';
import { BftError } from './errors.js';
import { checkMaxRecordBytes, encodeFrame } from './frame.js';
import { decodeLog, type Wal } from './wal.js';

/** Options of {@link MemoryWal}. */
export interface MemoryWalOptions {
  /** Largest record accepted on append and on replay (default 4 MiB). */
  maxRecordBytes?: number;
}

/** A {@link Wal} held in memory. */
export class MemoryWal implements Wal {
  private readonly max: number;
  private frames: Uint8Array[] = [];
  /** A partial frame left by a simulated crash mid-append; dropped by the next replay. */
  private torn: Uint8Array | undefined;
  private closed = false;

  constructor(opts: MemoryWalOptions = {}) {
    this.max = checkMaxRecordBytes(opts.maxRecordBytes);
  }

  append(record: Uint8Array): void {
    this.live();
    // A torn frame cannot stay in front of a new record, just as FileWal truncates it on open.
    if (this.torn) this.replay();
    this.frames.push(encodeFrame(record, this.max));
  }

  replay(): Uint8Array[] {
    this.live();
    const image = concatBytes(...this.frames, this.torn ?? new Uint8Array(0));
    const { records } = decodeLog(image, this.max);
    this.torn = undefined;
    return records;
  }

  checkpoint(seed: readonly Uint8Array[] = []): void {
    this.live();
    const frames = seed.map((r) => encodeFrame(r, this.max));
    this.frames = frames;
    this.torn = undefined;
  }

  close(): void {
    this.closed = true;
  }

  /**
   * The log a crash at this moment would leave, as a fresh open instance (this one is left as
   * is). With `tornTail`, the crash hit during the last append: that record is left as half a
   * frame, which replay ignores, so it is lost as an unacknowledged append would be.
   */
  crashCopy(tornTail = false): MemoryWal {
    const copy = new MemoryWal({ maxRecordBytes: this.max });
    copy.frames = this.frames.slice(); // frames are never mutated, so sharing them is safe
    copy.torn = this.torn;
    if (tornTail && copy.frames.length > 0) {
      const last = copy.frames.pop()!;
      copy.torn = last.subarray(0, last.length >> 1);
    }
    return copy;
  }

  private live(): void {
    if (this.closed) throw new BftError(BftError.STORE_CLOSED, 'write-ahead log is closed');
  }
}
