/**
 * The consensus app's resume record, saved off the event loop. The app saves it at every commit
 * and every UED outcome; a synchronous write and sync each time held the event loop for a disk
 * sync twice per height. Here a save only takes the record: the newest one is written to the
 * two-slot file by libuv's thread pool, one write at a time, and saves made while a write runs
 * collapse into the newest.
 *
 * Why the record may lag the trees and the consensus state: the node databases keep every
 * committed root (nothing prunes them), so an older record still names roots that exist; at
 * start the driver's handshake replays the stored blocks the app lacks and the UED executes the
 * heights it lacks again (app-start.ts), onto the same roots. So a crash that loses the newest
 * record costs a replay, never a wrong state. The last-signed record and the consensus state keep
 * their synchronous saves. A failed write fails the next save (and the close): the node stops
 * rather than run on with a record it cannot keep.
 */
import { copyBytes, type Logger, nullLogger } from '../common/index.js';
import type { SlotFileStore } from '../consensus/bft/index.js';
import type { AppRecordStore } from '../domains/index.js';
import { NodeError } from './errors.js';

/** See the module header. */
export class BackgroundRecordStore implements AppRecordStore {
  #latest: Uint8Array | undefined;
  #queued: Uint8Array | undefined;
  #running: Promise<void> | undefined;
  #failure: NodeError | undefined;
  /** Records written to the file (a test and metrics figure). */
  writes = 0;

  constructor(
    private readonly file: SlotFileStore,
    private readonly log: Logger = nullLogger,
  ) {}

  /** The newest record saved (written or not yet), else the file's. */
  load(): Uint8Array | undefined {
    return this.#latest === undefined ? this.file.load() : copyBytes(this.#latest);
  }

  /** Take the record; it is written in the background. Throws the failure of an earlier write. */
  save(record: Uint8Array): void {
    if (this.#failure !== undefined) throw this.#failure;
    this.#latest = copyBytes(record);
    this.#queued = this.#latest;
    this.#running ??= this.#drain();
  }

  /** Resolves once every record taken so far is written; rejects with a write's failure. */
  async flush(): Promise<void> {
    while (this.#running !== undefined) await this.#running;
    if (this.#failure !== undefined) throw this.#failure;
  }

  /** Flush, then close the file. */
  async close(): Promise<void> {
    try {
      await this.flush();
    } finally {
      this.file.close();
    }
  }

  async #drain(): Promise<void> {
    while (this.#queued !== undefined) {
      const r = this.#queued;
      this.#queued = undefined;
      try {
        await this.file.saveAsync(r);
        this.writes++;
      } catch (e) {
        const msg = e instanceof Error ? e.message : String(e);
        this.#failure = new NodeError(NodeError.RECORD_IO, `app record write failed: ${msg}`);
        this.log.error({ reason: msg }, 'app record write failed');
        break;
      }
    }
    this.#running = undefined;
  }
}
