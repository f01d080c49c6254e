/**
 * The driver's serial input queue: every input (start-up recovery, a peer's message, a timer)
 * runs alone and in arrival order, so the engine sees one at a time and a run is reproducible.
 * Once stopped, queued inputs are skipped.
 */
export class InputQueue {
  private tail: Promise<void> = Promise.resolve();
  /** Inputs pushed and not yet finished. */
  private queued = 0;
  private stoppedFlag = false;

  /** True once {@link stop} was called. */
  get stopped(): boolean {
    return this.stoppedFlag;
  }

  /** Run `f` after everything queued before it (also after a failure of those). */
  push(f: () => Promise<void>): Promise<void> {
    const run = async () => {
      try {
        if (!this.stoppedFlag) await f();
      } finally {
        this.queued--;
      }
    };
    // With nothing queued the input starts at once (in the simulator, and for most messages of a
    // node): chaining it behind the settled tail would only add a promise and a turn per input.
    const idle = this.queued === 0;
    this.queued++;
    this.tail = idle ? run() : this.tail.then(run, run);
    return this.tail;
  }

  /** Skip whatever is queued or queued later. */
  stop(): void {
    this.stoppedFlag = true;
  }

  /** Stop, then wait for the input being handled to finish. */
  async close(): Promise<void> {
    this.stoppedFlag = true;
    await this.tail.catch(() => {});
  }
}
