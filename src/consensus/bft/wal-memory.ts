/**
 * The in-memory write-ahead log for the simulator. "Durable" means surviving
 * {@link MemoryWal.crashCopy}, which hands the restarted node the log a crash would leave: a
 * process crash keeps every record, synced or only written; a power loss only the synced ones. Records
 * are kept framed and replayed through the same decoder as the file log, so torn tails take the
 * same path in simulation as on disk.
 */
import { concatAll } from '../../common/index.js';
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
  /** How many of `frames` are synced (survive a power loss). */
  private synced = 0;
  /** A partial frame left by a simulated crash mid-append; dropped by the next replay. */
  private torn: Uint8Array | undefined;
  private closed = false;

  constructor(opts: MemoryWalOptions = {}) {
    this.max = checkMaxRecordBytes(opts.maxRecordBytes);
  }

  append(record: Uint8Array): void {
    this.write(record);
    this.sync();
  }

  write(record: Uint8Array): void {
    this.live();
    // A torn frame cannot stay in front of a new record, just as FileWal truncates it on open.
    if (this.torn) this.replay();
    this.frames.push(encodeFrame(record, this.max));
  }

  sync(): void {
    this.live();
    this.synced = this.frames.length;
  }

  replay(): Uint8Array[] {
    this.live();
    const image = concatAll(this.torn === undefined ? this.frames : [...this.frames, this.torn]);
    const { records } = decodeLog(image, this.max);
    this.torn = undefined;
    return records;
  }

  checkpoint(seed: readonly Uint8Array[] = []): void {
    this.live();
    const frames = seed.map((r) => encodeFrame(r, this.max));
    this.frames = frames;
    this.synced = frames.length;
    this.torn = undefined;
  }

  close(): void {
    this.closed = true;
  }

  /**
   * The log a crash at this moment would leave, as a fresh open instance (this one is left as
   * is). With `tornTail`, the crash hit during the last append: that record is left as half a
   * frame, which replay ignores, so it is lost as an unacknowledged append would be. With
   * `powerLoss`, records written but not yet synced are lost as well (a process crash keeps them).
   */
  crashCopy(tornTail = false, powerLoss = false): MemoryWal {
    const copy = new MemoryWal({ maxRecordBytes: this.max });
    // Frames are never mutated, so sharing them is safe.
    copy.frames = powerLoss ? this.frames.slice(0, this.synced) : this.frames.slice();
    copy.synced = copy.frames.length;
    copy.torn = powerLoss && this.synced < this.frames.length ? undefined : this.torn;
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
