/**
 * What the pool knows of each sender's next executable nonce: the highest of what `checkTx`
 * reported and one past each of the sender's transactions seen committed. Kept apart from the
 * sender queues because a queue disappears when it empties, while the knowledge is what lets the
 * sender's next transaction be reaped at once even when the application's view lags the chain
 * (an asynchronously executed domain, APE-21). Bounded: the least recently raised sender is
 * forgotten first, which only costs a wait for the application's view to catch up.
 */
export class SenderNonces {
  private readonly known = new Map<string, bigint>();

  constructor(readonly capacity: number) {}

  /** The next nonce known for `sender`, if any. */
  get(sender: string): bigint | undefined {
    return this.known.get(sender);
  }

  /** Raise `sender`'s next nonce to `next` (never lowers it); returns the value now known. */
  raise(sender: string, next: bigint): bigint {
    const old = this.known.get(sender);
    if (old !== undefined && old >= next) return old;
    this.known.delete(sender);
    this.known.set(sender, next);
    if (this.known.size > this.capacity) this.known.delete(this.known.keys().next().value as string);
    return next;
  }

  /** Senders remembered (at most `capacity`). */
  get size(): number {
    return this.known.size;
  }
}
