/**
 * Writes the state log's operations to LevelDB in the order they were queued, as synced batches.
 * One batch is in flight at a time and everything queued meanwhile goes into the next one (a
 * group commit, closed at {@link GROUP_BYTES} so a snapshot's chunks are not one huge batch):
 * LevelDB may apply two concurrent writes in either order, and a later version
 * durable without an earlier one would leave a gap that restore must refuse. The first failure
 * is sticky: nothing queued after it is written (it would land after a hole), and every later
 * write or wait throws STATE_LOG_WRITE until the store is reopened.
 */
import type { ClassicLevel } from 'classic-level';
import { MkvsError } from '../errors.js';

/** One LevelDB operation. */
export type LogOp = { type: 'put'; key: Uint8Array; value: Uint8Array } | { type: 'del'; key: Uint8Array };

/** A group takes no more operations once its values pass this many bytes. */
const GROUP_BYTES = 8 * 1024 * 1024;

interface Group {
  ops: LogOp[];
  bytes: number;
  done: Promise<void>;
  resolve(): void;
  reject(e: Error): void;
}

function newGroup(): Group {
  let resolve!: () => void;
  let reject!: (e: Error) => void;
  const done = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  // Callers may drop the promise (a failure also surfaces on their next call), so a rejection
  // nobody awaits must not end the process.
  done.catch(() => {});
  return { ops: [], bytes: 0, done, resolve, reject };
}

/** See the module header. */
export class SerialWriter {
  /** Groups not yet handed to LevelDB, in order; only the last one takes new operations. */
  private readonly queued: Group[] = [];
  private running: Promise<void> | undefined;
  private failure: MkvsError | undefined;

  constructor(private readonly db: ClassicLevel<Uint8Array, Uint8Array>) {}

  /** Throw STATE_LOG_WRITE when an earlier write failed. */
  check(): void {
    if (this.failure) throw this.failure;
  }

  /**
   * Queue `ops` after everything queued before; resolves once they are durable. With no ops it
   * is a barrier: it resolves once everything queued before is durable.
   */
  write(ops: readonly LogOp[]): Promise<void> {
    this.check();
    let g = this.queued.at(-1);
    if (g === undefined || g.bytes >= GROUP_BYTES) {
      g = newGroup();
      this.queued.push(g);
    }
    for (const op of ops) {
      g.ops.push(op);
      g.bytes += op.key.length + (op.type === 'put' ? op.value.length : 0);
    }
    this.running ??= this.drain();
    return g.done;
  }

  /** Resolves when nothing is queued or in flight; throws when any write failed. */
  async idle(): Promise<void> {
    while (this.running) await this.running;
    this.check();
  }

  private async drain(): Promise<void> {
    // Start on a later microtask: `running` is set before this can finish, and the writes queued
    // in the same tick join the first batch.
    await undefined;
    for (let g = this.queued.shift(); g !== undefined; g = this.queued.shift()) {
      if (this.failure) {
        g.reject(this.failure);
        continue;
      }
      try {
        if (g.ops.length > 0) await this.db.batch(g.ops, { sync: true });
        g.resolve();
      } catch (e) {
        this.failure = new MkvsError(
          MkvsError.STATE_LOG_WRITE,
          `state log write failed (reopen the store): ${(e as Error).message}`,
        );
        g.reject(this.failure);
      }
    }
    this.running = undefined;
  }
}
