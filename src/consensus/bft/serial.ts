/**
 * Runs async tasks one after another in call order. The mempool's state changes around awaited
 * `checkTx` calls; serializing them keeps every admission and every post-block re-check atomic
 * (as CometBFT does by locking the mempool during update) and the outcome independent of timing.
 */
export class Serial {
  private tail: Promise<unknown> = Promise.resolve();

  /** Run `task` after every task queued before it; its result or rejection is passed through. */
  run<T>(task: () => Promise<T>): Promise<T> {
    const result = this.tail.then(task);
    // The chain must continue whether the task fails or not.
    this.tail = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  }
}
