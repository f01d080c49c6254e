/**
 * A {@link CommitSink} that holds each commit's record until {@link GatedSink.release}: the UED
 * worker on the compact store first makes the height's outcome durable (ued-outcome-log.ts), then
 * hands the state log the record, so the log never reaches a height whose outcome a crash lost.
 * The tree's commit waits only for the previous record, released before that height was posted.
 */
import type { CommitSink, WriteLog } from '../mkvs/index.js';
import { DomainsError } from './errors.js';

/** See the module header. */
export class GatedSink implements CommitSink {
  #held: { go: () => void; drop: () => void } | undefined;

  constructor(private readonly inner: CommitSink) {}

  append(version: bigint, root: Uint8Array, log: WriteLog, ns?: Uint8Array): Promise<void> {
    if (this.#held !== undefined) {
      throw new DomainsError(
        DomainsError.UED_STORE,
        `UED commit ${version} before the previous was released`,
      );
    }
    return new Promise<void>((resolve, reject) => {
      const go = () => {
        try {
          this.inner.append(version, root, log, ns).then(resolve, reject);
        } catch (e) {
          reject(e);
        }
      };
      this.#held = { go, drop: () => resolve() };
    });
  }

  /** Hand the held record (if any) to the log; its failure surfaces on the tree's flush. */
  release(): void {
    const h = this.#held;
    this.#held = undefined;
    h?.go();
  }

  /**
   * Never write the held record (closing after a height that was executed but not posted: it
   * is lost as if the worker had crashed, and executed again after the restart).
   */
  drop(): void {
    const h = this.#held;
    this.#held = undefined;
    h?.drop();
  }
}
