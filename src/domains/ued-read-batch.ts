/**
 * Reads of committed UED values gathered over one event-loop turn and sent to the worker as one
 * message: mempool admission reads the fee payer's account once per new transaction, and the
 * transactions of one gossip message or API batch arrive together, so one round trip serves them
 * all. Each read gets its own outcome: one that failed in the worker fails only its callers.
 */
import { DomainsError } from './errors.js';

/** The worker's answer for one key: the value, null when absent, or the message of its failure. */
export type UedReadOutcome = Uint8Array | null | string;

/** Sends keys as one message; resolves with one outcome per key, in order. */
export type UedReadSend = (keys: Uint8Array[]) => Promise<UedReadOutcome[]>;

interface PendingRead {
  readonly key: Uint8Array;
  resolve(v: Uint8Array | null): void;
  reject(e: Error): void;
}

/** See the module header. */
export class UedReadBatcher {
  #pending: PendingRead[] = [];
  #scheduled = false;

  constructor(private readonly send: UedReadSend) {}

  /** Queue a read; it goes out with the others of this turn (or at the next {@link flush}). */
  get(key: Uint8Array): Promise<Uint8Array | null> {
    const p = new Promise<Uint8Array | null>((resolve, reject) =>
      this.#pending.push({ key, resolve, reject }),
    );
    if (!this.#scheduled) {
      this.#scheduled = true;
      setImmediate(() => this.flush());
    }
    return p;
  }

  /** Send the queued reads now (before a block is handed over, so they are answered before it). */
  flush(): void {
    this.#scheduled = false;
    const batch = this.#pending;
    if (batch.length === 0) return;
    this.#pending = [];
    let sent: Promise<UedReadOutcome[]>;
    try {
      sent = this.send(batch.map((r) => r.key));
    } catch (e) {
      sent = Promise.reject(e);
    }
    sent.then(
      (outcomes) => {
        for (const [i, r] of batch.entries()) settle(r, outcomes[i]);
      },
      (e: unknown) => {
        const err = e instanceof Error ? e : new DomainsError(DomainsError.WORKER_FAILED, String(e));
        for (const r of batch) r.reject(err);
      },
    );
  }
}

function settle(r: PendingRead, o: UedReadOutcome | undefined): void {
  if (o === null || o instanceof Uint8Array) r.resolve(o);
  else r.reject(new DomainsError(DomainsError.READ_FAILED, `UED read failed: ${String(o).slice(0, 500)}`));
}
